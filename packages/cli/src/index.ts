/**
 * `@sportello/cli`: the `sportello` command, and its parts for embedding and tests.
 *
 * @since 0.1.0
 */

/**
 * The `sportello` command and how to run it.
 *
 * @since 0.1.0
 */
export * as Cli from "./Cli.ts"

/**
 * Seeded traffic over simulated days, on the real engine.
 *
 * @since 0.1.0
 */
export * as Simulation from "./Simulation.ts"

/**
 * Tables, bar charts, CSV and progress bars for a terminal.
 *
 * @since 0.1.0
 */
export * as Render from "./Render.ts"

/**
 * The one place where the CLI chooses its storage.
 *
 * @since 0.1.0
 */
export * as Storage from "./Storage.ts"
