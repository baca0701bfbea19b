/**
 * Demo tickets for a first start, so that the pages are not empty: about a hundred requests
 * over the last six months, through every channel, most answered (some late), a few
 * forwarded or sent on, and some still open — on time, due soon, overdue, waiting for
 * documents. Each step runs on the engine with the clock set to the moment it happened, so
 * the history, the deadlines and the statistics are what they would be had it really
 * happened. The names are made up and the addresses are on example.org.
 */
import { Channel, Engine, Requester } from "@sportello/core"
import { Clock, Effect } from "effect"

const fixedClock = (instant: number): Clock.Clock => {
  const t = Math.round(instant)
  return {
  currentTimeMillisUnsafe: () => t,
  currentTimeMillis: Effect.succeed(t),
  currentTimeNanosUnsafe: () => BigInt(t) * 1_000_000n,
  currentTimeNanos: Effect.succeed(BigInt(t) * 1_000_000n),
  monotonicTimeNanosUnsafe: () => process.hrtime.bigint(),
  monotonicTimeNanos: Effect.sync(() => process.hrtime.bigint()),
  sleep: () => Effect.void
  }
}

/** Runs an effect as if it were `t`. */
const at = (t: number) => <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => Effect.provideService(self, Clock.Clock, fixedClock(t))

/** A small reproducible generator (mulberry32). */
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

const firstNames = ["Maria", "Giuseppe", "Anna", "Francesco", "Giulia", "Luca", "Sara", "Marco", "Elena", "Paolo", "Chiara", "Andrea", "Emma", "John"]
const lastNames = ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo"]

interface Request {
  readonly kind: "information" | "report" | "proposal"
  readonly language: "it" | "en"
  readonly subject: string
  readonly text: string
  readonly topic?: string
}

const requests: ReadonlyArray<Request> = [
  {
    kind: "information",
    language: "it",
    subject: "Piano di protezione civile comunale",
    text: "Buongiorno, vorrei sapere dove posso consultare il piano di protezione civile del mio comune e chi lo aggiorna.",
    topic: "emergency-plans"
  },
  {
    kind: "information",
    language: "it",
    subject: "Diventare volontario",
    text: "Come posso diventare volontario di protezione civile? Ho 24 anni e vivo in provincia di Perugia.",
    topic: "volunteering"
  },
  {
    kind: "report",
    language: "it",
    subject: "Pagina delle allerte non raggiungibile",
    text: "Segnalo che da due giorni la pagina con le allerte meteo della mia regione non si apre dal telefono.",
    topic: "alerts"
  },
  {
    kind: "proposal",
    language: "it",
    subject: "Allerte anche per SMS",
    text: "Propongo di mandare le allerte anche per SMS a chi lo chiede, per le persone anziane che non usano le app."
  },
  {
    kind: "information",
    language: "it",
    subject: "Contributi dopo l'alluvione",
    text: "Quali contributi sono previsti per i danni subiti dalla mia attività con l'alluvione dello scorso autunno, e a chi devo chiedere?",
    topic: "funding"
  },
  {
    kind: "information",
    language: "it",
    subject: "Rischio sismico",
    text: "Vorrei sapere in quale zona sismica si trova il mio comune e dove trovare le indicazioni su cosa fare in caso di terremoto.",
    topic: "seismic-risk"
  },
  {
    kind: "information",
    language: "it",
    subject: "Abbruciamenti in estate",
    text: "In estate si possono bruciare le sterpaglie in campagna? Dove trovo le regole del periodo di massima pericolosità?",
    topic: "fire-risk"
  },
  {
    kind: "information",
    language: "en",
    subject: "Emergency plan of my town",
    text: "Hello, I have just moved to Italy. Where can I find the emergency plan of the town where I live, and is it available in English?",
    topic: "emergency-plans"
  },
  {
    kind: "information",
    language: "en",
    subject: "Volunteering",
    text: "I am a foreign student in Bologna. Can I join a civil protection volunteer group, and what training is needed?",
    topic: "volunteering"
  },
  {
    kind: "report",
    language: "it",
    subject: "Cartello di area di attesa rovinato",
    text: "Il cartello che indica l'area di attesa nel mio quartiere è rovinato e non si legge più. Chi deve sostituirlo?",
    topic: "municipal-services"
  },
  {
    kind: "information",
    language: "it",
    subject: "Kit di emergenza",
    text: "Che cosa dovrebbe contenere lo zaino di emergenza per una famiglia con due bambini piccoli?"
  },
  {
    kind: "proposal",
    language: "en",
    subject: "Drills in schools",
    text: "I would suggest publishing the dates of the evacuation drills in schools, so that parents can talk about them at home."
  }
]

/** Channels in proportion to their use. */
const channelMix: ReadonlyArray<string> = [
  "web-form",
  "web-form",
  "web-form",
  "web-form",
  "email",
  "email",
  "phone",
  "phone",
  "pec",
  "letter",
  "voicemail"
]

const DAY = 86_400_000

/** Whether there are already tickets (a persistent storage keeps the demo tickets of a first start). */
const isEmpty = Effect.gen(function*() {
  const engine = yield* Engine.Engine
  const [all] = yield* engine.statistics({ period: "all" })
  return all === undefined || all.received === 0
})

/** Seeds the demo tickets relative to `now`; returns how many were made. */
const seed = Effect.fn("Seed.seed")(function*(now: number) {
  const engine = yield* Engine.Engine
  const env = yield* engine.environment
  const next = random(20270301)
  const pick = <A>(items: ReadonlyArray<A>): A => items[Math.floor(next() * items.length)]!
  let n = 0

  const contactsFor = (channel: string, first: string, last: string) => {
    const email = `${first}.${last}@example.org`.toLowerCase()
    const phone = `+39333000${String(100 + Math.floor(next() * 899))}`
    switch (channel) {
      case "phone":
      case "voicemail":
        return [{ _tag: "Phone", number: phone }, { _tag: "Email", address: email }]
      case "pec":
        return [{ _tag: "Pec", address: `${first}.${last}@pec.example.org`.toLowerCase() }]
      case "letter":
        return [{ _tag: "Postal", street: "Via Roma 1", postalCode: "00100", city: "Roma" }]
      default:
        return [{ _tag: "Email", address: email }]
    }
  }

  /** A service-hours instant on the working day `daysAgo` before now. */
  const workingTime = (daysAgo: number) => {
    let t = now - daysAgo * DAY
    for (let i = 0; i < 7; i++) {
      const weekday = new Date(t).getUTCDay()
      if (weekday !== 0 && weekday !== 6) break
      t -= DAY
    }
    const d = new Date(t)
    d.setUTCHours(8 + Math.floor(next() * 7), Math.floor(next() * 60), 0, 0)
    return Math.min(d.getTime(), now - 60_000)
  }

  const receive = (options: {
    readonly receivedAt: number
    readonly channel?: string
    readonly request?: Request
    readonly kind?: "citizen" | "institution" | "company"
  }) => {
    const channel = options.channel ?? pick(channelMix)
    const request = options.request ?? pick(requests)
    const first = pick(firstNames)
    const last = pick(lastNames)
    const kind = options.kind ?? "citizen"
    n++
    return engine.submit({
      channel,
      idempotencyKey: `demo-${n}`,
      requester: {
        kind,
        identity: kind === "citizen"
          ? { _tag: "Person", firstName: first, lastName: last }
          : { _tag: "Organisation", name: kind === "institution" ? "Comune di Esempio" : "Esempio S.r.l.", office: "Ufficio tecnico" },
        contacts: contactsFor(channel, first, last),
        consent: { sms: false, email: false }
      },
      content: {
        kind: request.kind,
        subject: request.subject,
        text: request.text,
        language: request.language,
        ...(request.topic === undefined ? {} : { topic: request.topic })
      },
      attachments: []
    }).pipe(at(options.receivedAt))
  }

  const operator = { _tag: "Operator", id: pick(["op-anna", "op-marco", "op-sara"]) } as const
  const answer = (code: string, t: number) =>
    Effect.gen(function*() {
      const details = yield* engine.details(code)
      if (details.ticket.status !== "open") return
      const channel = Channel.find(env.channels, details.ticket.channel)
      const to = channel === undefined ? undefined : Requester.replyAddress(details.ticket.requester, channel)
      const language = details.ticket.language._tag === "Supported" ? details.ticket.language.language : "it"
      yield* engine.act(code, { _tag: "Answer", by: operator, via: to === undefined ? "email" : Requester.replyKind(to), language }, {
        text: language === "it"
          ? "Gentile richiedente, trova le informazioni che cerca sul sito del Dipartimento, alla pagina dedicata. Restiamo a disposizione."
          : "Dear requester, you will find what you are looking for on the Department's website, on the dedicated page. Do write again if you need more."
      }).pipe(at(t))
    })

  // six months of answered requests: most on time, some late, a few forwarded or sent on
  const lateShare = [0.3, 0.22, 0.15, 0.18, 0.1, 0.06]
  for (let month = 5; month >= 0; month--) {
    const count = 12 + Math.floor(next() * 8) - (month === 0 ? 6 : 0)
    for (let i = 0; i < count; i++) {
      const daysAgo = month * 30 + 12 + Math.floor(next() * 18)
      const receivedAt = workingTime(daysAgo)
      const r = next()
      const submitted = yield* receive({
        receivedAt,
        ...(r < 0.08 ? { kind: "institution" as const } : r < 0.12 ? { kind: "company" as const } : {})
      })
      if (submitted.status.state === "closed") continue
      const details = yield* engine.details(submitted.code)
      const due = details.deadline._tag === "Due" ? details.deadline.at : receivedAt + 7 * DAY
      const late = next() < (lateShare[5 - month] ?? 0.1)
      const answerAt = late ? due + (1 + next() * 4) * DAY : receivedAt + (due - receivedAt) * (0.15 + next() * 0.7)
      if (answerAt < now - DAY) yield* answer(submitted.code, answerAt)
    }
  }

  // open requests: on time, due soon, overdue, waiting for documents, urgent
  for (const daysAgo of [0, 1, 1, 2]) yield* receive({ receivedAt: workingTime(daysAgo), channel: "web-form" })
  yield* receive({ receivedAt: workingTime(7), channel: "web-form", request: requests[2]! })
  yield* receive({ receivedAt: workingTime(6), channel: "web-form", request: requests[10]! })
  yield* receive({ receivedAt: workingTime(7), channel: "web-form", request: requests[0]! })
  yield* receive({ receivedAt: workingTime(11), channel: "web-form", request: requests[3]! })
  yield* receive({ receivedAt: workingTime(3), channel: "email", request: requests[4]! })
  yield* receive({ receivedAt: workingTime(9), channel: "pec", request: requests[5]! })
  const waiting = yield* receive({ receivedAt: workingTime(8), channel: "email", request: requests[4]! })
  yield* engine.act(waiting.code, { _tag: "Suspend", by: operator, reason: "awaiting-documents" }, {
    text: "la perizia dei danni e la visura camerale dell'attività"
  }).pipe(at(workingTime(5)))
  yield* receive({
    receivedAt: workingTime(0),
    channel: "web-form",
    request: {
      kind: "report",
      language: "it",
      subject: "Cantina allagata",
      text: "La cantina del mio palazzo è allagata da stamattina e l'acqua sta salendo. Cosa devo fare?"
    }
  })
  return n
})

/** Seeds when the storage has no tickets yet; returns how many were made. A failure here is a bug of the seed. */
export const seedIfEmpty: Effect.Effect<number, never, Engine.Engine> = Effect.gen(function*() {
  if (!(yield* isEmpty)) return 0
  return yield* seed(yield* Clock.currentTimeMillis)
}).pipe(Effect.orDie)
