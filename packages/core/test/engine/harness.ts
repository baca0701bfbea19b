/**
 * What the engine's service tests share: the in-memory ports, a fresh engine per test, and
 * requests as channel adapters would hand them over.
 */
import { Cause, Effect, Layer, Logger, References } from "effect"
import { AttachmentStore, Engine, LanguageDetector, type Outbox, TicketCodes, TicketStore } from "@sportello/core"

/** The in-memory ports and an engine with the Department's defaults; build it once per test. */
export const makeLayer = (
  options: { readonly language?: string; readonly seed?: number; readonly store?: Layer.Layer<TicketStore.TicketStore | Outbox.Outbox> } = {}
) =>
  Engine.layer().pipe(
    Layer.provideMerge(Layer.mergeAll(
      options.store ?? TicketStore.layerMemory,
      AttachmentStore.layerMemory(),
      TicketCodes.layerSeeded(options.seed ?? 11),
      LanguageDetector.layerTest({
        language: options.language ?? "it",
        reliable: true,
        scores: [{ language: options.language ?? "it", score: 1 }]
      })
    ))
  )

/** An ISO instant with its offset, as epoch milliseconds. */
export const at = (iso: string): number => Date.parse(iso)

let n = 0

/** A web-form submission by a citizen; `over` replaces parts of it. */
export const webForm = (over: {
  readonly firstName?: string
  readonly lastName?: string
  readonly contacts?: ReadonlyArray<unknown>
  readonly consent?: { readonly sms: boolean; readonly email: boolean }
  readonly content?: Record<string, unknown>
  readonly attachments?: ReadonlyArray<unknown>
  readonly idempotencyKey?: string
} = {}) => ({
  channel: "web-form",
  idempotencyKey: over.idempotencyKey ?? `form-${++n}`,
  requester: {
    kind: "citizen",
    identity: { _tag: "Person", firstName: over.firstName ?? "Maria", lastName: over.lastName ?? "Rossi" },
    contacts: over.contacts ?? [{ _tag: "Email", address: "maria.rossi@example.it" }],
    ...(over.consent === undefined ? {} : { consent: over.consent })
  },
  content: {
    kind: "information",
    subject: "Piano di emergenza comunale",
    text: "Vorrei sapere dove trovare il piano di emergenza del mio comune.",
    language: "it",
    ...over.content
  },
  attachments: over.attachments ?? []
})

/**
 * A logger that keeps every log line — message, annotations and cause — as JSON, so tests can
 * check that nothing personal is logged.
 */
export const captureLogs = () => {
  const lines: Array<string> = []
  const logger = Logger.make((options) => {
    lines.push(JSON.stringify({
      level: options.logLevel,
      message: options.message,
      annotations: options.fiber.getRef(References.CurrentLogAnnotations),
      cause: Cause.pretty(options.cause)
    }))
  })
  return { lines, layer: Logger.layer([logger]) }
}

/** Lets forked fibers run until `done` holds (a bounded number of turns, no clock involved). */
export const settle = <E, R>(done: Effect.Effect<boolean, E, R>): Effect.Effect<void, E | Error, R> =>
  Effect.gen(function*() {
    for (let turn = 0; turn < 10_000; turn++) {
      if (yield* done) return
      yield* Effect.yieldNow
    }
    return yield* Effect.fail(new Error("the background work did not finish"))
  })
