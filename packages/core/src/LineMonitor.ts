/**
 * The toll-free line seen by the engine (R1, R20): it consumes the `Telephony` port's events.
 * A voicemail becomes a request on the `voicemail` channel (idempotency key: the call id), so
 * every message left at night or while all operators were busy is a ticket the desk calls
 * back. Call events feed the line's figures per local hour — calls offered, answered,
 * abandoned, sent to voicemail, waits — against the charter's capacity of 100 calls an hour.
 *
 * Time comes from the events, never from the clock: figures describe when calls happened,
 * however late the events arrive. The figures are kept in memory since the monitor started;
 * events delivered twice are counted once.
 *
 * @since 0.1.0
 */
import { Context, Effect, HashMap, Layer, Option, Ref, Schedule, Stream } from "effect"
import type * as Calendar from "./Calendar.ts"
import { Engine } from "./Engine.ts"
import { type CallEvent, Telephony } from "./Telephony.ts"

/**
 * The charter's capacity of the toll-free line: up to 100 calls an hour (R20).
 *
 * @since 0.1.0
 * @category defaults
 */
export const charterCapacityPerHour = 100

/**
 * The line in one local hour. Calls count in the hour they were offered.
 * - `offered`: calls that reached the line;
 * - `answered`: calls an operator answered;
 * - `abandoned`: callers who hung up while waiting;
 * - `toVoicemail`: calls sent to voicemail (line closed or every operator busy);
 * - `notConnected`: calls ended busy, unanswered or failed;
 * - `voicemailsLeft`: recordings actually left;
 * - `averageWaitMs`: mean wait of answered calls (offered → answered);
 * - `maxWaitMs`: longest wait of any call, answered or not (offered → answered or ended);
 * - `capacity`, `load` (`offered / capacity`) and `overCapacity`.
 *
 * @since 0.1.0
 * @category models
 */
export interface HourFigures {
  /** Local date, "YYYY-MM-DD". */
  readonly date: string
  /** Local hour, 0–23. */
  readonly hour: number
  readonly offered: number
  readonly answered: number
  readonly abandoned: number
  readonly toVoicemail: number
  readonly notConnected: number
  readonly voicemailsLeft: number
  readonly averageWaitMs?: number
  readonly maxWaitMs?: number
  readonly capacity: number
  readonly load: number
  readonly overCapacity: boolean
}

/**
 * What the monitor has seen: events handled, the instant of the latest, and the voicemails
 * registered as tickets or not (each one logged without personal data).
 *
 * @since 0.1.0
 * @category models
 */
export interface Status {
  readonly eventsSeen: number
  readonly lastEventAt?: number
  readonly voicemailsRegistered: number
  readonly voicemailsNotRegistered: number
}

/**
 * The line monitor.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Handles one event of the line (what the layer does for each event of the port). */
  readonly handle: (event: CallEvent) => Effect.Effect<void>
  /** The figures per local hour, in order, for local dates `from`–`to` (inclusive) when given. */
  readonly figures: (query?: { readonly from?: string; readonly to?: string }) => Effect.Effect<ReadonlyArray<HourFigures>>
  readonly status: Effect.Effect<Status>
}

/**
 * The line monitor service tag.
 *
 * @since 0.1.0
 * @category services
 */
export class LineMonitor extends Context.Service<LineMonitor, Service>()("@sportello/core/LineMonitor") {}

/**
 * Options: the line's capacity per hour (default the charter's 100).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly capacityPerHour?: number
}

// -----------------------------------------------------------------------------
// Figures: a pure fold of call events
// -----------------------------------------------------------------------------

interface Call {
  readonly bucket: string
  readonly offeredAt: number
  readonly answered: boolean
  readonly ended: boolean
  readonly voicemail: boolean
  readonly lastAt: number
}

interface Bucket {
  readonly date: string
  readonly hour: number
  readonly offered: number
  readonly answered: number
  readonly abandoned: number
  readonly toVoicemail: number
  readonly notConnected: number
  readonly voicemailsLeft: number
  readonly waitTotal: number
  readonly waitCount: number
  readonly maxWait?: number
}

interface State {
  readonly calls: HashMap.HashMap<string, Call>
  readonly buckets: HashMap.HashMap<string, Bucket>
  readonly eventsSeen: number
  readonly lastEventAt?: number
  readonly prunedAt: number
  readonly registered: number
  readonly notRegistered: number
}

const initial: State = {
  calls: HashMap.empty(),
  buckets: HashMap.empty(),
  eventsSeen: 0,
  prunedAt: -Infinity,
  registered: 0,
  notRegistered: 0
}

/** A call is forgotten a day after its last event: later duplicates of it would count again. */
const FORGET_AFTER = 86_400_000
const HOUR = 3_600_000

const formatters = new Map<string, Intl.DateTimeFormat>()

const localHour = (timeZone: string, t: number): { readonly date: string; readonly hour: number } => {
  let f = formatters.get(timeZone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23" })
    formatters.set(timeZone, f)
  }
  const parts = f.formatToParts(new Date(t))
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00"
  return { date: `${get("year")}-${get("month")}-${get("day")}`, hour: Number(get("hour")) }
}

const emptyBucket = (date: string, hour: number): Bucket => ({
  date,
  hour,
  offered: 0,
  answered: 0,
  abandoned: 0,
  toVoicemail: 0,
  notConnected: 0,
  voicemailsLeft: 0,
  waitTotal: 0,
  waitCount: 0
})

const withWait = (b: Bucket, wait: number, answered: boolean): Bucket => ({
  ...b,
  ...(answered ? { waitTotal: b.waitTotal + wait, waitCount: b.waitCount + 1 } : {}),
  maxWait: Math.max(b.maxWait ?? 0, wait)
})

/** Folds one event into the figures. */
const apply = (state: State, event: CallEvent, timeZone: string): State => {
  let calls = state.calls
  let prunedAt = state.prunedAt
  if (event.at - prunedAt >= HOUR) {
    calls = HashMap.filter(calls, (c) => c.lastAt >= event.at - FORGET_AFTER)
    prunedAt = event.at
  }
  let buckets = state.buckets
  const bucketOf = (key: string, date: string, hour: number) => Option.getOrElse(HashMap.get(buckets, key), () => emptyBucket(date, hour))
  // a call first seen through a later event (the monitor started mid-call) is offered then, without a wait
  let call = Option.getOrUndefined(HashMap.get(calls, event.callId))
  const fresh = call === undefined
  if (call === undefined) {
    const { date, hour } = localHour(timeZone, event.at)
    const key = `${date}T${String(hour).padStart(2, "0")}`
    call = { bucket: key, offeredAt: event.at, answered: false, ended: false, voicemail: false, lastAt: event.at }
    buckets = HashMap.set(buckets, key, { ...bucketOf(key, date, hour), offered: bucketOf(key, date, hour).offered + 1 })
  }
  const existing = Option.getOrThrow(HashMap.get(buckets, call.bucket))
  let bucket = existing
  let next: Call = { ...call, lastAt: Math.max(call.lastAt, event.at) }
  switch (event._tag) {
    case "CallOffered":
      break
    case "CallAnswered":
      if (!call.answered && !call.ended) {
        bucket = { ...bucket, answered: bucket.answered + 1 }
        if (!fresh) bucket = withWait(bucket, Math.max(0, event.at - call.offeredAt), true)
        next = { ...next, answered: true }
      }
      break
    case "CallEnded":
      if (!call.ended) {
        next = { ...next, ended: true }
        if (!call.answered) {
          const wait = Math.max(0, event.at - call.offeredAt)
          switch (event.cause) {
            case "abandoned":
              bucket = { ...bucket, abandoned: bucket.abandoned + 1 }
              break
            case "to-voicemail":
              bucket = { ...bucket, toVoicemail: bucket.toVoicemail + 1 }
              break
            case "completed": // the answer's event was lost: it was answered, its wait is unknown
              bucket = { ...bucket, answered: bucket.answered + 1 }
              next = { ...next, answered: true }
              break
            default:
              bucket = { ...bucket, notConnected: bucket.notConnected + 1 }
          }
          if (!fresh && event.cause !== "completed") bucket = withWait(bucket, wait, false)
        }
      }
      break
    case "VoicemailLeft":
      if (!call.voicemail) {
        bucket = { ...bucket, voicemailsLeft: bucket.voicemailsLeft + 1 }
        next = { ...next, voicemail: true }
      }
      break
  }
  return {
    ...state,
    calls: HashMap.set(calls, event.callId, next),
    buckets: bucket === existing ? buckets : HashMap.set(buckets, call.bucket, bucket),
    eventsSeen: state.eventsSeen + 1,
    lastEventAt: Math.max(state.lastEventAt ?? -Infinity, event.at),
    prunedAt
  }
}

const figuresOf = (bucket: Bucket, capacity: number): HourFigures => ({
  date: bucket.date,
  hour: bucket.hour,
  offered: bucket.offered,
  answered: bucket.answered,
  abandoned: bucket.abandoned,
  toVoicemail: bucket.toVoicemail,
  notConnected: bucket.notConnected,
  voicemailsLeft: bucket.voicemailsLeft,
  ...(bucket.waitCount === 0 ? {} : { averageWaitMs: Math.round(bucket.waitTotal / bucket.waitCount) }),
  ...(bucket.maxWait === undefined ? {} : { maxWaitMs: bucket.maxWait }),
  capacity,
  load: bucket.offered / capacity,
  overCapacity: bucket.offered > capacity
})

// -----------------------------------------------------------------------------
// Voicemail intake
// -----------------------------------------------------------------------------

type Voicemail = Extract<CallEvent, { readonly _tag: "VoicemailLeft" }>

/**
 * The submission a voicemail becomes: a citizen's request on the `voicemail` channel, keyed by
 * the call id, with the caller's number (when it is a number) as the contact point to call
 * back, the recording reference as the subject, and the transcript as the text — or, without
 * one, a text in Italian saying which recording to listen to (decision 0008).
 *
 * @since 0.1.0
 * @category voicemail
 */
export const submissionOf = (event: Voicemail) => {
  const transcript = event.transcript?.trim() ?? ""
  const number = event.from !== undefined && (event.from.match(/\d/g)?.length ?? 0) >= 3 ? event.from.trim() : undefined
  const seconds = Math.round(event.durationSeconds)
  return {
    channel: "voicemail",
    idempotencyKey: event.callId,
    receivedAt: event.at,
    requester: { kind: "citizen" as const, contacts: number === undefined ? [] : [{ _tag: "Phone" as const, number }] },
    content: transcript.length > 0
      ? { kind: "information" as const, subject: event.recordingRef, text: transcript }
      : {
        kind: "information" as const,
        subject: event.recordingRef,
        text: `Messaggio lasciato nella casella vocale, senza trascrizione: ascoltare la registrazione allegata (riferimento ${event.recordingRef}, ${seconds} secondi).`,
        language: "it"
      },
    attachments: []
  }
}

// -----------------------------------------------------------------------------
// The service
// -----------------------------------------------------------------------------

/**
 * Makes a line monitor on the engine (voicemails are submitted to it; its calendar's time zone
 * gives the local hours).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.fnUntraced(function*(options: Options = {}) {
  const engine = yield* Engine
  const capacity = options.capacityPerHour ?? charterCapacityPerHour
  const state = yield* Ref.make(initial)
  const timeZone = (calendar: Calendar.Calendar) => calendar.timeZone

  const register = (event: Voicemail) =>
    engine.submit(submissionOf(event)).pipe(
      Effect.retry({ schedule: Schedule.exponential("1 second"), times: 5, while: (e) => e._tag === "StorageError" && e.isRetryable }),
      Effect.matchEffect({
        onSuccess: (submitted) =>
          Effect.andThen(
            Ref.update(state, (s) => ({ ...s, registered: s.registered + 1 })),
            Effect.logInfo("voicemail registered").pipe(Effect.annotateLogs({ callId: event.callId, code: submitted.code, duplicate: submitted.duplicate }))
          ),
        // logged without the caller's number or words: the call id and where the input was wrong
        onFailure: (e) =>
          Effect.andThen(
            Ref.update(state, (s) => ({ ...s, notRegistered: s.notRegistered + 1 })),
            Effect.logError("voicemail not registered").pipe(Effect.annotateLogs({
              callId: event.callId.slice(0, 100),
              error: e._tag,
              ...(e._tag === "InvalidInput" ? { paths: e.issues.map((i) => i.path.join(".")).join(", ") } : { reason: e.reason })
            }))
          )
      })
    )

  const handle = Effect.fn("LineMonitor.handle")(function*(event: CallEvent) {
    const calendar = yield* engine.calendar
    yield* Ref.update(state, (s) => apply(s, event, timeZone(calendar)))
    if (event._tag === "VoicemailLeft") yield* register(event)
  })

  const figures = (query: { readonly from?: string; readonly to?: string } = {}) =>
    Effect.map(Ref.get(state), (s) =>
      [...HashMap.values(s.buckets)]
        .filter((b) => (query.from === undefined || b.date >= query.from) && (query.to === undefined || b.date <= query.to))
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.hour - b.hour))
        .map((b) => figuresOf(b, capacity)))

  const status = Effect.map(Ref.get(state), (s): Status => ({
    eventsSeen: s.eventsSeen,
    ...(s.lastEventAt === undefined ? {} : { lastEventAt: s.lastEventAt }),
    voicemailsRegistered: s.registered,
    voicemailsNotRegistered: s.notRegistered
  }))

  return LineMonitor.of({ handle, figures, status })
})

/**
 * Consumes the `Telephony` port's events, one at a time, until interrupted.
 *
 * @since 0.1.0
 * @category operations
 */
export const run: Effect.Effect<void, never, LineMonitor | Telephony> = Effect.gen(function*() {
  const monitor = yield* LineMonitor
  const telephony = yield* Telephony
  yield* Stream.runForEach(telephony.events, monitor.handle)
})

/**
 * The line monitor as a layer: it consumes the `Telephony` port's events for as long as the
 * layer lives.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<LineMonitor, never, Engine | Telephony> =>
  Layer.effect(
    LineMonitor,
    Effect.gen(function*() {
      const monitor = yield* make(options)
      yield* Effect.forkScoped(Effect.provideService(run, LineMonitor, monitor))
      return monitor
    })
  )
