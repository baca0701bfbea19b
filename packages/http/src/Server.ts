/**
 * The server of the {@link Api}: handlers on the engine, the middleware (authentication,
 * audit, intake guard, problems), the router layer and the Node HTTP server.
 *
 * - {@link routes}: the API's routes on an `HttpRouter`, to serve alone or beside other routes
 *   (an example application's pages);
 * - {@link layer}: the API served by Node's HTTP server on a port;
 * - {@link layerTest}: the API on a real server on port 0 with an `HttpClient` pointed at it.
 *
 * Each needs the `Engine`, the `Tokens` storage and the `AuditLog` from the context.
 *
 * @since 0.1.0
 */
import { NodeHttpServer } from "@effect/platform-node"
import { ByteSize, Clock, Effect, Exit, FileSystem, Layer, Option, type Path, Redacted, type Types } from "effect"
import {
  type Etag,
  type HttpClient,
  HttpEffect,
  HttpIncomingMessage,
  type HttpPlatform,
  HttpRouter,
  type HttpServer,
  type HttpServerError,
  HttpServerRequest,
  HttpServerResponse,
  Multipart
} from "effect/http"
import { HttpApiBuilder, HttpApiError } from "effect/http-api"
import { Calendar, Engine, type Intake, Policy, RateLimiter, Redaction, type StorageError } from "@sportello/core"
import { createServer } from "node:http"
import * as Access from "./Access.ts"
import {
  Api,
  Audit,
  Authentication,
  type AuditNote,
  type CommandBody,
  CurrentAuditNote,
  CurrentPrincipal,
  IntakeGuard,
  type IntakeForm,
  type IntakeJson,
  openApiPath,
  prefix,
  Problems
} from "./Api.ts"
import { AuditLog, outcomeOf } from "./AuditLog.ts"
import * as Csv from "./Csv.ts"
import * as Problem from "./Problem.ts"
import * as Tokens from "./Tokens.ts"
import * as WebForm from "./WebForm.ts"

// -----------------------------------------------------------------------------
// Options
// -----------------------------------------------------------------------------

/**
 * Options of the server.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Web-form submissions allowed per client: `capacity` per `perMs`. Default 10 per minute. */
  readonly intakeLimit?: RateLimiter.Options
  /**
   * The hard cap on an intake request, in bytes. Default: the policy's total attachment size
   * plus 1 MiB for the fields (multipart), a third more for base64 in JSON.
   */
  readonly maxIntakeBytes?: number
  /** The cap on every other request body, in bytes. Default 1 MiB. */
  readonly maxBodyBytes?: number
  /**
   * Identify clients (for rate limits) by the first address of `X-Forwarded-For`: only behind a
   * proxy that sets it. Default false: the peer address.
   */
  readonly trustProxy?: boolean
}

const MiB = 1024 * 1024

/**
 * The default per-client intake limit: 10 submissions per minute.
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaultIntakeLimit: RateLimiter.Options = { capacity: 10, perMs: 60_000 }

const clientOf = (request: HttpServerRequest.HttpServerRequest, trustProxy: boolean): string => {
  if (trustProxy) {
    const forwarded = request.headers["x-forwarded-for"]?.split(",")[0]?.trim()
    if (forwarded !== undefined && forwarded !== "") return forwarded
  }
  return Option.getOrElse(request.remoteAddress, () => "unknown")
}

const isMultipart = (request: HttpServerRequest.HttpServerRequest): boolean =>
  (request.headers["content-type"] ?? "").toLowerCase().startsWith("multipart/")

const unavailable = (e: StorageError.StorageError) =>
  Effect.andThen(
    Effect.logWarning("storage unavailable", e.message),
    Effect.fail(new Problem.Unavailable({ detail: "the service cannot reach its storage just now: try again in a moment" }))
  )

// The action has happened (or been refused) already: its answer stands, and the gap is logged loudly.
const auditUnavailable = (e: StorageError.StorageError) => Effect.logError("the audit log could not record an entry", e.message)

const forbidden = (detail: string) => new Problem.Forbidden({ detail })

const allow = (principal: Tokens.Principal, permission: Access.Permission) =>
  Access.can(principal.role, permission)
    ? Effect.void
    : Effect.fail(forbidden(`the role ${principal.role} may not do this`))

const retryAfter = (seconds: number) =>
  HttpEffect.appendPreResponseHandler((_request, response) =>
    Effect.succeed(HttpServerResponse.setHeader(response, "retry-after", String(seconds)))
  )

const isoNow = Effect.map(Clock.currentTimeMillis, (now) => new Date(now).toISOString())

// -----------------------------------------------------------------------------
// Middleware
// -----------------------------------------------------------------------------

const ProblemsLive = (options: Options) =>
  Layer.succeed(Problems)((httpEffect) =>
    httpEffect.pipe(
      Effect.catch((error: unknown): Effect.Effect<never, Types.unhandled | Problem.InvalidInput> => {
        if (!HttpApiError.HttpApiSchemaError.is(error)) return Effect.fail(error as Types.unhandled)
        const problem = Problem.fromSchemaError(error)
        return problem === undefined ? Effect.die(error) : Effect.fail(problem)
      }),
      Effect.catchDefect((defect) => {
        const problem = Problem.fromRequestFailure(defect)
        return problem === undefined ? Effect.die(defect) : Effect.fail(problem as Problem.InvalidInput | Problem.TooLarge)
      }),
      Effect.provideService(HttpIncomingMessage.MaxBodySize, ByteSize.bytes(options.maxBodyBytes ?? MiB))
    )
  )

const IntakeGuardLive = (options: Options) =>
  Layer.effect(IntakeGuard)(Effect.gen(function*() {
    const engine = yield* Engine.Engine
    const limiter = RateLimiter.make(options.intakeLimit ?? defaultIntakeLimit)
    const trustProxy = options.trustProxy ?? false
    return (httpEffect) =>
      Effect.gen(function*() {
        const request = yield* HttpServerRequest.HttpServerRequest
        const now = yield* Clock.currentTimeMillis
        const wait = limiter.take(clientOf(request, trustProxy), now)
        if (wait > 0) {
          const seconds = Math.ceil(wait / 1000)
          yield* retryAfter(seconds)
          return yield* new Problem.RateLimited({
            detail: `too many requests from this address: try again in ${seconds} seconds`,
            retryAfter: seconds
          })
        }
        const env = yield* engine.environment
        const limits = Policy.inForce(env.policies, Calendar.localDate(env.calendar, now)).attachments
        const multipart = isMultipart(request)
        const cap = options.maxIntakeBytes ??
          (multipart ? limits.maxTotalBytes + MiB : Math.ceil(limits.maxTotalBytes * 4 / 3) + MiB)
        const length = Number(request.headers["content-length"])
        if (Number.isFinite(length) && length > cap) {
          return yield* new Problem.TooLarge({ detail: `the request is larger than ${cap} bytes`, maxBytes: cap })
        }
        return yield* httpEffect.pipe(
          Effect.catchDefect((defect) => {
            const problem = Problem.fromRequestFailure(defect, cap)
            return problem?._tag === "TooLarge" ? Effect.fail(problem) : Effect.die(defect)
          }),
          Effect.provideService(HttpIncomingMessage.MaxBodySize, ByteSize.bytes(cap)),
          Effect.provideService(Multipart.MaxFileSize, ByteSize.bytes(cap)),
          Effect.provideService(Multipart.MaxFieldSize, ByteSize.bytes(512 * 1024)),
          Effect.provideService(Multipart.MaxParts, limits.maxCount + 64)
        )
      })
  }))

const AuthenticationLive = Layer.effect(Authentication)(Effect.gen(function*() {
  const tokens = yield* Tokens.Tokens
  const log = yield* AuditLog
  return {
    bearer: (httpEffect, { credential, endpoint, group }) =>
      Effect.gen(function*() {
        const principal = Redacted.value(credential) === ""
          ? Option.none<Tokens.Principal>()
          : yield* Tokens.authenticate(credential).pipe(Effect.provideService(Tokens.Tokens, tokens), Effect.catchTag("StorageError", unavailable))
        if (Option.isNone(principal)) {
          const missing = Redacted.value(credential) === ""
          const { action, target } = yield* auditDefaults(group.identifier, endpoint.identifier)
          yield* log.record({
            at: yield* Clock.currentTimeMillis,
            action,
            ...(target === undefined ? {} : { target }),
            outcome: "unauthenticated",
            status: 401,
            reason: missing ? "no-token" : "invalid-token"
          }).pipe(Effect.catchTag("StorageError", auditUnavailable))
          yield* HttpEffect.appendPreResponseHandler((_request, response) =>
            Effect.succeed(HttpServerResponse.setHeader(
              response,
              "www-authenticate",
              missing ? `Bearer realm="sportello"` : `Bearer realm="sportello", error="invalid_token"`
            ))
          )
          return yield* new Problem.Unauthenticated({
            detail: missing ? "send a staff token: Authorization: Bearer <token>" : "the token is not valid: it is unknown, expired or revoked"
          })
        }
        return yield* Effect.provideService(httpEffect, CurrentPrincipal, principal.value)
      })
  }
}))

const ACTIONS: Record<string, string> = {
  "tickets.worklist": "worklist.read",
  "tickets.details": "ticket.read",
  "tickets.command": "command",
  "emergencies.list": "emergency.list",
  "emergencies.declare": "emergency.declare",
  "emergencies.end": "emergency.end",
  "admin.audit": "audit.read",
  "admin.tokens": "tokens.list",
  "admin.issueToken": "tokens.issue",
  "admin.revokeToken": "tokens.revoke"
}

/** The audit action of an endpoint, and its target when the address names one (a code, an id). */
const auditDefaults = (group: string, endpoint: string) =>
  Effect.map(Effect.serviceOption(HttpRouter.RouteContext), (route) => {
    const params = Option.isSome(route) ? route.value.params : {}
    const target = params.code ?? params.id
    return { action: ACTIONS[`${group}.${endpoint}`] ?? `${group}.${endpoint}`, ...(target === undefined ? {} : { target }) }
  })

const statusOf = (exit: Exit.Exit<HttpServerResponse.HttpServerResponse, unknown>): { status: number; reason?: string } => {
  if (Exit.isSuccess(exit)) return { status: exit.value.status }
  const failure = exit.cause.reasons.find((r) => r._tag === "Fail")
  const defect = exit.cause.reasons.find((r) => r._tag === "Die")
  const error: unknown = failure?._tag === "Fail" ? failure.error : defect?._tag === "Die" ? defect.defect : undefined
  if (error === undefined) return { status: 499, reason: "interrupted" }
  if (typeof error === "object" && error !== null && "status" in error && "type" in error && typeof error.status === "number") {
    return { status: error.status, reason: String(error.type).replace(Problem.typePrefix, "") }
  }
  const known = Problem.fromRequestFailure(error)
  if (known !== undefined) return { status: known.status, reason: known.type.replace(Problem.typePrefix, "") }
  return { status: 500, reason: "internal" }
}

const AuditLive = Layer.effect(Audit)(Effect.gen(function*() {
  const log = yield* AuditLog
  return (httpEffect, { endpoint, group }) =>
    Effect.gen(function*() {
      const principal = yield* CurrentPrincipal
      const note: AuditNote = yield* auditDefaults(group.identifier, endpoint.identifier)
      const exit = yield* Effect.exit(Effect.provideService(httpEffect, CurrentAuditNote, note))
      const { status, reason } = statusOf(exit)
      yield* log.record({
        at: yield* Clock.currentTimeMillis,
        actor: { tokenId: principal.tokenId, subject: principal.subject, role: principal.role },
        action: note.action ?? `${group.identifier}.${endpoint.identifier}`,
        ...(note.target === undefined ? {} : { target: note.target }),
        outcome: outcomeOf(status),
        status,
        ...((note.reason ?? (status >= 400 ? reason : undefined)) === undefined ? {} : { reason: note.reason ?? reason! })
      }).pipe(Effect.catchTag("StorageError", auditUnavailable))
      return yield* exit
    })
}))

// -----------------------------------------------------------------------------
// Handlers
// -----------------------------------------------------------------------------

const PublicLive = (options: Options) =>
  HttpApiBuilder.group(Api, "public", Effect.fnUntraced(function*(handlers) {
    const engine = yield* Engine.Engine
    const fs = yield* FileSystem.FileSystem
    const trustProxy = options.trustProxy ?? false

    const readForm = (payload: unknown, multipart: boolean) =>
      Effect.gen(function*() {
        if (!multipart) {
          const json = payload as typeof IntakeJson.Type
          return {
            ...json,
            attachments: (json.attachments ?? []).map((a) => ({ name: a.name, mediaType: a.mediaType, bytes: a.content }))
          } satisfies WebForm.Form as WebForm.Form
        }
        const form = payload as typeof IntakeForm.Type
        const attachments: Array<WebForm.Attachment> = []
        for (const file of form.attachments ?? []) {
          const bytes = yield* fs.readFile(file.path).pipe(Effect.orDie)
          attachments.push({ name: file.name, mediaType: file.contentType, bytes })
        }
        return {
          ...form,
          consentSms: WebForm.flag(form.consentSms),
          consentEmail: WebForm.flag(form.consentEmail),
          attachments
        } satisfies WebForm.Form as WebForm.Form
      })

    return handlers
      .handle("submit", ({ payload, request }) =>
        Effect.gen(function*() {
          const form = yield* readForm(payload, isMultipart(request))
          if (WebForm.isSpam(form)) {
            return yield* new Problem.SpamSuspected({ detail: "the form could not be accepted: leave the field \"homepage\" empty" })
          }
          const converted = WebForm.toSubmission(form, crypto.randomUUID())
          if (converted._tag === "Failure") return yield* Problem.invalid(converted.issues)
          const submitted = yield* engine.submit(converted.submission).pipe(
            Effect.catchTags({
              InvalidInput: (e) => Effect.fail(Problem.invalid(e.issues.map((i) => ({ path: formPath(i.path), message: i.message })))),
              StorageError: unavailable
            })
          )
          if (submitted.duplicate) {
            return { code: submitted.code, duplicate: true as const, status: submitted.status }
          }
          const ack = submitted.acknowledgement
          return {
            code: submitted.code,
            duplicate: false as const,
            status: submitted.status,
            ...(ack === undefined ? {} : {
              acknowledgement: {
                via: ack.via,
                languages: ack.languages,
                template: ack.template,
                emergencyNumbers: ack.emergencyNumbers,
                notEmergencyService: true as const,
                summary: {
                  channel: ack.summary.channel,
                  kind: ack.summary.kind,
                  ...(ack.summary.subject === undefined ? {} : { subject: ack.summary.subject }),
                  text: ack.summary.text,
                  attachments: ack.summary.attachments
                }
              }
            }),
            refusedAttachments: submitted.refusedAttachments.map((r) => ({
              name: r.attachment.name,
              mediaType: r.attachment.mediaType,
              size: r.attachment.size,
              reason: r.reason,
              message: REFUSAL_TEXT[r.reason]
            }))
          }
        }))
      .handle("status", ({ query, request }) =>
        engine.lookup(query.code ?? "", clientOf(request, trustProxy)).pipe(
          Effect.catchTags({
            StatusNotFound: (e) => Effect.fail(new Problem.NotFound({ detail: e.message })),
            RateLimited: (e) => {
              const seconds = Math.max(1, Math.ceil(e.retryAfterMs / 1000))
              return Effect.andThen(retryAfter(seconds), Effect.fail(new Problem.RateLimited({ detail: e.message, retryAfter: seconds })))
            },
            StorageError: unavailable
          })
        ))
      .handle("statistics", ({ query, request }) =>
        Effect.gen(function*() {
          const period = query.period ?? "month"
          const asOf = yield* Clock.currentTimeMillis
          const reports = yield* engine.statistics({
            period,
            asOf,
            ...(query.from === undefined ? {} : { from: query.from }),
            ...(query.to === undefined ? {} : { to: query.to })
          }).pipe(Effect.catchTag("StorageError", unavailable))
          const csv = query.format === "csv" || (query.format === undefined && (request.headers.accept ?? "").includes("text/csv"))
          if (csv) return Csv.statistics(reports)
          return {
            period,
            ...(query.from === undefined ? {} : { from: query.from }),
            ...(query.to === undefined ? {} : { to: query.to }),
            asOf,
            reports: reports.map(({ byTopic: _topics, ...report }) => report)
          }
        }))
  }))

const FORM_FIELDS: ReadonlyArray<readonly [string, ReadonlyArray<string | number>]> = [
  ["requester.identity.firstName", ["firstName"]],
  ["requester.identity.lastName", ["lastName"]],
  ["requester.identity.name", ["organisation"]],
  ["requester.identity.office", ["office"]],
  ["requester.kind", ["requesterKind"]],
  ["content.kind", ["kind"]],
  ["content.subject", ["subject"]],
  ["content.text", ["text"]],
  ["content.language", ["language"]],
  ["content.topic", ["topic"]],
  ["idempotencyKey", ["submissionId"]]
]

/** Where an issue of the engine's submission model is in the web form. */
const formPath = (path: ReadonlyArray<string | number>): Array<string | number> => {
  const joined = path.join(".")
  const field = FORM_FIELDS.find(([model]) => joined === model || joined.startsWith(`${model}.`))
  if (field !== undefined) return ["body", ...field[1]]
  if (path[0] === "attachments") return ["body", ...path]
  if (path[0] === "requester" && path[1] === "contacts") return ["body", "contacts"]
  return ["body"]
}

const REFUSAL_TEXT: Record<Intake.RefusalReason, string> = {
  channel: "this channel does not carry attachments",
  "media-type": "this file type is not accepted, or the file's content does not match its type",
  size: "the file is too large",
  count: "too many attachments",
  "total-size": "the attachments are too large together"
}

const SystemLive = HttpApiBuilder.group(Api, "system", Effect.fnUntraced(function*(handlers) {
  const engine = yield* Engine.Engine
  return handlers
    .handle("health", () => Effect.succeed({ status: "ok" as const }))
    .handle("ready", () =>
      engine.worklist({ limit: 1 }).pipe(
        Effect.as({ status: "ready" as const }),
        Effect.catchTag("StorageError", unavailable)
      ))
}))

const INPUT_REASONS = new Set([
  "unknown-channel",
  "unknown-policy",
  "unknown-reason",
  "suspension-not-allowed",
  "outcome-not-allowed",
  "language-not-supported",
  "no-consent",
  "no-contact-point"
])

const TicketsLive = HttpApiBuilder.group(Api, "tickets", Effect.fnUntraced(function*(handlers) {
  const engine = yield* Engine.Engine

  const load = (code: string) =>
    engine.details(code).pipe(
      Effect.map(shown),
      Effect.catchTags({
        TicketNotFound: () => Effect.fail(new Problem.NotFound({ detail: `there is no ticket ${code}` })),
        StorageError: unavailable
      })
    )

  const readable = (principal: Tokens.Principal, code: string) =>
    Effect.flatMap(load(code), (details) =>
      Access.mayRead(principal, details)
        ? Effect.succeed(details)
        : Effect.fail(forbidden("this ticket was neither forwarded to your office nor is your office consulted on it")))

  return handlers
    .handle("worklist", ({ query }) =>
      Effect.gen(function*() {
        const principal = yield* CurrentPrincipal
        const note = yield* CurrentAuditNote
        yield* allow(principal, "worklist.read")
        if (principal.role === "office" && query.queue !== undefined && query.queue !== principal.subject) {
          return yield* forbidden("an office sees its own queue only")
        }
        const queue = principal.role === "office" ? principal.subject : query.queue
        if (queue !== undefined) note.target = queue
        return yield* engine.worklist({
          ...(queue === undefined ? {} : { queue }),
          ...(query.assignee === undefined ? {} : { assignee: query.assignee }),
          ...(query.status === undefined ? {} : { status: query.status }),
          ...(query.topic === undefined ? {} : { topic: query.topic }),
          limit: query.limit ?? 200
        }).pipe(Effect.catchTag("StorageError", unavailable))
      }))
    .handle("details", ({ params }) =>
      Effect.gen(function*() {
        const principal = yield* CurrentPrincipal
        yield* allow(principal, "ticket.read")
        return yield* readable(principal, params.code)
      }))
    .handle("command", ({ params, payload }) =>
      Effect.gen(function*() {
        const principal = yield* CurrentPrincipal
        const note = yield* CurrentAuditNote
        note.action = `command.${payload._tag}`
        yield* allow(principal, "ticket.act")
        if (!Access.mayRun(principal.role, payload._tag)) {
          return yield* forbidden(`the role ${principal.role} may not send ${payload._tag}`)
        }
        if (principal.role === "office") {
          if (payload._tag === "RecordOfficeReply" && payload.office !== principal.subject) {
            return yield* forbidden("an office records its own replies only")
          }
          yield* readable(principal, params.code)
        }
        const { command, options } = split(payload)
        return yield* engine.act(params.code, { ...command, by: Access.actorOf(principal) }, options).pipe(
          Effect.map(shown),
          Effect.catchTags({
            InvalidInput: (e) => Effect.fail(Problem.invalid(e.issues.map((i) => ({ path: ["body", ...i.path], message: i.message })))),
            TicketNotFound: () => Effect.fail(new Problem.NotFound({ detail: `there is no ticket ${params.code}` })),
            TicketRefused: (e) => {
              note.reason = e.reason
              const fields = { detail: e.message, command: e.command, ticketStatus: e.status, reason: e.reason }
              return Effect.fail(INPUT_REASONS.has(e.reason) ? new Problem.CommandNotApplicable(fields) : new Problem.CommandRefused(fields))
            },
            VersionConflict: () => Effect.fail(new Problem.Conflict({ detail: "the ticket kept changing while the command was applied: try again" })),
            StorageError: unavailable
          })
        )
      }))
}))

/** An erased ticket's history is shown redacted, whatever the store still holds (B9). */
const shown = (details: Engine.Details): Engine.Details =>
  details.ticket.erased ? { ...details, events: Redaction.redact(details.events) } : details

/** The command, and the extras the engine takes beside it (`Engine.ActOptions`). */
const split = (body: CommandBody): { readonly command: Record<string, unknown>; readonly options: Engine.ActOptions } => {
  if (body._tag === "Answer" || body._tag === "Suspend") {
    const { text, ...command } = body
    return { command, options: text === undefined ? {} : { text } }
  }
  if (body._tag === "Contact") {
    const { text, subject, ...command } = body
    return { command, options: { text, ...(subject === undefined ? {} : { subject }) } }
  }
  return { command: body, options: {} }
}

const emergenciesOf = (calendar: Calendar.Calendar) => ({ emergencies: calendar.input.emergencies ?? [] })

const EmergenciesLive = HttpApiBuilder.group(Api, "emergencies", Effect.fnUntraced(function*(handlers) {
  const engine = yield* Engine.Engine
  const unprocessable = (e: Calendar.CalendarConfigError) =>
    Effect.fail(new Problem.Unprocessable({ detail: e.message, errors: [{ path: ["body", ...e.path], message: e.message }] }))
  return handlers
    .handle("list", () =>
      Effect.gen(function*() {
        const principal = yield* CurrentPrincipal
        yield* allow(principal, "emergency.read")
        return emergenciesOf(yield* engine.calendar)
      }))
    .handle("declare", ({ payload }) =>
      Effect.gen(function*() {
        const principal = yield* CurrentPrincipal
        const note = yield* CurrentAuditNote
        note.target = payload.id
        yield* allow(principal, "emergency.manage")
        const calendar = yield* engine.declareEmergency({
          id: payload.id,
          from: payload.from ?? (yield* isoNow),
          ...(payload.to === undefined ? {} : { to: payload.to }),
          ...(payload.note === undefined ? {} : { note: payload.note })
        }).pipe(Effect.catchTag("CalendarConfigError", unprocessable))
        return emergenciesOf(calendar)
      }))
    .handle("end", ({ params, payload }) =>
      Effect.gen(function*() {
        const principal = yield* CurrentPrincipal
        yield* allow(principal, "emergency.manage")
        const calendar = yield* engine.endEmergency(params.id, payload.at ?? (yield* isoNow)).pipe(
          Effect.catchTag("CalendarConfigError", unprocessable)
        )
        return emergenciesOf(calendar)
      }))
}))

const infoOf = (t: Tokens.StoredToken) => ({
  id: t.id,
  subject: t.subject,
  role: t.role,
  ...(t.label === undefined ? {} : { label: t.label }),
  createdAt: t.createdAt,
  ...(t.expiresAt === undefined ? {} : { expiresAt: t.expiresAt }),
  ...(t.revokedAt === undefined ? {} : { revokedAt: t.revokedAt })
})

const AdminLive = HttpApiBuilder.group(Api, "admin", Effect.fnUntraced(function*(handlers) {
  const tokens = yield* Tokens.Tokens
  const log = yield* AuditLog
  const withTokens = Effect.provideService(Tokens.Tokens, tokens)
  return handlers
    .handle("audit", ({ query }) =>
      Effect.gen(function*() {
        const principal = yield* CurrentPrincipal
        yield* allow(principal, "audit.read")
        return yield* log.recent(query.limit ?? 100).pipe(Effect.catchTag("StorageError", unavailable))
      }))
    .handle("tokens", () =>
      Effect.gen(function*() {
        const principal = yield* CurrentPrincipal
        yield* allow(principal, "tokens.manage")
        const all = yield* tokens.list.pipe(Effect.catchTag("StorageError", unavailable))
        return all.map(infoOf)
      }))
    .handle("issueToken", ({ payload }) =>
      Effect.gen(function*() {
        const principal = yield* CurrentPrincipal
        const note = yield* CurrentAuditNote
        yield* allow(principal, "tokens.manage")
        const issued = yield* Tokens.issue({
          subject: payload.subject,
          role: payload.role,
          ...(payload.label === undefined ? {} : { label: payload.label }),
          ...(payload.expiresAt === undefined ? {} : { expiresAt: Date.parse(payload.expiresAt) })
        }).pipe(withTokens, Effect.catchTag("StorageError", unavailable))
        note.target = issued.stored.id
        return { ...infoOf(issued.stored), token: Redacted.value(issued.token) }
      }))
    .handle("revokeToken", ({ params }) =>
      Effect.gen(function*() {
        const principal = yield* CurrentPrincipal
        yield* allow(principal, "tokens.manage")
        const revoked = yield* Tokens.revoke(params.id).pipe(withTokens, Effect.catchTag("StorageError", unavailable))
        if (!revoked) return yield* new Problem.NotFound({ detail: `there is no token ${params.id}` })
      }))
}))

// -----------------------------------------------------------------------------
// Layers
// -----------------------------------------------------------------------------

/**
 * The API's routes on the `HttpRouter`, with the OpenAPI document at `/api/openapi.json` and
 * problem responses for every error under `/api`.
 *
 * @since 0.1.0
 * @category layers
 */
export const routes = (
  options: Options = {}
): Layer.Layer<
  never,
  never,
  | HttpRouter.HttpRouter
  | Engine.Engine
  | Tokens.Tokens
  | AuditLog
  | FileSystem.FileSystem
  | Path.Path
  | HttpPlatform.HttpPlatform
  | Etag.Generator
> =>
  Layer.mergeAll(
    HttpApiBuilder.layer(Api, { openapiPath: openApiPath }).pipe(
      Layer.provide([PublicLive(options), SystemLive, TicketsLive, EmergenciesLive, AdminLive]),
      Layer.provide([ProblemsLive(options), IntakeGuardLive(options), AuthenticationLive, AuditLive])
    ),
    HttpRouter.middleware(Problem.safetyNet(prefix), { global: true })
  )

/**
 * The API served by Node's HTTP server on `port` (0 for any free port) and `host` (default all
 * interfaces). The `HttpServer` in the output tells the address it listens on.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options & {
    readonly port: number
    readonly host?: string
    /** Do not log each request (method, address, status, time). */
    readonly disableLogger?: boolean
    /** Do not log the address the server listens on. */
    readonly disableListenLog?: boolean
  }
): Layer.Layer<HttpServer.HttpServer, HttpServerError.ServeError, Engine.Engine | Tokens.Tokens | AuditLog> =>
  HttpRouter.serve(routes(options), {
    disableLogger: options.disableLogger ?? false,
    disableListenLog: options.disableListenLog ?? false
  }).pipe(
    Layer.provideMerge(NodeHttpServer.layer(createServer, {
      port: options.port,
      ...(options.host === undefined ? {} : { host: options.host })
    }))
  )

/**
 * The API on a real Node HTTP server on a free port of 127.0.0.1, with an `HttpClient` whose
 * relative URLs go to it: for tests.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerTest = (
  options: Options = {}
): Layer.Layer<HttpClient.HttpClient | HttpServer.HttpServer, HttpServerError.ServeError, Engine.Engine | Tokens.Tokens | AuditLog> =>
  HttpRouter.serve(routes(options), { disableLogger: true, disableListenLog: true }).pipe(
    Layer.provideMerge(NodeHttpServer.layerTest)
  )
