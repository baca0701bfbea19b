/**
 * Seeded traffic over simulated days: requests arrive through every channel, operators answer
 * a share of them each service day, the timers warn and report breaches, the relay delivers
 * the messages — all on the real engine, on in-memory ports, under a simulated clock, so a
 * month takes seconds and the same seed gives the same month.
 *
 * Somewhere in the middle an emergency is declared (R16): the load jumps, the service runs
 * round the clock until the emergency ends, and the operators are reinforced.
 *
 * @since 0.1.0
 */
import {
  AttachmentStore,
  Calendar,
  Channel,
  Engine,
  LanguageDetector,
  Mailer,
  type Outbox,
  Relay,
  Requester,
  SmsGateway,
  type Statistics,
  type StorageError,
  TicketCodes,
  TicketStore,
  Timers
} from "@sportello/core"
import { Clock, Effect, Layer } from "effect"

/**
 * What to simulate.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** How many days. */
  readonly days: number
  /** The seed of every random choice (arrivals, channels, answers, ticket codes). */
  readonly seed: number
  /** The first day, a local date `YYYY-MM-DD` in the calendar's time zone. */
  readonly start: string
  /** Requests on an ordinary service day, on average. */
  readonly load: number
  /** Answers each operator gives on a service day. */
  readonly operators: number
  /** The day (0-based) the emergency is declared; none when negative. Default: a bit past the middle. */
  readonly emergencyDay?: number
  /** How many days the emergency lasts. */
  readonly emergencyDays: number
  /** Called at the end of each simulated day. */
  readonly onDay?: (day: Day, index: number, total: number) => Effect.Effect<void>
}

/**
 * The defaults: 30 days from Monday 1 March 2027, seed 42, 24 requests a service day, three
 * operators answering 8 each, an emergency of 4 days.
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaults: Options = {
  days: 30,
  seed: 42,
  start: "2027-03-01",
  load: 24,
  operators: 3,
  emergencyDays: 4
}

/**
 * One simulated day.
 *
 * @since 0.1.0
 * @category models
 */
export interface Day {
  readonly date: string
  /** A service day of the charter calendar (not a weekend or holiday). */
  readonly serviceDay: boolean
  /** Some of the day falls in the emergency period. */
  readonly emergency: boolean
  readonly received: number
  readonly answered: number
  /** Tickets open or suspended at the end of the day. */
  readonly backlog: number
  /** Staff warnings sent before a breach, and breach reports. */
  readonly warnings: number
  readonly breaches: number
  /** Of the tickets received this day: judged against their deadline by the end, and on time. */
  readonly judged: number
  readonly onTime: number
}

/**
 * What a simulation did and the statistics it left.
 *
 * @since 0.1.0
 * @category models
 */
export interface Result {
  readonly options: Omit<Options, "onDay">
  readonly days: ReadonlyArray<Day>
  /** The emergency period, as local ISO instants. */
  readonly emergency?: { readonly from: string; readonly to: string }
  /** The instant the simulation ended at (the clock of later reads). */
  readonly endedAt: number
  /** The statistics report over the whole simulation. */
  readonly overall: Statistics.Report
  /** Messages delivered by the relay (acknowledgements, answers, warnings). */
  readonly delivered: number
  /** A few ticket codes, for `sportello explain`. */
  readonly sampleCodes: ReadonlyArray<string>
}

/** mulberry32: small, fast, reproducible. */
const random = (seed: number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const HOUR = 3_600_000

/**
 * The local date `n` days after a local date (`YYYY-MM-DD`).
 *
 * @since 0.1.0
 * @category dates
 */
export const addDays = (date: string, n: number): string => {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/**
 * A clock the simulation moves by hand.
 *
 * @since 0.1.0
 * @category clock
 */
export interface SimulatedClock extends Clock.Clock {
  readonly set: (t: number) => void
}

/**
 * A clock at `t` until `set` moves it; `sleep` returns at once.
 *
 * @since 0.1.0
 * @category clock
 */
export const makeClock = (t: number): SimulatedClock => {
  let now = Math.round(t)
  return {
    set: (next) => {
      now = Math.round(next)
    },
    currentTimeMillisUnsafe: () => now,
    currentTimeMillis: Effect.sync(() => now),
    currentTimeNanosUnsafe: () => BigInt(now) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(now) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => BigInt(now) * 1_000_000n,
    monotonicTimeNanos: Effect.sync(() => BigInt(now) * 1_000_000n),
    sleep: () => Effect.void
  }
}

const names = [
  ["Maria", "Rossi"],
  ["Giuseppe", "Russo"],
  ["Anna", "Ferrari"],
  ["Francesco", "Esposito"],
  ["Giulia", "Bianchi"],
  ["Luca", "Romano"],
  ["Sara", "Colombo"],
  ["Marco", "Ricci"],
  ["Elena", "Marino"],
  ["Paolo", "Greco"]
] as const

const topics = ["emergency-plans", "volunteering", "alerts", "funding", "seismic-risk", "fire-risk", "municipal-services"]
const ordinaryTexts = [
  "Vorrei sapere dove consultare il piano di protezione civile del mio comune.",
  "Come posso diventare volontario di protezione civile?",
  "La pagina delle allerte della mia regione non si apre dal telefono.",
  "Quali contributi sono previsti per i danni dell'alluvione dello scorso autunno?",
  "In quale zona sismica si trova il mio comune?"
]
const emergencyTexts = [
  "Dopo la scossa di stanotte vorrei sapere se la scuola di mio figlio è agibile.",
  "Dove sono le aree di attesa nel mio quartiere dopo il terremoto?",
  "Come si chiede il sopralluogo per le crepe nella casa dopo la scossa?",
  "Mia madre è anziana e vive da sola nella zona colpita: chi può aiutarla?"
]

/** Channels in proportion to their use, in ordinary times and in an emergency. */
const ordinaryMix = ["web-form", "web-form", "web-form", "web-form", "email", "email", "phone", "phone", "phone", "pec", "letter", "voicemail"]
const emergencyMix = ["phone", "phone", "phone", "phone", "phone", "web-form", "web-form", "web-form", "email", "email", "voicemail", "pec"]
/** What arrives on a day without service. */
const closedMix = ["web-form", "web-form", "email", "voicemail"]

const contactsFor = (channel: string, first: string, last: string, n: number) => {
  const email = `${first}.${last}.${n}@example.org`.toLowerCase()
  switch (channel) {
    case "phone":
    case "voicemail":
      return [{ _tag: "Phone", number: `+39333${String(1_000_000 + (n % 9_000_000)).padStart(7, "0")}` }, { _tag: "Email", address: email }]
    case "pec":
      return [{ _tag: "Pec", address: `${first}.${last}.${n}@pec.example.org`.toLowerCase() }]
    case "letter":
      return [{ _tag: "Postal", street: "Via Roma 1", postalCode: "00100", city: "Roma" }]
    default:
      return [{ _tag: "Email", address: email }]
  }
}

type Step =
  | { readonly t: number; readonly _tag: "Arrival"; readonly channel: string; readonly text: string; readonly topic: string; readonly who: number }
  | { readonly t: number; readonly _tag: "Answer" }
  | { readonly t: number; readonly _tag: "Tick" }
  | { readonly t: number; readonly _tag: "Declare" }
  | { readonly t: number; readonly _tag: "End" }

const order: Record<Step["_tag"], number> = { Declare: 0, End: 1, Arrival: 2, Answer: 3, Tick: 4 }

const iso = (t: number) => new Date(t).toISOString()

/**
 * The in-memory ports a simulation runs on, with ticket codes from the seed.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (seed: number): Layer.Layer<
  | Engine.Engine
  | TicketStore.TicketStore
  | Outbox.Outbox
  | Mailer.Mailer
  | SmsGateway.SmsGateway
> =>
  Engine.layer(Engine.departmentDefaults).pipe(
    Layer.provideMerge(
      Layer.mergeAll(
        TicketStore.layerMemory,
        AttachmentStore.layerMemory(),
        TicketCodes.layerSeeded(seed),
        LanguageDetector.layer,
        Mailer.layerMemory,
        SmsGateway.layerMemory
      )
    )
  )

/**
 * Runs a simulation on the engine in context (normally {@link layer}). The clock is the
 * simulation's own: the surrounding clock is never read.
 *
 * @since 0.1.0
 * @category simulation
 */
export const run = (input: Partial<Options> = {}): Effect.Effect<
  Result,
  Engine.InvalidInput | Engine.TicketNotFound | Calendar.CalendarConfigError | StorageError.StorageError,
  Engine.Engine | TicketStore.TicketStore | Outbox.Outbox
> =>
  Effect.suspend(() => {
    const options: Options = { ...defaults, ...input }
    const clock = makeClock(Calendar.startOfDay(Calendar.departmentDefault, options.start))
    return simulate(options, clock).pipe(Effect.provideService(Clock.Clock, clock), Effect.withSpan("Simulation.run"))
  })

const simulate = Effect.fnUntraced(function*(options: Options, clock: SimulatedClock) {
  const engine = yield* Engine.Engine
  const store = yield* TicketStore.TicketStore
  const calendar0 = yield* engine.calendar
  const next = random(options.seed)
  const pick = <A>(items: ReadonlyArray<A>): A => items[Math.floor(next() * items.length)]!
  const timeZone = calendar0.input.versions.at(-1)?.timeZone ?? "Europe/Rome"
  const localTime = (t: number) =>
    new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(t)
  const at = <A, E, R>(t: number, self: Effect.Effect<A, E, R>) => Effect.suspend(() => (clock.set(t), self))

  const emergencyDay = options.emergencyDay ?? Math.floor(options.days * 0.55)
  const hasEmergency = emergencyDay >= 0 && emergencyDay < options.days && options.emergencyDays > 0
  // the emergency starts in the small hours (an earthquake at night) and ends in the evening
  const emergencyFrom = hasEmergency ? Calendar.startOfDay(calendar0, addDays(options.start, emergencyDay)) + Math.round((2 + next() * 3) * HOUR) : 0
  const emergencyTo = hasEmergency
    ? Calendar.startOfDay(calendar0, addDays(options.start, Math.min(options.days, emergencyDay + options.emergencyDays))) - 4 * HOUR
    : 0

  const operator = (n: number) => ({ _tag: "Operator", id: `op-${1 + (n % Math.max(1, options.operators * 2))}` }) as const
  const sampleCodes: Array<string> = []
  const days: Array<Day> = []
  let who = 0
  let delivered = 0

  const answerNext = Effect.gen(function*() {
    const candidates = yield* store.worklist({ status: "open", limit: 20 })
    const env = yield* engine.environment
    for (const entry of candidates) {
      const details = yield* engine.details(entry.code)
      if (details.ticket.status !== "open") continue
      const channel = Channel.find(env.channels, details.ticket.channel)
      const to = channel === undefined ? undefined : Requester.replyAddress(details.ticket.requester, channel)
      const language = details.ticket.language._tag === "Supported" ? details.ticket.language.language : "it"
      const result = yield* Effect.result(
        engine.act(entry.code, { _tag: "Answer", by: operator(who), via: to === undefined ? "email" : Requester.replyKind(to), language }, {
          text: "Gentile richiedente, trova le informazioni sul sito del Dipartimento. Restiamo a disposizione."
        })
      )
      if (result._tag === "Success") return true
    }
    return false
  })

  const tick = Effect.gen(function*() {
    let warnings = 0
    let breaches = 0
    for (;;) {
      const fired = yield* Timers.runDue({ limit: 100 })
      warnings += fired.warnings
      breaches += fired.breaches
      if (fired.warnings + fired.breaches + fired.closed < 100) break
    }
    for (;;) {
      const sent = yield* Relay.deliverDue({ limit: 500 })
      delivered += sent.sent
      if (sent.sent + sent.failed < 500) break
    }
    return { warnings, breaches }
  })

  for (let index = 0; index < options.days; index++) {
    const date = addDays(options.start, index)
    const midnight = Calendar.startOfDay(calendar0, date)
    const nextMidnight = Calendar.startOfDay(calendar0, addDays(date, 1))
    const serviceDay = Calendar.isServiceDay(calendar0, date)
    const emergency = hasEmergency && emergencyFrom < nextMidnight && emergencyTo > midnight
    const within = (t: number) => hasEmergency && t >= emergencyFrom && t < emergencyTo

    // arrivals: drawn in full at the start of the day, so the random sequence is the same
    // whatever the engine does with them
    const steps: Array<Step> = []
    const base = serviceDay ? options.load : options.load * 0.15
    const count = Math.round(base * (0.8 + next() * 0.4) * (emergency ? 4 : 1))
    for (let i = 0; i < count; i++) {
      const inEmergency = emergency && next() < 0.85
      // ordinary traffic during office hours (with some in the evening on web and e-mail);
      // emergency traffic around the clock, heaviest in the first hours after the shock
      const t = inEmergency
        ? Math.max(midnight, Math.min(nextMidnight - 1, Math.max(emergencyFrom, midnight) + Math.floor(Math.pow(next(), 1.6) * (nextMidnight - Math.max(emergencyFrom, midnight)))))
        : serviceDay
        ? midnight + Math.floor((8 + next() * 12) * HOUR)
        : midnight + Math.floor(next() * 24 * HOUR)
      const mix = inEmergency && within(t) ? emergencyMix : serviceDay ? ordinaryMix : closedMix
      steps.push({
        t,
        _tag: "Arrival",
        channel: pick(mix),
        text: inEmergency && within(t) ? pick(emergencyTexts) : pick(ordinaryTexts),
        topic: inEmergency && within(t) ? "seismic-risk" : pick(topics),
        who: Math.floor(next() * names.length)
      })
    }
    // answers: the operators' capacity, spread over office hours — or over the whole day,
    // doubled, while the emergency lasts
    const capacity = emergency ? options.operators * 12 : serviceDay ? options.operators * 8 : 0
    for (let i = 0; i < capacity; i++) {
      steps.push({ t: emergency ? midnight + Math.floor(next() * 24 * HOUR) : midnight + Math.floor((9 + next() * 9) * HOUR), _tag: "Answer" })
    }
    for (let h = 1; h <= 24; h++) steps.push({ t: Math.min(nextMidnight - 1, midnight + h * HOUR - 1), _tag: "Tick" })
    if (hasEmergency && emergencyFrom >= midnight && emergencyFrom < nextMidnight) steps.push({ t: emergencyFrom, _tag: "Declare" })
    if (hasEmergency && emergencyTo >= midnight && emergencyTo < nextMidnight) steps.push({ t: emergencyTo, _tag: "End" })
    steps.sort((a, b) => a.t - b.t || order[a._tag] - order[b._tag])

    let received = 0
    let answered = 0
    let warnings = 0
    let breaches = 0
    for (const step of steps) {
      switch (step._tag) {
        case "Declare":
          yield* at(step.t, engine.declareEmergency({ id: "simulated-emergency", from: iso(emergencyFrom), note: "simulated earthquake" }))
          break
        case "End":
          yield* at(step.t, engine.endEmergency("simulated-emergency", iso(emergencyTo)))
          break
        case "Arrival": {
          who++
          const calendar = yield* engine.calendar
          // the phone desk answers only in service time; out of it, callers leave a voicemail
          const channel = step.channel === "phone" && !Calendar.isServiceTime(calendar, step.t) ? "voicemail" : step.channel
          const [first, last] = names[step.who]!
          const submitted = yield* at(
            step.t,
            engine.submit({
              channel,
              idempotencyKey: `simulation-${options.seed}-${who}`,
              requester: { kind: "citizen", identity: { _tag: "Person", firstName: first, lastName: last }, contacts: contactsFor(channel, first, last, who), consent: { sms: false, email: true } },
              content: { kind: "information", text: step.text, language: "it", topic: step.topic },
              attachments: []
            })
          )
          if (!submitted.duplicate) received++
          if (sampleCodes.length < 5 || (within(step.t) && sampleCodes.length < 8)) sampleCodes.push(submitted.code)
          break
        }
        case "Answer":
          if (yield* at(step.t, answerNext)) answered++
          break
        case "Tick": {
          const fired = yield* at(step.t, tick)
          warnings += fired.warnings
          breaches += fired.breaches
          break
        }
      }
    }
    const backlog = (yield* store.worklist({ limit: 1_000_000 })).length
    const day: Day = { date, serviceDay, emergency, received, answered, backlog, warnings, breaches, judged: 0, onTime: 0 }
    days.push(day)
    if (options.onDay !== undefined) yield* options.onDay(day, index, options.days)
  }

  const endedAt = Calendar.startOfDay(calendar0, addDays(options.start, options.days))
  clock.set(endedAt)
  const [overall] = yield* engine.statistics({ period: "all", asOf: endedAt })
  const daily = new Map((yield* engine.statistics({ period: "day", asOf: endedAt })).map((r) => [r.period, r]))
  const judgedDays = days.map((d) => ({ ...d, judged: daily.get(d.date)?.judged ?? 0, onTime: daily.get(d.date)?.onTime ?? 0 }))
  const { onDay: _, ...rest } = options
  return {
    options: rest,
    days: judgedDays,
    ...(hasEmergency ? { emergency: { from: Calendar.localDate(calendar0, emergencyFrom) + " " + localTime(emergencyFrom), to: Calendar.localDate(calendar0, emergencyTo) + " " + localTime(emergencyTo) } } : {}),
    endedAt,
    overall: overall ?? emptyReport,
    delivered,
    sampleCodes
  } satisfies Result as Result
})

const emptyReport: Statistics.Report = {
  period: "all",
  received: 0,
  open: 0,
  closed: 0,
  judged: 0,
  onTime: 0,
  byChannel: {},
  byRequesterKind: {},
  byTopic: {},
  byOutcome: {}
}
