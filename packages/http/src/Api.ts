/**
 * The HTTP API as a schema-first `HttpApi` declaration: every address, its inputs, its answers
 * and its problems, from which the server (see `Server`) and the OpenAPI document are derived.
 * It holds no server code, so clients may import it to derive a typed client.
 *
 * Addresses, all under `/api`:
 * - public: `POST /requests` (the web form, as `multipart/form-data` with attachments or as
 *   JSON), `GET /status?code=…` (R18), `GET /statistics` (R19, B8; JSON or CSV);
 * - system: `GET /health` (liveness), `GET /ready` (readiness), `GET /openapi.json`;
 * - staff, with a bearer token: `GET /worklist`, `GET /tickets/{code}`,
 *   `POST /tickets/{code}/commands`, `GET|POST /emergencies`, `POST /emergencies/{id}/end`;
 * - administration: `GET /audit`, `GET|POST /tokens`, `DELETE /tokens/{id}`.
 *
 * @since 0.1.0
 */
import { Context, Schema, Struct } from "effect"
import { Multipart } from "effect/http"
import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiMiddleware, HttpApiSchema, HttpApiSecurity, OpenApi } from "effect/http-api"
import {
  Calendar,
  Channel,
  Intake,
  Request,
  Requester,
  Routing,
  Sla,
  TicketCommand,
  TicketEvent
} from "@sportello/core"
import * as Problem from "./Problem.ts"
import { Principal, Role } from "./Tokens.ts"
import * as AuditLog from "./AuditLog.ts"

// -----------------------------------------------------------------------------
// Middleware (declarations; the server implements them)
// -----------------------------------------------------------------------------

/**
 * The principal of the request's bearer token, provided by {@link Authentication}.
 *
 * @since 0.1.0
 * @category middleware
 */
export class CurrentPrincipal extends Context.Service<CurrentPrincipal, Principal>()("@sportello/http/CurrentPrincipal") {}

/**
 * Bearer-token authentication of the staff API: 401 without a valid token.
 *
 * @since 0.1.0
 * @category middleware
 */
export class Authentication extends HttpApiMiddleware.Service<Authentication, { provides: CurrentPrincipal }>()(
  "@sportello/http/Authentication",
  { security: { bearer: HttpApiSecurity.bearer }, error: [Problem.Unauthenticated, Problem.Unavailable] }
) {}

/**
 * What a handler tells the audit log about its request: the action (e.g. the command) and its
 * target (a ticket code, an emergency id, a token id).
 *
 * @since 0.1.0
 * @category middleware
 */
export interface AuditNote {
  action?: string
  target?: string
  reason?: string
}

/**
 * The audit note of the current request.
 *
 * @since 0.1.0
 * @category middleware
 */
export class CurrentAuditNote extends Context.Service<CurrentAuditNote, AuditNote>()("@sportello/http/CurrentAuditNote") {}

/**
 * Records every staff request in the audit log, with its principal, action, target and
 * outcome (R24).
 *
 * @since 0.1.0
 * @category middleware
 */
export class Audit extends HttpApiMiddleware.Service<Audit, { requires: CurrentPrincipal; provides: CurrentAuditNote }>()(
  "@sportello/http/Audit"
) {}

/**
 * Guards the web-form intake: a per-client rate limit and the request-size cap derived from the
 * attachment policy in force.
 *
 * @since 0.1.0
 * @category middleware
 */
export class IntakeGuard extends HttpApiMiddleware.Service<IntakeGuard>()("@sportello/http/IntakeGuard", {
  error: [Problem.RateLimited, Problem.TooLarge]
}) {}

/**
 * Turns whatever cannot be read into problems with field paths: malformed JSON or multipart,
 * fields of the wrong type, bodies over the cap; storage failures become 503.
 *
 * @since 0.1.0
 * @category middleware
 */
export class Problems extends HttpApiMiddleware.Service<Problems>()("@sportello/http/Problems", {
  error: [Problem.InvalidInput, Problem.TooLarge, Problem.Unavailable, Problem.Internal]
}) {}

// -----------------------------------------------------------------------------
// Shared schemas
// -----------------------------------------------------------------------------

const text = (max: number) => Schema.String.check(Schema.isMaxLength(max))

const LocalDate = Schema.String.check(Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/)).annotate({
  description: "a local date, YYYY-MM-DD"
})

const Instant = Schema.Int.annotate({ description: "an instant, in epoch milliseconds" })

/**
 * The public status of a request: no personal data (R18, R23).
 *
 * @since 0.1.0
 * @category schemas
 */
export const PublicStatus = Schema.Struct({
  code: Schema.String,
  state: Schema.Literals(["in-progress", "awaiting-documents", "awaiting-administration", "suspended", "closed"]),
  channel: Schema.String,
  receivedOn: LocalDate,
  lastUpdateOn: LocalDate,
  expectedAnswerBy: Schema.optionalKey(LocalDate),
  pausedSince: Schema.optionalKey(LocalDate),
  outcome: Schema.optionalKey(TicketEvent.Outcome),
  closedOn: Schema.optionalKey(LocalDate)
}).annotate({ identifier: "PublicStatus" })

// -----------------------------------------------------------------------------
// Intake
// -----------------------------------------------------------------------------

const EMAIL = /^$|^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/

const intakeFields = {
  submissionId: Schema.optionalKey(
    Schema.String.check(Schema.isPattern(/^[A-Za-z0-9_-]{16,128}$/)).annotate({
      description: "the client's id of this submission (e.g. a UUID made when the form is shown): sending it again gives the same ticket"
    })
  ),
  requesterKind: Schema.optionalKey(Requester.Kind.annotate({ description: "who writes; default citizen" })),
  firstName: Schema.optionalKey(text(200)),
  lastName: Schema.optionalKey(text(200)),
  organisation: Schema.optionalKey(text(300).annotate({ description: "for institutions, organisations and companies" })),
  office: Schema.optionalKey(text(300)),
  email: Schema.optionalKey(text(320).check(Schema.isPattern(EMAIL, { message: "expected an e-mail address" }))),
  pec: Schema.optionalKey(text(320).check(Schema.isPattern(EMAIL, { message: "expected a PEC address" }))),
  phone: Schema.optionalKey(text(40).check(Schema.isPattern(/^$|^\+?[0-9 ().-]{5,30}$/, { message: "expected a phone number" }))),
  kind: Request.Kind,
  subject: Schema.optionalKey(text(500)),
  text: Schema.NonEmptyString.check(Schema.isMaxLength(100_000)),
  language: Schema.optionalKey(Schema.String.check(Schema.isPattern(/^$|^[a-z]{2,3}$/, { message: "expected a language code like it or en" }))),
  topic: Schema.optionalKey(text(100)),
  homepage: Schema.optionalKey(text(2000).annotate({ description: "honeypot: leave empty (hidden from people)" }))
}

const FormFlag = Schema.Literals(["true", "false", "on", "off", "1", "0", ""])

/**
 * The web form as JSON; attachments carry their content in base64.
 *
 * @since 0.1.0
 * @category schemas
 */
export const IntakeJson = Schema.Struct({
  ...intakeFields,
  consentSms: Schema.optionalKey(Schema.Boolean),
  consentEmail: Schema.optionalKey(Schema.Boolean),
  attachments: Schema.optionalKey(
    Schema.Array(Schema.Struct({
      name: Schema.NonEmptyString.check(Schema.isMaxLength(255)),
      mediaType: Schema.NonEmptyString.check(Schema.isMaxLength(255)),
      content: Schema.Uint8ArrayFromBase64
    })).check(Schema.isMaxLength(100))
  )
}).annotate({ identifier: "IntakeJson" })

/**
 * The web form as `multipart/form-data`: the same fields as {@link IntakeJson}, check boxes as
 * `true`/`on`, files in `attachments`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const IntakeForm = Schema.Struct({
  ...intakeFields,
  consentSms: Schema.optionalKey(FormFlag),
  consentEmail: Schema.optionalKey(FormFlag),
  attachments: Schema.optionalKey(Multipart.FilesSchema)
}).pipe(HttpApiSchema.asMultipart())

const RefusedAttachment = Schema.Struct({
  name: Schema.String,
  mediaType: Schema.String,
  size: Schema.Int,
  reason: Intake.RefusalReason,
  message: Schema.String
})

const Acknowledgement = Schema.Struct({
  via: Channel.ReplyKind,
  languages: Schema.Array(Schema.String),
  template: Schema.Literals(["received", "unsupported-language"]),
  emergencyNumbers: Schema.Array(Schema.String),
  notEmergencyService: Schema.Literal(true),
  summary: Schema.Struct({
    channel: Schema.String,
    kind: Request.Kind,
    subject: Schema.optionalKey(Schema.String),
    text: Schema.String,
    attachments: Schema.Array(Schema.String)
  })
})

/**
 * A new request was registered (201): its code, public status, the acknowledgement queued for
 * sending (absent without a reply address, R4) and the attachments that were refused (R7).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Submitted = Schema.Struct({
  code: Schema.String,
  duplicate: Schema.Literal(false),
  status: PublicStatus,
  acknowledgement: Schema.optionalKey(Acknowledgement),
  refusedAttachments: Schema.Array(RefusedAttachment)
}).annotate({ identifier: "Submitted" }).pipe(HttpApiSchema.status(201))

/**
 * The same submission id was received before (200): the ticket it gave.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AlreadyReceived = Schema.Struct({
  code: Schema.String,
  duplicate: Schema.Literal(true),
  status: PublicStatus
}).annotate({ identifier: "AlreadyReceived" })

// -----------------------------------------------------------------------------
// Statistics
// -----------------------------------------------------------------------------

const Counts = Schema.Struct({
  received: Schema.Int,
  open: Schema.Int,
  closed: Schema.Int,
  /** judged against a deadline, and of those on time: the group's on-time rate is onTime / judged */
  judged: Schema.Int,
  onTime: Schema.Int
})

/**
 * The public statistics of one period (R19, B8): counts by channel, requester kind and
 * outcome, and the on-time rate. Topics are not published (they can be free text).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Report = Schema.Struct({
  period: Schema.String,
  received: Schema.Int,
  open: Schema.Int,
  closed: Schema.Int,
  byChannel: Schema.Record(Schema.String, Counts),
  byRequesterKind: Schema.Record(Schema.String, Counts),
  byOutcome: Schema.Record(Schema.String, Schema.Int),
  judged: Schema.Int,
  onTime: Schema.Int,
  onTimeRate: Schema.optionalKey(Schema.Finite),
  medianTimeToAnswer: Schema.optionalKey(Schema.Finite.annotate({ description: "milliseconds" }))
}).annotate({ identifier: "Report" })

/**
 * A statistics answer: the query and one report per period.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Statistics = Schema.Struct({
  period: Schema.Literals(["day", "month", "year", "all"]),
  from: Schema.optionalKey(LocalDate),
  to: Schema.optionalKey(LocalDate),
  asOf: Instant,
  reports: Schema.Array(Report)
}).annotate({ identifier: "Statistics" })

/**
 * The statistics as CSV: one row per period and channel, plus an `all` row per period with the
 * on-time rate.
 *
 * @since 0.1.0
 * @category schemas
 */
export const StatisticsCsv = Schema.String.pipe(HttpApiSchema.asText({ contentType: "text/csv; charset=utf-8" }))

// -----------------------------------------------------------------------------
// Staff: worklists and tickets
// -----------------------------------------------------------------------------

/**
 * An open ticket in a worklist.
 *
 * @since 0.1.0
 * @category schemas
 */
export const WorklistEntry = Schema.Struct({
  code: Schema.String,
  status: Schema.Literals(["open", "suspended", "closed"]),
  channel: Schema.String,
  receivedAt: Instant,
  complexity: Schema.String,
  topic: Schema.optionalKey(Schema.String),
  queue: Schema.String,
  assignee: Schema.optionalKey(Schema.String),
  urgent: Schema.Boolean,
  dueAt: Schema.optionalKey(Instant),
  atRiskAt: Schema.optionalKey(Instant),
  pausedSince: Schema.optionalKey(Instant),
  pausedReason: Schema.optionalKey(Schema.String)
}).annotate({ identifier: "WorklistEntry" })

const Deadline = Schema.Union([
  Schema.TaggedStruct("NoDeadline", {}),
  Schema.TaggedStruct("Due", { at: Instant }),
  Schema.TaggedStruct("Paused", { since: Instant, reason: Schema.String, autoCloseAt: Schema.optionalKey(Instant) })
]).annotate({ identifier: "Deadline" })

const SlaStatus = Schema.Union([
  Schema.TaggedStruct("Running", { due: Instant, remaining: Schema.Finite, used: Schema.Finite }),
  Schema.TaggedStruct("AtRisk", { due: Instant, remaining: Schema.Finite, used: Schema.Finite }),
  Schema.TaggedStruct("Breached", { due: Instant, overdue: Schema.Finite }),
  Schema.TaggedStruct("Paused", { since: Instant, reason: Schema.String, autoCloseAt: Schema.optionalKey(Instant) }),
  Schema.TaggedStruct("Met", { at: Instant, due: Schema.optionalKey(Instant), onTime: Schema.Boolean }),
  Schema.TaggedStruct("NoDeadline", {})
]).annotate({ identifier: "SlaStatus" })

const Explanation = Schema.Struct({
  term: Sla.Term,
  timeZone: Schema.String,
  receivedAt: Schema.String,
  calendarVersions: Schema.Array(Schema.String),
  emergencies: Schema.Array(Schema.String),
  suspensions: Schema.Array(Schema.Struct({
    reason: Schema.String,
    mode: Schema.Literals(["suspend", "interrupt"]),
    from: Schema.String,
    to: Schema.optionalKey(Schema.String),
    days: Schema.optionalKey(Schema.Finite),
    capped: Schema.optionalKey(Schema.Boolean)
  })),
  days: Schema.optionalKey(Schema.Struct({
    countFrom: Schema.String,
    termDays: Schema.Finite,
    suspendedDays: Schema.Finite,
    dueDate: Schema.String,
    rolledForward: Schema.Array(Schema.Struct({
      date: Schema.String,
      reason: Schema.Literals(["holiday", "no-service-hours", "no-service-time"]),
      detail: Schema.optionalKey(Schema.String)
    })),
    finalDate: Schema.String
  })),
  serviceDay: Schema.optionalKey(Schema.Struct({ date: Schema.String, why: Schema.String })),
  counted: Schema.optionalKey(Schema.Array(Schema.Struct({ from: Schema.String, to: Schema.String, minutes: Schema.Finite }))),
  deadline: Deadline,
  due: Schema.optionalKey(Schema.String)
}).annotate({ identifier: "Explanation", description: "why the deadline is what it is (B10)" })

/**
 * A ticket's state as staff see it (personal data included).
 *
 * @since 0.1.0
 * @category schemas
 */
export const TicketView = Schema.Struct({
  code: Schema.String,
  version: Schema.Int,
  channel: Schema.String,
  status: Schema.Literals(["open", "suspended", "closed"]),
  complexity: Schema.String,
  topic: Schema.optionalKey(Schema.String),
  route: Schema.optionalKey(Routing.Route),
  assignee: Schema.optionalKey(Schema.String),
  consulting: Schema.Array(Schema.String),
  requester: Requester.Requester,
  content: Request.Content,
  screening: Intake.Screening,
  language: Intake.LanguageVerdict,
  receivedAt: Instant,
  policyVersion: Schema.String,
  calendarVersion: Schema.String,
  outcome: Schema.optionalKey(TicketEvent.Outcome),
  closedAt: Schema.optionalKey(Instant),
  acknowledged: Schema.Boolean,
  firstAnsweredAt: Schema.optionalKey(Instant),
  mergedInto: Schema.optionalKey(Schema.String),
  duplicates: Schema.Array(Schema.String),
  erased: Schema.Boolean,
  lastEventAt: Instant
}).annotate({ identifier: "TicketView" })

/**
 * A ticket with its history (R24) and the explanation of its deadline (B10).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Details = Schema.Struct({
  code: Schema.String,
  version: Schema.Int,
  events: Schema.Array(TicketEvent.TicketEvent),
  ticket: TicketView,
  deadline: Deadline,
  sla: SlaStatus,
  explanation: Schema.optionalKey(Explanation)
}).annotate({ identifier: "Details" })

const omitBy = <F extends Schema.Struct.Fields & { readonly by: unknown }>(fields: F) => Struct.omit(fields, ["by"])
const C = TicketCommand.TicketCommand.cases

const commandMembers = [
  C.Acknowledge.mapFields(omitBy),
  C.ResolveLanguage.mapFields(omitBy),
  C.Classify.mapFields(omitBy),
  C.Route.mapFields(omitBy),
  C.Assign.mapFields(omitBy),
  C.ConsultOffice.mapFields(omitBy),
  C.RecordOfficeReply.mapFields(omitBy),
  C.Suspend.mapFields((f) => ({ ...omitBy(f), text: Schema.optionalKey(text(20_000)) })),
  C.Resume.mapFields(omitBy),
  C.Answer.mapFields((f) => ({ ...omitBy(f), text: Schema.NonEmptyString.check(Schema.isMaxLength(100_000)) })),
  C.Close.mapFields(omitBy),
  C.ExpireDocumentsWait.mapFields(omitBy),
  C.Reopen.mapFields(omitBy),
  C.MergeInto.mapFields(omitBy),
  C.AttachDuplicate.mapFields(omitBy),
  C.AddNote.mapFields(omitBy),
  C.Contact.mapFields((f) => ({
    ...omitBy(f),
    subject: Schema.optionalKey(text(500)),
    text: Schema.NonEmptyString.check(Schema.isMaxLength(20_000))
  })),
  C.ErasePersonalData.mapFields(omitBy)
] as const

/**
 * The tags of the commands staff may send: every command of the domain but `Receive`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const commandTags: ReadonlyArray<string> = commandMembers.map((m) => m.fields._tag.schema.literal)

/**
 * A command as staff send it: a ticket command without `by` (the actor comes from the token).
 * `Answer` carries the answer's `text` (sent to the requester); `Suspend` may carry `text`,
 * what is needed from the requester; `Contact` carries the message's `text` and may carry its
 * `subject`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CommandBody = Schema.Union(commandMembers).annotate({
  expected: `a command: an object whose _tag is one of ${commandTags.join(", ")}`
})

/**
 * @since 0.1.0
 * @category schemas
 */
export type CommandBody = typeof CommandBody.Type

// -----------------------------------------------------------------------------
// Emergencies, audit, tokens
// -----------------------------------------------------------------------------

/**
 * An emergency period (R16): round-the-clock service from `from` until `to`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Emergency = Schema.Struct({
  id: Schema.String,
  from: Schema.String,
  to: Schema.optionalKey(Schema.String),
  note: Schema.optionalKey(Schema.String)
}).annotate({ identifier: "Emergency" })

/**
 * The emergency periods of the calendar in force.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Emergencies = Schema.Struct({ emergencies: Schema.Array(Emergency) }).annotate({ identifier: "Emergencies" })

/**
 * A new emergency period: from now unless `from` says otherwise, until it is ended unless
 * `to` says otherwise. Instants are ISO 8601 with an offset.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DeclareEmergency = Schema.Struct({
  id: Schema.NonEmptyString.check(Schema.isMaxLength(100)),
  from: Schema.optionalKey(Calendar.InstantString),
  to: Schema.optionalKey(Calendar.InstantString),
  note: Schema.optionalKey(text(1000))
})

/**
 * The end of an emergency period: now unless `at` says otherwise.
 *
 * @since 0.1.0
 * @category schemas
 */
export const EndEmergency = Schema.Struct({ at: Schema.optionalKey(Calendar.InstantString) })

/**
 * A token as listed: never its secret nor its hash.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TokenInfo = Schema.Struct({
  id: Schema.String,
  subject: Schema.String,
  role: Role,
  label: Schema.optionalKey(Schema.String),
  createdAt: Instant,
  expiresAt: Schema.optionalKey(Instant),
  revokedAt: Schema.optionalKey(Instant)
}).annotate({ identifier: "TokenInfo" })

/**
 * A token just issued: its text is shown this once.
 *
 * @since 0.1.0
 * @category schemas
 */
export const IssuedToken = Schema.Struct({ ...TokenInfo.fields, token: Schema.String })
  .annotate({ identifier: "IssuedToken" })
  .pipe(HttpApiSchema.status(201))

/**
 * What to issue a token for.
 *
 * @since 0.1.0
 * @category schemas
 */
export const IssueToken = Schema.Struct({
  subject: Schema.NonEmptyString.check(Schema.isMaxLength(200)).annotate({ description: "a staff id or office id, never a name" }),
  role: Role,
  label: Schema.optionalKey(text(200)),
  expiresAt: Schema.optionalKey(Calendar.InstantString)
})

// -----------------------------------------------------------------------------
// Groups
// -----------------------------------------------------------------------------

const CodeParam = { code: Schema.String.check(Schema.isMaxLength(100)) }

/**
 * The public addresses: intake, status, statistics.
 *
 * @since 0.1.0
 * @category groups
 */
export class PublicApi extends HttpApiGroup.make("public")
  .add(
    HttpApiEndpoint.post("submit", "/requests", {
      payload: [IntakeJson, IntakeForm],
      success: [Submitted, AlreadyReceived],
      error: [Problem.InvalidInput, Problem.SpamSuspected, Problem.UnsupportedMediaType]
    })
      .middleware(IntakeGuard)
      .annotateMerge(OpenApi.annotations({
        summary: "Send a request (web form, R2)",
        description: "multipart/form-data with files in `attachments`, or JSON with base64 attachments. " +
          "Attachments over the policy's limits are refused one by one and the rest of the request is kept (R7). " +
          "Sending the same `submissionId` again gives the same ticket. Rate-limited per client."
      })),
    HttpApiEndpoint.get("status", "/status", {
      query: { code: Schema.optionalKey(Schema.String) },
      success: PublicStatus,
      error: [Problem.NotFound, Problem.RateLimited]
    }).annotateMerge(OpenApi.annotations({
      summary: "The status of a request by its code (R18)",
      description: "No personal data. The same 404 answer for a malformed and an unknown code; rate-limited per client (429 with Retry-After)."
    })),
    HttpApiEndpoint.get("statistics", "/statistics", {
      query: {
        period: Schema.optionalKey(Schema.Literals(["day", "month", "year", "all"])),
        from: Schema.optionalKey(LocalDate),
        to: Schema.optionalKey(LocalDate),
        format: Schema.optionalKey(Schema.Literals(["json", "csv"]))
      },
      success: [Statistics, StatisticsCsv]
    }).annotateMerge(OpenApi.annotations({
      summary: "Public statistics by period and channel, with the on-time rate (R19, B8)",
      description: "JSON by default; CSV with `format=csv` or `Accept: text/csv`. `period` defaults to month."
    }))
  )
  .annotateMerge(OpenApi.annotations({ title: "Public", description: "For citizens: no token." }))
{}

/**
 * Liveness and readiness.
 *
 * @since 0.1.0
 * @category groups
 */
export class SystemApi extends HttpApiGroup.make("system")
  .add(
    HttpApiEndpoint.get("health", "/health", { success: Schema.Struct({ status: Schema.Literal("ok") }) })
      .annotateMerge(OpenApi.annotations({ summary: "Liveness: the process answers" })),
    HttpApiEndpoint.get("ready", "/ready", { success: Schema.Struct({ status: Schema.Literal("ready") }) })
      .annotateMerge(OpenApi.annotations({ summary: "Readiness: the engine and its storage answer (503 when not)" }))
  )
  .annotateMerge(OpenApi.annotations({ title: "System" }))
{}

/**
 * Worklists, tickets and commands, for operators, offices and supervisors.
 *
 * @since 0.1.0
 * @category groups
 */
export class TicketsApi extends HttpApiGroup.make("tickets")
  .add(
    HttpApiEndpoint.get("worklist", "/worklist", {
      query: {
        queue: Schema.optionalKey(text(100)),
        assignee: Schema.optionalKey(text(200)),
        status: Schema.optionalKey(Schema.Literals(["open", "suspended"])),
        topic: Schema.optionalKey(text(100)),
        limit: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 1000 })))
      },
      success: Schema.Array(WorklistEntry),
      error: Problem.Forbidden
    }).annotateMerge(OpenApi.annotations({ summary: "Open tickets by due date; offices see their own queue" })),
    HttpApiEndpoint.get("details", "/tickets/:code", {
      params: CodeParam,
      success: Details,
      error: [Problem.Forbidden, Problem.NotFound]
    }).annotateMerge(OpenApi.annotations({ summary: "A ticket's history and the explanation of its deadline (B10)" })),
    HttpApiEndpoint.post("command", "/tickets/:code/commands", {
      params: CodeParam,
      payload: CommandBody,
      success: Details,
      error: [Problem.Forbidden, Problem.NotFound, Problem.CommandRefused, Problem.CommandNotApplicable, Problem.Conflict]
    }).annotateMerge(OpenApi.annotations({
      summary: "Send a command to a ticket",
      description: "The actor is the token's holder. 409 when the ticket's state refuses it, 422 when it cannot apply."
    }))
  )
  .middleware(Audit)
  .middleware(Authentication)
  .annotateMerge(OpenApi.annotations({ title: "Tickets", description: "For operators, offices and supervisors." }))
{}

/**
 * Emergency periods (R16).
 *
 * @since 0.1.0
 * @category groups
 */
export class EmergenciesApi extends HttpApiGroup.make("emergencies")
  .add(
    HttpApiEndpoint.get("list", "/emergencies", { success: Emergencies, error: Problem.Forbidden }),
    HttpApiEndpoint.post("declare", "/emergencies", {
      payload: DeclareEmergency,
      success: Emergencies.pipe(HttpApiSchema.status(201)),
      error: [Problem.Forbidden, Problem.Unprocessable]
    }).annotateMerge(OpenApi.annotations({ summary: "Declare an emergency period: round-the-clock service (R16)" })),
    HttpApiEndpoint.post("end", "/emergencies/:id/end", {
      params: { id: text(100) },
      payload: EndEmergency,
      success: Emergencies,
      error: [Problem.Forbidden, Problem.Unprocessable]
    }).annotateMerge(OpenApi.annotations({ summary: "End an emergency period" }))
  )
  .middleware(Audit)
  .middleware(Authentication)
  .annotateMerge(OpenApi.annotations({ title: "Emergencies", description: "Supervisors and admins declare and end them." }))
{}

/**
 * Tokens and the audit log.
 *
 * @since 0.1.0
 * @category groups
 */
export class AdminApi extends HttpApiGroup.make("admin")
  .add(
    HttpApiEndpoint.get("audit", "/audit", {
      query: { limit: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 10_000 }))) },
      success: Schema.Array(AuditLog.Entry),
      error: Problem.Forbidden
    }).annotateMerge(OpenApi.annotations({ summary: "The audit log, newest first (R24)" })),
    HttpApiEndpoint.get("tokens", "/tokens", { success: Schema.Array(TokenInfo), error: Problem.Forbidden }),
    HttpApiEndpoint.post("issueToken", "/tokens", {
      payload: IssueToken,
      success: IssuedToken,
      error: Problem.Forbidden
    }).annotateMerge(OpenApi.annotations({ summary: "Issue a token: its text is in this answer only" })),
    HttpApiEndpoint.delete("revokeToken", "/tokens/:id", {
      params: { id: text(100) },
      success: HttpApiSchema.NoContent,
      error: [Problem.Forbidden, Problem.NotFound]
    })
  )
  .middleware(Audit)
  .middleware(Authentication)
  .annotateMerge(OpenApi.annotations({ title: "Administration", description: "Tokens (admins) and the audit log (supervisors, admins)." }))
{}

/**
 * The whole API, under `/api`.
 *
 * @since 0.1.0
 * @category api
 */
export class Api extends HttpApi.make("sportello")
  .add(PublicApi, SystemApi, TicketsApi, EmergenciesApi, AdminApi)
  .prefix("/api")
  .middleware(Problems)
  .annotate(HttpApi.PayloadParseOptions, { errors: "all" })
  .annotate(HttpApi.QueryParseOptions, { errors: "all" })
  .annotateMerge(OpenApi.annotations({
    title: "Sportello",
    version: "0.1.0",
    description: "The ticket engine of a public Contact Center: web-form intake, status by code, public statistics, " +
      "the operator and office API. Errors are RFC 9457 problem details (application/problem+json)."
  }))
{}

/**
 * The path the OpenAPI document is served at.
 *
 * @since 0.1.0
 * @category api
 */
export const openApiPath = "/api/openapi.json"

/**
 * The path prefix of every address of the API.
 *
 * @since 0.1.0
 * @category api
 */
export const prefix = "/api"
