/**
 * Shared fixtures of the domain tests: the Department's default environment, requesters,
 * submissions and a small given/when/then vocabulary over commands and events.
 */
import { Result } from "effect"
import {
  Calendar,
  Channel,
  Decider,
  Intake,
  LanguageDetector,
  Policy,
  type Request,
  type Requester,
  Ticket,
  type TicketCommand,
  TicketCode,
  type TicketEvent
} from "@sportello/core"

export const env: Ticket.Environment = {
  calendar: Calendar.departmentDefault,
  policies: Policy.departmentDefault,
  channels: Channel.defaultRegistry
}

/** Epoch ms of a local Rome time written "YYYY-MM-DDTHH:mm" (the offset is worked out). */
export const rome = (local: string): number => {
  const [date, time = "00:00"] = local.split("T") as [string, string?]
  const [h, m] = time.split(":").map(Number) as [number, number]
  return Calendar.startOfDay(env.calendar, date) + (h * 60 + m) * 60_000 +
    // startOfDay is local midnight; on daylight-saving days the hours after the change shift by the offset change
    dstShift(date, h)
}

const dstShift = (date: string, hour: number): number => {
  const start = Calendar.startOfDay(env.calendar, date)
  const next = Calendar.startOfDay(env.calendar, nextDate(date))
  const length = next - start
  if (length === 86_400_000 || hour < 3) return 0
  return length < 86_400_000 ? -3_600_000 : 3_600_000
}

const nextDate = (date: string): string => {
  const d = new Date(`${date}T12:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

/** The local Rome rendering "YYYY-MM-DD HH:mm" of an instant. */
export const local = (t: number): string => {
  const f = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Rome",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23"
  }).formatToParts(new Date(t))
  const get = (type: string) => f.find((p) => p.type === type)!.value
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`
}

export const operator = { _tag: "Operator", id: "op-17" } as const
export const system = { _tag: "System", component: "timers" } as const
export const requesterActor = { _tag: "Requester" } as const

export const citizen: Requester.Requester = {
  kind: "citizen",
  identity: { _tag: "Person", firstName: "Maria", lastName: "Rossi" },
  contacts: [{ _tag: "Email", address: "maria.rossi@example.it" }, { _tag: "Phone", number: "+39 333 1234567" }]
}

export const institution: Requester.Requester = {
  kind: "institution",
  identity: { _tag: "Organisation", name: "Comune di Norcia", office: "Ufficio tecnico" },
  contacts: [{ _tag: "Pec", address: "protocollo@pec.comune.norcia.example" }]
}

export const content = (over: Partial<Request.Content> = {}): Request.Content => ({
  kind: "information",
  subject: "Volontariato",
  text: "Buongiorno, vorrei sapere come posso diventare volontario della protezione civile.",
  language: "it",
  attachments: [],
  ...over
})

/** A detector that answers Italian, reliably: tests that do not exercise detection use it. */
export const italianDetector = LanguageDetector.make(() => ({
  language: "it",
  reliable: true,
  scores: [{ language: "it", score: 0.8 }]
}))

let counter = 0
/** A fresh valid code, deterministic per test run. */
export const nextCode = (): TicketCode.TicketCode => {
  counter++
  const body = Array.from({ length: 14 }, (_, i) => (counter * 7 + i * 13 + (counter >> 3)) % 31)
  return TicketCode.fromValues(body)
}

export const receive = (options: {
  readonly channel?: Channel.Definition
  readonly requester?: Requester.Requester
  readonly content?: Request.Content
  readonly code?: TicketCode.TicketCode
  readonly detector?: LanguageDetector.Detector
} = {}): TicketCommand.TicketCommand => {
  const channel = options.channel ?? Channel.webForm
  const requester = options.requester ?? citizen
  const c = options.content ?? content()
  const screening = Intake.screenWith({ channel, requester, content: c }, Policy.charter, options.detector ?? italianDetector)
  return {
    _tag: "Receive",
    by: { _tag: "System", component: "intake" },
    code: options.code ?? nextCode(),
    channel: channel.id,
    requester,
    content: c,
    screening
  }
}

export const context = (now: number, over: Partial<Ticket.Environment> = {}): Decider.Context => ({ ...env, ...over, now })

/** A history being written: each step is a command at a local Rome time. */
export interface History {
  readonly state: Ticket.State
  readonly events: ReadonlyArray<TicketEvent.TicketEvent>
}

export const empty: History = { state: Ticket.unreceived, events: [] }

/** Given these commands (each must be accepted), in order. */
export const given = (
  steps: ReadonlyArray<readonly [string, TicketCommand.TicketCommand]>,
  over: Partial<Ticket.Environment> = {},
  from: History = empty
): History =>
  steps.reduce<History>((h, [when, command]) => {
    const result = Decider.run(command, h.state, context(rome(when), over))
    if (Result.isFailure(result)) throw new Error(`given step ${command._tag} at ${when} was refused: ${result.failure.message}`)
    return { state: result.success.state, events: [...h.events, ...result.success.events] }
  }, from)

/** When this command is decided: the events or the refusal. */
export const when = (
  history: History,
  at: string,
  command: TicketCommand.TicketCommand,
  over: Partial<Ticket.Environment> = {}
) => Decider.decide(command, history.state, context(rome(at), over))

/** The ticket of a history (fails when nothing was received). */
export const ticketOf = (history: History): Ticket.Ticket => {
  if (history.state._tag !== "Ticket") throw new Error("no ticket")
  return history.state
}

export const tags = (events: ReadonlyArray<TicketEvent.TicketEvent>): Array<string> => events.map((e) => e._tag)
