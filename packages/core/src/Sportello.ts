/**
 * The engine for embedders who do not use Effect: `createSportello(options)` builds the
 * engine on its ports (in memory unless other layers are given), runs it in a
 * `ManagedRuntime`, and answers with Promises.
 *
 * - A failure rejects with the engine's tagged error itself (`InvalidInput`,
 *   `TicketRefused`, `StatusNotFound`…): the same class, `_tag`, `message` and fields, so a
 *   caller can `switch (error._tag)`. {@link isFailure} tells such an error from a defect.
 * - A defect (a bug, a broken invariant) rejects with a plain `Error` whose `cause` is the
 *   defect.
 * - Listeners given to `subscribe` see every committed change, in commit order, before the
 *   Promise of the call that committed it resolves.
 *
 * @since 0.1.0
 */
import { Cause, Clock, Context, Effect, Exit, Layer, ManagedRuntime, Predicate, PubSub, Result, Schedule, Stream } from "effect"
import * as AttachmentStore from "./AttachmentStore.ts"
import type * as Calendar from "./Calendar.ts"
import type * as Channel from "./Channel.ts"
import { DeliveryError } from "./Delivery.ts"
import * as Engine from "./Engine.ts"
import type * as Inbound from "./Inbound.ts"
import * as LanguageDetector from "./LanguageDetector.ts"
import * as Mailer from "./Mailer.ts"
import * as Outbox from "./Outbox.ts"
import type * as Policy from "./Policy.ts"
import type * as Projection from "./Projection.ts"
import type * as RateLimiter from "./RateLimiter.ts"
import * as Relay from "./Relay.ts"
import * as SmsGateway from "./SmsGateway.ts"
import type * as Statistics from "./Statistics.ts"
import type * as StatusView from "./StatusView.ts"
import type * as Templates from "./Templates.ts"
import * as TicketCodes from "./TicketCodes.ts"
import type { TicketCommand } from "./TicketCommand.ts"
import * as TicketStore from "./TicketStore.ts"
import * as Timers from "./Timers.ts"

// -----------------------------------------------------------------------------
// Inputs and errors
// -----------------------------------------------------------------------------

/**
 * A request as a channel hands it over: `Inbound.Submission` in its plain-data form. It is
 * decoded by `submit`; whatever does not fit rejects with `InvalidInput`.
 *
 * @since 0.1.0
 * @category models
 */
export type SubmissionInput = typeof Inbound.Submission.Encoded

/**
 * An operator's or office's command, in its plain-data form (every `TicketCommand` but
 * `Receive`, which only intake issues).
 *
 * @since 0.1.0
 * @category models
 */
export type CommandInput = Exclude<typeof TicketCommand.Encoded, { readonly _tag: "Receive" }>

/**
 * A statistics query: the period of the reports, optionally a range of local dates of
 * receipt, and the instant of the report (now unless given).
 *
 * @since 0.1.0
 * @category models
 */
export type StatisticsQuery = Parameters<Engine.Service["statistics"]>[0]

/**
 * Why `submit` rejects.
 *
 * @since 0.1.0
 * @category errors
 */
export type SubmitError = Effect.Error<ReturnType<Engine.Service["submit"]>>

/**
 * Why `act` rejects.
 *
 * @since 0.1.0
 * @category errors
 */
export type ActError = Effect.Error<ReturnType<Engine.Service["act"]>>

/**
 * Why `lookup` rejects.
 *
 * @since 0.1.0
 * @category errors
 */
export type LookupError = Effect.Error<ReturnType<Engine.Service["lookup"]>>

/**
 * Why `details` rejects.
 *
 * @since 0.1.0
 * @category errors
 */
export type DetailsError = Effect.Error<ReturnType<Engine.Service["details"]>>

/**
 * Why `declareEmergency` and `endEmergency` reject.
 *
 * @since 0.1.0
 * @category errors
 */
export type EmergencyError = Effect.Error<ReturnType<Engine.Service["declareEmergency"]>>

/**
 * Every tagged error a call can reject with. Anything else a call rejects with is a defect.
 *
 * @since 0.1.0
 * @category errors
 */
export type Failure = SubmitError | ActError | LookupError | DetailsError | EmergencyError

const failureTags: ReadonlySet<string> = new Set<Failure["_tag"]>([
  "InvalidInput",
  "TicketNotFound",
  "StatusNotFound",
  "RateLimited",
  "TicketRefused",
  "VersionConflict",
  "StorageError",
  "CalendarConfigError"
])

/**
 * Whether a rejection is one of the engine's tagged errors (rather than a defect), so that
 * `switch (error._tag)` covers it.
 *
 * @since 0.1.0
 * @category guards
 */
export const isFailure = (u: unknown): u is Failure =>
  Predicate.hasProperty(u, "_tag") && typeof u._tag === "string" && failureTags.has(u._tag)

// -----------------------------------------------------------------------------
// Options
// -----------------------------------------------------------------------------

/**
 * Sends one e-mail or PEC message, for embedders who deliver mail with their own library.
 * Resolve with the provider's id; reject with a `Delivery.DeliveryError` to say why (an
 * `invalid-address` or `rejected` message is not retried), or with anything else to have
 * the message retried later.
 *
 * @since 0.1.0
 * @category models
 */
export type SendMail = (mail: Mailer.Mail) => Promise<Omit<Mailer.Receipt, "acceptedAt"> & { readonly acceptedAt?: number }>

/**
 * Sends one SMS, as {@link SendMail} does for mail.
 *
 * @since 0.1.0
 * @category models
 */
export type SendSms = (sms: SmsGateway.Sms) => Promise<{ readonly providerId: string; readonly acceptedAt?: number }>

/**
 * How to build the engine. Every part is optional: the defaults are the Department's
 * configuration (`Engine.departmentDefaults`) on in-memory storage, cryptographic ticket
 * codes and the `eld` language detector, with no outbound channel (messages stay in the
 * outbox until `deliver` has a mailer or gateway to use).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The service calendar. */
  readonly calendar?: Calendar.Calendar
  /** The policy book: terms, routing, intake rules, with effective dates. */
  readonly policies?: Policy.Book
  /** The channels requests come from. */
  readonly channels?: Channel.Registry
  /** The texts of acknowledgements, answers, notices and warnings. */
  readonly templates?: Templates.TemplateSet
  /** Who gets staff warnings. */
  readonly staff?: Engine.Staff
  /** Public status lookups allowed per client. */
  readonly lookupLimit?: RateLimiter.Options
  /** The web address of the public status page, written in acknowledgements. */
  readonly statusPageUrl?: string
  /** Where tickets and the outbox are kept (e.g. `@sportello/storage-postgres`); in memory by default. */
  readonly storage?: Layer.Layer<TicketStore.TicketStore | Outbox.Outbox, unknown>
  /** Where attachments' bytes are kept; in memory by default. */
  readonly attachments?: Layer.Layer<AttachmentStore.AttachmentStore, unknown>
  /** Where ticket codes come from; the platform's cryptographic random source by default. */
  readonly codes?: Layer.Layer<TicketCodes.TicketCodes, unknown>
  /** The language detector; `eld` by default. */
  readonly languageDetector?: Layer.Layer<LanguageDetector.LanguageDetector, unknown>
  /** How e-mail and PEC leave: a `Mailer` layer or a function. */
  readonly mailer?: Layer.Layer<Mailer.Mailer, unknown> | SendMail
  /** How SMS leave: an `SmsGateway` layer or a function. */
  readonly sms?: Layer.Layer<SmsGateway.SmsGateway, unknown> | SendSms
  /** The current time in epoch milliseconds (`Date.now` by default): for simulations and tests. */
  readonly now?: () => number
  /**
   * Fire due timers and deliver due messages every `intervalMs` in the background, from
   * creation until `close()`. Without it, call `runTimers` and `deliver` yourself.
   */
  readonly background?: { readonly intervalMs: number }
  /** Errors of the background work and of listeners (by default printed with `console.error`). */
  readonly onError?: (error: unknown) => void
}

// -----------------------------------------------------------------------------
// The instance
// -----------------------------------------------------------------------------

/**
 * A change that was committed: the ticket's code, its version after the change, the events.
 *
 * @since 0.1.0
 * @category models
 */
export type Change = Engine.Change

/**
 * A running engine, answering with Promises.
 *
 * @since 0.1.0
 * @category models
 */
export interface Sportello {
  /** Intake from any channel: decodes, screens, registers, acknowledges, routes — idempotently. */
  readonly submit: (input: SubmissionInput) => Promise<Engine.Submitted>
  /** The public status by code, rate-limited per client; the same `StatusNotFound` for unknown and malformed codes. */
  readonly lookup: (code: string, client: string) => Promise<StatusView.View>
  /** A ticket with its history, deadline and SLA status (operators). */
  readonly details: (code: string) => Promise<Engine.Details>
  /** An operator's or office's command on a ticket; resolves with the ticket after it. */
  readonly act: (code: string, command: CommandInput, options?: Engine.ActOptions) => Promise<Engine.Details>
  /** Open and suspended tickets, urgent first, then by due date. */
  readonly worklist: (query?: TicketStore.WorklistQuery) => Promise<ReadonlyArray<Projection.WorklistEntry>>
  /** Statistics reports. */
  readonly statistics: (query: StatisticsQuery) => Promise<ReadonlyArray<Statistics.Report>>
  /** The messages of the outbox with their delivery state, newest first. */
  readonly outbox: (filter?: Parameters<Outbox.Service["list"]>[0]) => Promise<ReadonlyArray<Outbox.Entry>>
  /** Declares an emergency period: round-the-clock service from `from`. */
  readonly declareEmergency: (period: Calendar.EmergencyInput) => Promise<Calendar.Calendar>
  /** Ends an open emergency period at `at` (ISO instant). */
  readonly endEmergency: (id: string, at: string) => Promise<Calendar.Calendar>
  /**
   * Calls `listener` with every change committed from now on, in commit order, before the
   * call that committed it resolves. Returns the function that stops it.
   */
  readonly subscribe: (listener: (change: Change) => void) => () => void
  /** Fires the timers due now: warnings, breaches, auto-closes. */
  readonly runTimers: (options?: { readonly limit?: number; readonly leaseMs?: number }) => Promise<Timers.Fired>
  /** Delivers the messages due now through the mailer and the SMS gateway. */
  readonly deliver: (options?: { readonly limit?: number; readonly leaseMs?: number; readonly retry?: Outbox.RetryPolicy }) => Promise<Relay.Delivered>
  /**
   * Stops the background work, waits for the calls in flight, and releases every resource
   * (connections of the storage layer, …). Later calls reject. Closing twice is harmless.
   */
  readonly close: () => Promise<void>
  /** `close`, for `await using sportello = await createSportello()`. */
  readonly [Symbol.asyncDispose]: () => Promise<void>
}

// -----------------------------------------------------------------------------
// Building
// -----------------------------------------------------------------------------

/** The facade's own subscription to the engine's changes. */
class Changes extends Context.Service<Changes, PubSub.Subscription<Engine.Change>>()("@sportello/core/Sportello/Changes") {}

type Services = Engine.Engine | TicketStore.TicketStore | Outbox.Outbox | Changes

const toDeliveryError = (error: unknown): DeliveryError =>
  error instanceof DeliveryError
    ? error
    : new DeliveryError({ reason: "unknown", message: error instanceof Error ? error.message : String(error) })

const accepted = <R extends { readonly acceptedAt?: number }>(receipt: R) =>
  Effect.map(Clock.currentTimeMillis, (now) => ({ ...receipt, acceptedAt: receipt.acceptedAt ?? now }))

const layerMailer = (mailer: Options["mailer"]): Layer.Layer<Mailer.Mailer, unknown> | Layer.Layer<never> =>
  mailer === undefined
    ? Layer.empty
    : typeof mailer !== "function"
    ? mailer
    : Layer.succeed(Mailer.Mailer, {
      send: (mail) => Effect.tryPromise({ try: () => mailer(mail), catch: toDeliveryError }).pipe(Effect.flatMap(accepted))
    })

const layerSms = (sms: Options["sms"]): Layer.Layer<SmsGateway.SmsGateway, unknown> | Layer.Layer<never> =>
  sms === undefined
    ? Layer.empty
    : typeof sms !== "function"
    ? sms
    : Layer.succeed(SmsGateway.SmsGateway, {
      send: (message) => Effect.tryPromise({ try: () => sms(message), catch: toDeliveryError }).pipe(Effect.flatMap(accepted)),
      reports: Stream.empty
    })

/** Effect's clock with the time read from `now`; sleeping stays real. */
const layerClock = (now: () => number) =>
  Layer.effect(
    Clock.Clock,
    Effect.map(Effect.service(Clock.Clock), (real): Clock.Clock => ({
      currentTimeMillisUnsafe: now,
      currentTimeMillis: Effect.sync(now),
      currentTimeNanosUnsafe: () => BigInt(Math.floor(now())) * 1_000_000n,
      currentTimeNanos: Effect.sync(() => BigInt(Math.floor(now())) * 1_000_000n),
      monotonicTimeNanosUnsafe: () => real.monotonicTimeNanosUnsafe(),
      monotonicTimeNanos: real.monotonicTimeNanos,
      sleep: (duration) => real.sleep(duration)
    }))
  )

const rejection = (cause: Cause.Cause<unknown>): unknown => {
  const failure = Cause.findError(cause)
  if (Result.isSuccess(failure)) return failure.success
  const defect = Cause.findDefect(cause)
  if (Result.isSuccess(defect)) {
    const d = defect.success
    const message = Predicate.hasProperty(d, "message") ? String(d.message) : String(d)
    return new Error(`Sportello: unexpected failure: ${message}`, { cause: d })
  }
  return new Error("Sportello: the call was interrupted because the engine is closing")
}

const closedError = () => new Error("Sportello: the engine is closed")

/**
 * Builds and starts an engine. Rejects if a layer cannot be built (e.g. the database cannot
 * be reached), after releasing whatever was already acquired.
 *
 * @example
 * ```ts no-run
 * import { createSportello } from "@sportello/core"
 *
 * const sportello = await createSportello({ background: { intervalMs: 30_000 } })
 * const { code } = await sportello.submit(request)
 * await sportello.close()
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const createSportello = async (options: Options = {}): Promise<Sportello> => {
  const onError = options.onError ?? ((error: unknown) => console.error("Sportello:", error))
  const listeners = new Set<{ readonly listener: (change: Change) => void }>()
  const dispatch = (changes: ReadonlyArray<Engine.Change>) => {
    for (const change of changes) {
      for (const entry of [...listeners]) {
        if (!listeners.has(entry)) continue
        try {
          entry.listener(change)
        } catch (error) {
          onError(error)
        }
      }
    }
  }
  // every change waiting in the subscription, handed to the listeners without waiting
  const drain = Effect.flatMap(
    Effect.service(Changes),
    (subscription) => Effect.flatMap(PubSub.takeUpTo(subscription, Infinity), (changes) => Effect.sync(() => dispatch(changes)))
  )

  const config: Engine.Config = {
    calendar: options.calendar ?? Engine.departmentDefaults.calendar,
    policies: options.policies ?? Engine.departmentDefaults.policies,
    channels: options.channels ?? Engine.departmentDefaults.channels,
    templates: options.templates ?? Engine.departmentDefaults.templates,
    staff: options.staff ?? Engine.departmentDefaults.staff,
    lookupLimit: options.lookupLimit ?? Engine.departmentDefaults.lookupLimit,
    ...(options.statusPageUrl === undefined ? {} : { statusPageUrl: options.statusPageUrl })
  }
  const ports = Layer.mergeAll(
    options.storage ?? TicketStore.layerMemory,
    options.attachments ?? AttachmentStore.layerMemory(),
    options.codes ?? TicketCodes.layer,
    options.languageDetector ?? LanguageDetector.layer,
    layerMailer(options.mailer),
    layerSms(options.sms)
  )
  const engine = Layer.effect(Changes, Effect.flatMap(Effect.service(Engine.Engine), (engine) => engine.subscribe)).pipe(
    Layer.provideMerge(Engine.layer(config)),
    Layer.provideMerge(ports)
  )
  const background = options.background
  const tick = Effect.gen(function*() {
    yield* Timers.runDue()
    yield* Relay.deliverDue()
  }).pipe(
    Effect.ensuring(drain),
    Effect.catchCause((cause) => Cause.hasInterruptsOnly(cause) ? Effect.interrupt : Effect.sync(() => onError(rejection(cause))))
  )
  const withBackground = background === undefined
    ? engine
    : Layer.effectDiscard(Effect.forkScoped(Effect.repeat(tick, Schedule.spaced(background.intervalMs)))).pipe(Layer.provideMerge(engine))
  const layer: Layer.Layer<Services, unknown> = options.now === undefined
    ? withBackground
    : withBackground.pipe(Layer.provideMerge(layerClock(options.now)))

  const runtime = ManagedRuntime.make(layer)
  const built = await Effect.runPromiseExit(runtime.contextEffect)
  if (Exit.isFailure(built)) {
    await runtime.dispose()
    throw rejection(built.cause)
  }

  let closing: Promise<void> | undefined
  const inFlight = new Set<Promise<unknown>>()
  const run = <A, E>(effect: Effect.Effect<A, E, Services>): Promise<A> => {
    if (closing !== undefined) return Promise.reject(closedError())
    const promise = runtime.runPromiseExit(Effect.ensuring(effect, drain)).then((exit) => {
      if (Exit.isSuccess(exit)) return exit.value
      throw rejection(exit.cause)
    })
    const settled = promise.then(() => undefined, () => undefined)
    inFlight.add(settled)
    void settled.then(() => inFlight.delete(settled))
    return promise
  }
  const withEngine = <A, E>(f: (engine: Engine.Service) => Effect.Effect<A, E, Services>) =>
    run(Effect.flatMap(Effect.service(Engine.Engine), f))

  const close = (): Promise<void> => {
    closing ??= Promise.allSettled([...inFlight]).then(() => runtime.dispose()).finally(() => listeners.clear())
    return closing
  }

  return {
    submit: (input) => withEngine((engine) => engine.submit(input)),
    lookup: (code, client) => withEngine((engine) => engine.lookup(code, client)),
    details: (code) => withEngine((engine) => engine.details(code)),
    act: (code, command, actOptions) => withEngine((engine) => engine.act(code, command, actOptions)),
    worklist: (query = {}) => withEngine((engine) => engine.worklist(query)),
    statistics: (query) => withEngine((engine) => engine.statistics(query)),
    outbox: (filter = {}) => run(Effect.flatMap(Effect.service(Outbox.Outbox), (outbox) => outbox.list(filter))),
    declareEmergency: (period) => withEngine((engine) => engine.declareEmergency(period)),
    endEmergency: (id, at) => withEngine((engine) => engine.endEmergency(id, at)),
    subscribe: (listener) => {
      if (closing !== undefined) return () => {}
      const entry = { listener }
      listeners.add(entry)
      return () => void listeners.delete(entry)
    },
    runTimers: (timerOptions) => run(Timers.runDue(timerOptions)),
    deliver: (relayOptions) => run(Relay.deliverDue(relayOptions)),
    close,
    [Symbol.asyncDispose]: close
  }
}
