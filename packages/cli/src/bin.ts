#!/usr/bin/env node
/**
 * The `sportello` executable.
 *
 * @since 0.1.0
 */
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import * as Cli from "./Cli.ts"

NodeRuntime.runMain(Cli.main.pipe(Effect.provide(NodeServices.layer)))
