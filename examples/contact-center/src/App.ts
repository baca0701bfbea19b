/**
 * The Contact Center assembled: the engine on its ports (storage chosen in `Storage.ts`, the
 * development sink for mail and SMS), the web pages, the background timers and relay, and
 * demo tickets on a first start.
 */
import { NodeHttpServer } from "@effect/platform-node"
import {
  type AttachmentStore,
  Engine,
  LanguageDetector,
  type Mailer,
  type Outbox,
  type SmsGateway,
  TicketCodes,
  type TicketStore
} from "@sportello/core"
import { Context, Duration, Effect, Exit, Layer, type PlatformError, Scope } from "effect"
import { HttpRouter, HttpServer, type HttpServerError } from "effect/http"
import { createServer } from "node:http"
import type { AuditLog, Tokens } from "@sportello/http"
import * as Auth from "./Auth.ts"
import * as Background from "./Background.ts"
import * as Routes from "./Routes.ts"
import * as Seed from "./Seed.ts"
import * as Sink from "./Sink.ts"
import * as Storage from "./Storage.ts"

/** How to run it. */
export interface Options {
  /** The port to listen on; 0 picks a free one. Default 3000. */
  readonly port?: number | undefined
  /** The address to listen on. Default 127.0.0.1: this is a development server. */
  readonly host?: string | undefined
  readonly storage?: Storage.Options | undefined
  /** The demo operator's token; a random one when absent. */
  readonly demoToken?: string | undefined
  /** Seed demo tickets when the storage is empty. Default true. */
  readonly seed?: boolean | undefined
  /** How often timers fire and the outbox is delivered. Default 3 seconds. */
  readonly backgroundInterval?: Duration.Input | undefined
}

/** The services the application is made of. */
export type Services =
  | Engine.Engine
  | TicketStore.TicketStore
  | Outbox.Outbox
  | AttachmentStore.AttachmentStore
  | TicketCodes.TicketCodes
  | LanguageDetector.LanguageDetector
  | Sink.DevSink
  | Mailer.Mailer
  | SmsGateway.SmsGateway
  | Tokens.Tokens
  | AuditLog.AuditLog
  | Auth.Operators

/** The engine and everything it runs on, shared by the pages and the background work. */
export const services = (options: Options = {}): Layer.Layer<Services, Storage.OpenError> =>
  Engine.layer(Engine.departmentDefaults).pipe(
    Layer.provideMerge(Layer.mergeAll(Sink.layer, Auth.layer({ demoToken: options.demoToken }))),
    Layer.provideMerge(Layer.mergeAll(Storage.layer(options.storage), TicketCodes.layer, LanguageDetector.layer))
  )

/** The whole application: listening when built, stopped when its scope closes. */
export const layer = (
  options: Options = {}
): Layer.Layer<Services | HttpServer.HttpServer, HttpServerError.ServeError | PlatformError.PlatformError | Storage.OpenError> => {
  const server = HttpRouter.serve(Routes.layer, { disableLogger: true, disableListenLog: true }).pipe(
    Layer.provideMerge(NodeHttpServer.layer(createServer, { port: options.port ?? 3000, host: options.host ?? "127.0.0.1" }))
  )
  const seed = options.seed === false ? Layer.empty : Layer.effectDiscard(Seed.seedIfEmpty)
  return Layer.mergeAll(server.pipe(Layer.provide(seed)), Background.layer(options.backgroundInterval ?? Duration.seconds(3))).pipe(
    Layer.provideMerge(services(options))
  )
}

/** A running Contact Center. */
export interface Running {
  readonly url: string
  readonly demoToken: string
  readonly close: () => Promise<void>
}

/** What the start banner and the tests need from a built application. */
export const describe = (context: Context.Context<HttpServer.HttpServer | Auth.Operators>) => {
  const server = Context.get(context, HttpServer.HttpServer)
  return { url: HttpServer.formatAddress(server.address), demoToken: Context.get(context, Auth.Operators).demoToken }
}

/** Starts it (for tests and embedding); `close` stops it. */
export const start = async (options: Options = {}): Promise<Running> => {
  const scope = Scope.makeUnsafe()
  try {
    const context = await Effect.runPromise(Layer.buildWithScope(layer(options), scope))
    return { ...describe(context), close: () => Effect.runPromise(Scope.close(scope, Exit.void)) }
  } catch (error) {
    await Effect.runPromise(Scope.close(scope, Exit.void))
    throw error
  }
}
