/**
 * The engine: the application services that make the domain run on the ports — intake from
 * any channel, operator and office actions, the public status lookup, worklists and
 * statistics, emergency periods. It reads the clock once per operation (effect's `Clock`, so
 * tests drive time with `TestClock`), decides with the pure `Decider`, and writes each
 * command's events, projection and messages in one commit.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Option, PubSub, Ref, Schema, SchemaIssue, type Scope, Stream } from "effect"
import * as AttachmentStore from "./AttachmentStore.ts"
import * as Calendar from "./Calendar.ts"
import * as Channel from "./Channel.ts"
import * as Decider from "./Decider.ts"
import * as Inbound from "./Inbound.ts"
import * as Intake from "./Intake.ts"
import * as Outbox from "./Outbox.ts"
import * as Policy from "./Policy.ts"
import * as Projection from "./Projection.ts"
import * as RateLimiter from "./RateLimiter.ts"
import * as Redaction from "./Redaction.ts"
import type * as Request from "./Request.ts"
import * as Requester from "./Requester.ts"
import type * as Sla from "./Sla.ts"
import type * as Statistics from "./Statistics.ts"
import type * as StatusView from "./StatusView.ts"
import type { StorageError } from "./StorageError.ts"
import * as Templates from "./Templates.ts"
import * as Ticket from "./Ticket.ts"
import { TicketCodes } from "./TicketCodes.ts"
import * as TicketCode from "./TicketCode.ts"
import { TicketCommand } from "./TicketCommand.ts"
import type { TicketEvent } from "./TicketEvent.ts"
import * as TicketStore from "./TicketStore.ts"
import { LanguageDetector } from "./LanguageDetector.ts"

// -----------------------------------------------------------------------------
// Errors
// -----------------------------------------------------------------------------

/**
 * One problem with an input: where (`path`) and what (`message`).
 *
 * @since 0.1.0
 * @category models
 */
export const Issue = Schema.Struct({ path: Schema.Array(Schema.Union([Schema.String, Schema.Number])), message: Schema.String })

/**
 * @since 0.1.0
 * @category models
 */
export type Issue = typeof Issue.Type

/**
 * An input that could not be decoded or is not acceptable; nothing was stored.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", {
  message: Schema.String,
  issues: Schema.Array(Issue)
}) {}

/**
 * No ticket has this code (operators' side; the public lookup answers {@link StatusNotFound}).
 *
 * @since 0.1.0
 * @category errors
 */
export class TicketNotFound extends Schema.TaggedError<TicketNotFound>()("TicketNotFound", {
  code: Schema.String,
  message: Schema.String
}) {}

/**
 * The public lookup found nothing: the same answer for a malformed and an unknown code, so
 * the lookup cannot tell which codes exist (B7).
 *
 * @since 0.1.0
 * @category errors
 */
export class StatusNotFound extends Schema.TaggedError<StatusNotFound>()("StatusNotFound", {
  message: Schema.String
}) {}

/**
 * Too many lookups from one client: try again after `retryAfterMs`.
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimited extends Schema.TaggedError<RateLimited>()("RateLimited", {
  retryAfterMs: Schema.Number,
  message: Schema.String
}) {}

// -----------------------------------------------------------------------------
// Configuration
// -----------------------------------------------------------------------------

/**
 * Who gets staff warnings: an e-mail address per queue (`desk` or an office id), and the
 * supervisors, who get breaches and whatever has no queue address.
 *
 * @since 0.1.0
 * @category models
 */
export interface Staff {
  readonly supervisors: ReadonlyArray<string>
  readonly queues: { readonly [queue: string]: string }
}

/**
 * The engine's configuration: the rules it applies and to whom it writes.
 *
 * @since 0.1.0
 * @category models
 */
export interface Config {
  readonly calendar: Calendar.Calendar
  readonly policies: Policy.Book
  readonly channels: Channel.Registry
  readonly templates: Templates.TemplateSet
  readonly staff: Staff
  /** Public status lookups allowed per client: `capacity` per `perMs`. */
  readonly lookupLimit: RateLimiter.Options
  /** The web address of the public status page, written in acknowledgements. */
  readonly statusPageUrl?: string
}

/**
 * The Department's defaults: the charter calendar and policy, the built-in channels, the
 * default templates, 10 lookups per minute per client.
 *
 * @since 0.1.0
 * @category defaults
 */
export const departmentDefaults: Config = {
  calendar: Calendar.departmentDefault,
  policies: Policy.departmentDefault,
  channels: Channel.defaultRegistry,
  templates: Templates.departmentDefault,
  staff: { supervisors: ["supervisori@contactcenter.example"], queues: { desk: "desk@contactcenter.example" } },
  lookupLimit: { capacity: 10, perMs: 60_000 }
}

// -----------------------------------------------------------------------------
// The service
// -----------------------------------------------------------------------------

/**
 * What intake answers: the ticket's code and public status, whether the request had
 * already been received (same idempotency key), the acknowledgement queued for sending, and
 * the attachments that were refused (the rest of the request is kept).
 *
 * @since 0.1.0
 * @category models
 */
export interface Submitted {
  readonly code: TicketCode.TicketCode
  readonly duplicate: boolean
  readonly status: StatusView.View
  readonly acknowledgement?: Intake.Acknowledgement
  readonly refusedAttachments: ReadonlyArray<Intake.RefusedAttachment>
}

/**
 * A ticket as operators see it: its history, its state, the explanation of its deadline and
 * its SLA status now.
 *
 * @since 0.1.0
 * @category models
 */
export interface Details {
  readonly code: TicketCode.TicketCode
  readonly version: number
  readonly events: ReadonlyArray<TicketEvent>
  readonly ticket: Ticket.Ticket
  readonly deadline: Sla.Deadline
  readonly sla: Sla.Status
  readonly explanation?: Sla.Explanation
}

/**
 * A change that was committed, as subscribers see it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Change {
  readonly code: TicketCode.TicketCode
  readonly version: number
  readonly events: ReadonlyArray<TicketEvent>
}

/**
 * Extras of an action: the text of an answer, the details of a request for documents.
 *
 * @since 0.1.0
 * @category models
 */
export interface ActOptions {
  /**
   * For `Answer`: the answer's text, sent to the requester. For `Suspend`: what is needed. For
   * `Contact`: the message's text.
   */
  readonly text?: string
  /** For `Contact`: the message's subject (e-mail; an SMS starts with it). */
  readonly subject?: string
}

/**
 * The engine.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Intake from any channel: decodes, screens, registers, acknowledges, routes — idempotently. */
  readonly submit: (input: unknown) => Effect.Effect<Submitted, InvalidInput | StorageError>
  /** An operator's or office's command on a ticket. */
  readonly act: (
    code: string,
    command: unknown,
    options?: ActOptions
  ) => Effect.Effect<Details, InvalidInput | TicketNotFound | Decider.TicketRefused | TicketStore.VersionConflict | StorageError>
  /** The public status by code, rate-limited per client (R18, B7). */
  readonly lookup: (code: string, client: string) => Effect.Effect<StatusView.View, StatusNotFound | RateLimited | StorageError>
  /** A ticket with its history and deadline explanation (operators). */
  readonly details: (code: string) => Effect.Effect<Details, TicketNotFound | StorageError>
  readonly worklist: (query: TicketStore.WorklistQuery) => Effect.Effect<ReadonlyArray<Projection.WorklistEntry>, StorageError>
  /** Statistics reports (R19, B8), as of now unless `asOf` is given. */
  readonly statistics: (
    query: Omit<TicketStore.StatisticsQuery, "asOf"> & { readonly asOf?: number }
  ) => Effect.Effect<ReadonlyArray<Statistics.Report>, StorageError>
  /** The calendar in force now. */
  readonly calendar: Effect.Effect<Calendar.Calendar>
  /** Declares an emergency period (R16): round-the-clock service from `from`. */
  readonly declareEmergency: (period: Calendar.EmergencyInput) => Effect.Effect<Calendar.Calendar, Calendar.CalendarConfigError>
  /** Ends an open emergency period at `at` (ISO instant). */
  readonly endEmergency: (id: string, at: string) => Effect.Effect<Calendar.Calendar, Calendar.CalendarConfigError>
  /** Committed changes, as they happen. */
  readonly changes: Stream.Stream<Change>
  /**
   * A subscription to committed changes, open when this effect completes and for as long as
   * its scope: read it without waiting (`PubSub.takeUpTo`) to hand every change to listeners
   * before answering the call that committed it.
   */
  readonly subscribe: Effect.Effect<PubSub.Subscription<Change>, never, Scope.Scope>
  /** The environment derived state is computed in (calendar in force, policies, channels). */
  readonly environment: Effect.Effect<Ticket.Environment>
  /** The configuration the engine was made with (the calendar may since have changed). */
  readonly config: Config
}

/**
 * The engine service tag.
 *
 * @since 0.1.0
 * @category services
 */
export class Engine extends Context.Service<Engine, Service>()("@sportello/core/Engine") {}

const intake = { _tag: "System", component: "intake" } as const

const issuesOf = (issue: SchemaIssue.Issue): Array<Issue> =>
  SchemaIssue.makeFormatterStandardSchemaV1()(issue).issues.map((i) => ({
    path: (i.path ?? []).map((p) => (typeof p === "number" ? p : String(p))),
    message: i.message
  }))

const invalid = (what: string, issues: ReadonlyArray<Issue>) =>
  new InvalidInput({
    message: `${what}: ${issues.map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ")}`,
    issues
  })

/**
 * Decodes an input with a schema, failing with {@link InvalidInput} that says `what` could not
 * be read and where (for the application services beside the engine).
 *
 * @internal
 */
export const decodeInput = <S extends Schema.Constraint>(schema: S, what: string) => {
  const decode = Schema.decodeUnknownEffect(schema)
  return (input: unknown): Effect.Effect<S["Type"], InvalidInput, S["DecodingServices"]> =>
    Effect.mapError(decode(input), (e) => invalid(what, issuesOf(e.issue)))
}

const decodeSubmission = Schema.decodeUnknownEffect(Inbound.Submission)
const decodeCommand = Schema.decodeUnknownEffect(TicketCommand)

const describeName = (ticket: Pick<Ticket.Ticket, "requester">, language: string): string => {
  const identity = ticket.requester.identity
  if (identity === undefined) return language === "it" ? "utente" : "requester"
  return identity._tag === "Person" ? `${identity.firstName} ${identity.lastName}` : identity.name
}

const summaryOf = (ack: Intake.Acknowledgement, language: string): string => {
  const it = language === "it"
  const lines = [
    `- ${it ? "Canale" : "Channel"}: ${ack.summary.channel}`,
    ...(ack.summary.subject === undefined ? [] : [`- ${it ? "Oggetto" : "Subject"}: ${ack.summary.subject}`]),
    `- ${it ? "Testo" : "Text"}: ${ack.summary.text.length > 500 ? ack.summary.text.slice(0, 500) + "…" : ack.summary.text}`
  ]
  if (ack.summary.attachments.length > 0) lines.push(`- ${it ? "Allegati" : "Attachments"}: ${ack.summary.attachments.join(", ")}`)
  for (const r of ack.summary.refusedAttachments) {
    lines.push(`- ${it ? "Allegato non accettato" : "Attachment not accepted"}: ${r.attachment.name} (${r.reason})`)
  }
  return lines.join("\n")
}

const emergencyLine = (ack: Intake.Acknowledgement, language: string): string =>
  ack.emergencyNumbers.length === 0
    ? ""
    : language === "it"
    ? `Se si tratta di un'emergenza in corso chiami subito il ${ack.emergencyNumbers.join(", il ")}.`
    : `If this is an emergency happening now, call ${ack.emergencyNumbers.join(", ")} at once.`

/**
 * The message a template renders to a contact point.
 *
 * @internal
 */
export const message = (options: {
  readonly key: string
  readonly code?: string
  readonly purpose: Outbox.Purpose
  readonly to: Outbox.Message["to"]
  readonly language: string
  readonly text: Templates.Text
  readonly now: number
}): Outbox.Message => ({
  id: crypto.randomUUID(),
  deliveryKey: options.key,
  ...(options.code === undefined ? {} : { code: options.code }),
  purpose: options.purpose,
  to: options.to,
  language: options.language,
  subject: options.text.subject,
  body: options.text.body,
  createdAt: options.now
})

/**
 * Makes the engine from its configuration and ports.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.fnUntraced(function*(config: Config) {
  const store = yield* TicketStore.TicketStore
  const outboxPort = yield* Outbox.Outbox
  const attachments = yield* AttachmentStore.AttachmentStore
  const codes = yield* TicketCodes
  const detector = yield* LanguageDetector
  const calendarRef = yield* Ref.make(config.calendar)
  const pubsub = yield* PubSub.unbounded<Change>()
  const limiter = RateLimiter.make(config.lookupLimit)

  const environment = Effect.map(Ref.get(calendarRef), (calendar): Ticket.Environment => ({
    calendar,
    policies: config.policies,
    channels: config.channels
  }))

  const dueText = (env: Ticket.Environment, ticket: Ticket.Ticket, language: string): string => {
    const d = Ticket.deadline(ticket, env)
    if (d._tag !== "Due") return language === "it" ? "i termini previsti dalla Carta dei servizi" : "the terms of the service charter"
    return Calendar.localDate(env.calendar, d.at - 1)
  }

  const commit = (entry: TicketStore.Commit, events: ReadonlyArray<TicketEvent>) =>
    Effect.tap(store.append(entry), () => PubSub.publish(pubsub, { code: entry.code, version: entry.projection.version, events }))

  const detailsOf = (history: TicketStore.History, env: Ticket.Environment, now: number): Details | undefined => {
    const state = Decider.fold(history.events)
    if (state._tag !== "Ticket") return undefined
    const explanation = Ticket.explain(state, env)
    return {
      code: history.code,
      version: history.version,
      events: history.events,
      ticket: state,
      deadline: Ticket.deadline(state, env),
      sla: Ticket.slaStatus(state, env, now),
      ...(explanation === undefined ? {} : { explanation })
    }
  }

  const submit = Effect.fn("Engine.submit")(function*(input: unknown) {
    const submission = yield* decodeSubmission(input).pipe(
      Effect.mapError((e) => invalid("the request cannot be read", issuesOf(e.issue)))
    )
    const channel = Channel.find(config.channels, submission.channel)
    if (channel === undefined) {
      return yield* invalid("the request cannot be read", [{ path: ["channel"], message: `unknown channel "${submission.channel}"` }])
    }
    const existing = yield* store.findByIdempotencyKey(channel.id, submission.idempotencyKey)
    if (Option.isSome(existing)) return yield* alreadyReceived(existing.value)
    const now = yield* Clock.currentTimeMillis
    const receivedAt = submission.receivedAt !== undefined && submission.receivedAt < now ? submission.receivedAt : now
    const env = yield* environment
    const policy = Policy.inForce(env.policies, Calendar.localDate(env.calendar, receivedAt))

    // attachments: screened on their metadata first; only accepted bytes are stored
    const metadata: Array<Request.Attachment> = []
    for (const a of submission.attachments) {
      metadata.push({ name: a.name, mediaType: a.mediaType, size: a.bytes.byteLength, checksum: yield* AttachmentStore.checksum(a.bytes) })
    }
    const content: Request.Content = { ...submission.content, attachments: metadata }
    const screening = Intake.screenWith({ channel, requester: submission.requester, content }, policy, detector)
    const code = yield* codes.next
    for (const accepted of screening.attachments.accepted) {
      const source = submission.attachments[metadata.indexOf(accepted)]!
      yield* attachments.put(source.bytes, source.mediaType, code).pipe(
        Effect.catchTag("AttachmentTooLarge", (e) =>
          Effect.fail(invalid("an attachment is too large", [{ path: ["attachments", metadata.indexOf(accepted)], message: e.message }]))
        )
      )
    }

    const context: Decider.Context = { ...env, now: receivedAt }
    const steps: Array<TicketCommand> = [{
      _tag: "Receive",
      by: intake,
      code,
      channel: channel.id,
      requester: submission.requester,
      content,
      screening,
      idempotencyKey: submission.idempotencyKey
    }]
    let state: Ticket.State = Ticket.unreceived
    const events: Array<TicketEvent> = []
    const run = (command: TicketCommand) => {
      const result = Decider.run(command, state, context)
      if (result._tag === "Failure") return false
      events.push(...result.success.events)
      state = result.success.state
      return true
    }
    run(steps[0]!)
    const ack = Intake.acknowledgement({ channel, requester: submission.requester, content }, screening, code, policy)
    const outbox: Array<Outbox.Message> = []
    if (ack !== undefined) {
      run({ _tag: "Acknowledge", by: intake, via: ack.via, languages: ack.languages, template: ack.template })
      const kind = ack.template === "received" ? "acknowledgement" : "unsupported-language"
      for (const language of ack.languages) {
        const ticket = state as Ticket.Ticket
        const text = Templates.render(Templates.pick(config.templates, kind, language), {
          code,
          name: describeName(ticket, language),
          summary: summaryOf(ack, language),
          due: dueText(env, ticket, language),
          emergency: emergencyLine(ack, language)
        })
        outbox.push(message({ key: `${code}:ack:${language}`, code, purpose: "acknowledgement", to: ack.to, language, text, now }))
      }
    }
    if (state._tag === "Ticket" && state.status !== "closed") run({ _tag: "Route", by: intake })
    const ticket = state as Ticket.Ticket
    const projection = Projection.project(ticket, env)
    // A retry racing this one committed first: answer with its ticket, as a retry that came later would.
    const earlier = yield* commit({
      code,
      expectedVersion: 0,
      events,
      projection,
      outbox,
      idempotencyKey: { channel: channel.id, key: submission.idempotencyKey }
    }, events).pipe(
      Effect.as(undefined),
      // a commit that fails or is interrupted leaves no attachment owned by a ticket that does not exist
      Effect.onError(() =>
        Effect.forEach(screening.attachments.accepted, (a) => Effect.ignore(attachments.release(a.checksum, code)), { discard: true })
      ),
      Effect.catchTag("IdempotencyKeyTaken", (e) => alreadyReceived(e.code as TicketCode.TicketCode)),
      Effect.catchTag("VersionConflict", (e) => Effect.die(e)) // a fresh random code cannot exist
    )
    if (earlier !== undefined) return earlier
    return {
      code,
      duplicate: false,
      status: projection.status,
      ...(ack === undefined ? {} : { acknowledgement: ack }),
      refusedAttachments: screening.attachments.refused
    } satisfies Submitted as Submitted
  })

  const alreadyReceived = (code: TicketCode.TicketCode) =>
    Effect.flatMap(store.status(code), (status) =>
      Option.isNone(status)
        ? Effect.die(new Error(`ticket ${code} has an idempotency key but no status`))
        : Effect.succeed<Submitted>({ code, duplicate: true, status: status.value, refusedAttachments: [] }))

  const load = (code: string) =>
    Effect.flatMap(store.load(code as TicketCode.TicketCode), (history) =>
      Option.isNone(history)
        ? Effect.fail(new TicketNotFound({ code, message: `there is no ticket ${code}` }))
        : Effect.succeed(history.value))

  const messagesFor = (
    command: TicketCommand,
    before: Ticket.Ticket,
    after: Ticket.Ticket,
    env: Ticket.Environment,
    now: number,
    version: number,
    options: ActOptions
  ): Array<Outbox.Message> => {
    const language = Ticket.replyLanguage(after)
    if (command._tag === "Contact") {
      const reach = Ticket.reachability(after, command.via)
      if (reach._tag !== "Reachable") return []
      return [message({
        key: `${command.campaign}:${after.code}`,
        code: after.code,
        purpose: "campaign",
        to: reach.to,
        language,
        text: Templates.render(Templates.pick(config.templates, "campaign", language), { subject: options.subject ?? "", text: options.text ?? "" }),
        now
      })]
    }
    const channel = Channel.find(env.channels, after.channel)
    const to = channel === undefined ? undefined : Requester.replyAddress(after.requester, channel)
    if (to === undefined) return []
    const key = `${after.code}:${version}`
    switch (command._tag) {
      case "Answer":
        return [message({
          key: `${key}:answer`,
          code: after.code,
          purpose: "answer",
          to,
          language: command.language,
          text: Templates.render(Templates.pick(config.templates, "answer", command.language), { code: after.code, text: options.text ?? "" }),
          now
        })]
      case "Suspend": {
        if (command.reason !== "awaiting-documents") return []
        const autoClose = Ticket.autoCloseAt(after, env)
        return [message({
          key: `${key}:documents`,
          code: after.code,
          purpose: "notice",
          to,
          language,
          text: Templates.render(Templates.pick(config.templates, "documents-requested", language), {
            code: after.code,
            details: options.text ?? command.evidence ?? "",
            autoCloseOn: autoClose === undefined ? "" : Calendar.localDate(env.calendar, autoClose - 1)
          }),
          now
        })]
      }
      case "ExpireDocumentsWait":
        return before.status === "closed" ? [] : [message({
          key: `${key}:documents-not-received`,
          code: after.code,
          purpose: "notice",
          to,
          language,
          text: Templates.render(Templates.pick(config.templates, "closed-documents-not-received", language), { code: after.code }),
          now
        })]
      default:
        return []
    }
  }

  const act = Effect.fn("Engine.act")(function*(code: string, input: unknown, options: ActOptions = {}) {
    const command = yield* decodeCommand(input).pipe(Effect.mapError((e) => invalid("the command cannot be read", issuesOf(e.issue))))
    if (command._tag === "Receive") {
      return yield* invalid("the command cannot be used here", [{ path: ["_tag"], message: "requests are received through intake" }])
    }
    if (command._tag === "Contact" && (options.text ?? "").trim().length === 0) {
      return yield* invalid("the contact cannot be sent", [{ path: ["text"], message: "a contact needs the text of its message" }])
    }
    const attempt = Effect.gen(function*() {
      const history = yield* load(code)
      const env = yield* environment
      const now = yield* Clock.currentTimeMillis
      const before = Decider.fold(history.events)
      const result = Decider.run(command, before, { ...env, now })
      if (result._tag === "Failure") return yield* result.failure
      if (command._tag === "ErasePersonalData") {
        // the law's erasure (R23, B9): every stored copy of the personal data goes, the facts stay
        const redacted = Redaction.redact(history.events)
        const erased = Decider.fold(result.success.events, Decider.fold(redacted)) as Ticket.Ticket
        // bytes first: a crash before the history is rewritten leaves a ticket to erase again
        for (const checksum of Redaction.checksums(history.events)) yield* attachments.release(checksum, history.code)
        yield* outboxPort.erase(history.code)
        yield* store.redact({
          code: history.code,
          expectedVersion: history.version,
          events: result.success.events,
          projection: Projection.project(erased, env),
          outbox: [],
          redacted
        })
        yield* PubSub.publish(pubsub, { code: history.code, version: erased.version, events: result.success.events })
        return detailsOf({ code: history.code, version: erased.version, events: [...redacted, ...result.success.events] }, env, now)!
      }
      const after = result.success.state as Ticket.Ticket
      const projection = Projection.project(after, env)
      const outbox = messagesFor(command, before as Ticket.Ticket, after, env, now, history.version, options)
      yield* commit({ code: history.code, expectedVersion: history.version, events: result.success.events, projection, outbox }, result.success.events)
        .pipe(Effect.catchTag("IdempotencyKeyTaken", (e) => Effect.die(e))) // actions carry no idempotency key
      return detailsOf({ code: history.code, version: after.version, events: [...history.events, ...result.success.events] }, env, now)!
    })
    // another operator changed the ticket meanwhile: decide again on the new history
    return yield* attempt.pipe(Effect.retry({ times: 5, while: (e) => e._tag === "VersionConflict" }))
  })

  const lookup = Effect.fn("Engine.lookup")(function*(code: string, client: string) {
    const now = yield* Clock.currentTimeMillis
    const wait = limiter.take(client, now)
    if (wait > 0) {
      return yield* new RateLimited({ retryAfterMs: wait, message: `too many lookups: try again in ${Math.ceil(wait / 1000)} seconds` })
    }
    const notFound = new StatusNotFound({ message: "no request has this code: check it and try again" })
    const parsed = TicketCode.parse(code)
    if (parsed._tag === "Failure") return yield* notFound
    const status = yield* store.status(parsed.success)
    if (Option.isNone(status)) return yield* notFound
    return status.value
  })

  const details = Effect.fn("Engine.details")(function*(code: string) {
    const parsed = TicketCode.parse(code)
    const history = yield* load(parsed._tag === "Success" ? parsed.success : code)
    const env = yield* environment
    const now = yield* Clock.currentTimeMillis
    const d = detailsOf(history, env, now)
    if (d === undefined) return yield* new TicketNotFound({ code, message: `there is no ticket ${code}` })
    return d
  })

  const statistics = Effect.fn("Engine.statistics")(function*(
    query: Omit<TicketStore.StatisticsQuery, "asOf"> & { readonly asOf?: number }
  ) {
    const asOf = query.asOf ?? (yield* Clock.currentTimeMillis)
    return yield* store.statistics({ ...query, asOf })
  })

  const declareEmergency = Effect.fn("Engine.declareEmergency")(function*(period: Calendar.EmergencyInput) {
    const current = yield* Ref.get(calendarRef)
    const next = yield* Calendar.declareEmergency(current, period)
    yield* Ref.set(calendarRef, next)
    return next
  })

  const endEmergency = Effect.fn("Engine.endEmergency")(function*(id: string, at: string) {
    const current = yield* Ref.get(calendarRef)
    const next = yield* Calendar.endEmergency(current, id, at)
    yield* Ref.set(calendarRef, next)
    return next
  })

  return Engine.of({
    submit,
    act,
    lookup,
    details,
    worklist: store.worklist,
    statistics,
    calendar: Ref.get(calendarRef),
    declareEmergency,
    endEmergency,
    changes: Stream.fromPubSub(pubsub),
    subscribe: PubSub.subscribe(pubsub),
    environment,
    config
  })
})

/**
 * The engine as a layer, on the ports it needs.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  config: Config = departmentDefaults
): Layer.Layer<
  Engine,
  never,
  TicketStore.TicketStore | Outbox.Outbox | AttachmentStore.AttachmentStore | TicketCodes | LanguageDetector
> =>
  Layer.effect(Engine, make(config))
