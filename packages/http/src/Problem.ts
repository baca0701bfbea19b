/**
 * Errors as RFC 9457 problem details (`application/problem+json`). Every error the API answers
 * is one of the problems below: a stable `type` to match on, the HTTP `status`, a short
 * `title`, a `detail` written for a person, and — for input that cannot be read — `errors`,
 * one entry per field with its `path` and a plain `message`. A response never carries a stack
 * trace, an internal error message or the input that was refused.
 *
 * Besides the typed problems, this module turns what the HTTP stack itself refuses (malformed
 * multipart bodies, bodies over the size cap, unknown addresses, unsupported content types)
 * into the same problems, and answers anything unexpected with a bare `500` problem while the
 * cause goes to the server log.
 *
 * @since 0.1.0
 */
import { Cause, Effect, Option, Schema, SchemaIssue } from "effect"
import {
  type HttpServerError,
  HttpServerRequest,
  HttpServerRespondable,
  HttpServerResponse,
  Multipart,
  ProblemDetails
} from "effect/http"
import { HttpApiError } from "effect/http-api"

/**
 * The prefix of every problem `type`: `urn:sportello:problem:<name>`.
 *
 * @since 0.1.0
 * @category constants
 */
export const typePrefix = "urn:sportello:problem:"

/**
 * One problem with an input: where (`path`, from the root of the part of the request it is in:
 * `body`, `query`, `path` or `headers`) and what (`message`).
 *
 * @since 0.1.0
 * @category models
 */
export const Issue = Schema.Struct({
  path: Schema.Array(Schema.Union([Schema.String, Schema.Int])),
  message: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export type Issue = typeof Issue.Type

/**
 * 400: the request cannot be read — malformed JSON or multipart, a field of the wrong type, a
 * missing or invalid field. `errors` says which fields and why; nothing was stored.
 *
 * @since 0.1.0
 * @category problems
 */
export class InvalidInput extends HttpApiError.Problem<InvalidInput>()("InvalidInput", {
  type: "urn:sportello:problem:invalid-input",
  status: 400,
  title: "The request cannot be read"
}, {
  errors: Schema.Array(Issue)
}) {}

/**
 * 401: no bearer token, or one that is unknown, expired or revoked.
 *
 * @since 0.1.0
 * @category problems
 */
export class Unauthenticated extends HttpApiError.Problem<Unauthenticated>()("Unauthenticated", {
  type: "urn:sportello:problem:unauthenticated",
  status: 401,
  title: "Authentication required"
}) {}

/**
 * 403: the token is valid but its role may not do this (or not on this ticket).
 *
 * @since 0.1.0
 * @category problems
 */
export class Forbidden extends HttpApiError.Problem<Forbidden>()("Forbidden", {
  type: "urn:sportello:problem:forbidden",
  status: 403,
  title: "Not allowed"
}) {}

/**
 * 404: nothing has this code or address. The public status lookup gives the same answer for a
 * malformed and for an unknown code (R18, B7).
 *
 * @since 0.1.0
 * @category problems
 */
export class NotFound extends HttpApiError.Problem<NotFound>()("NotFound", {
  type: "urn:sportello:problem:not-found",
  status: 404,
  title: "Not found"
}) {}

/**
 * 409: the ticket refuses the command in its present state (e.g. resuming a ticket that is not
 * suspended). `reason` is the engine's refusal reason, `ticketStatus` the ticket's status.
 *
 * @since 0.1.0
 * @category problems
 */
export class CommandRefused extends HttpApiError.Problem<CommandRefused>()("CommandRefused", {
  type: "urn:sportello:problem:command-refused",
  status: 409,
  title: "The ticket refuses this command"
}, {
  command: Schema.String,
  ticketStatus: Schema.String,
  reason: Schema.String
}) {}

/**
 * 422: the command cannot apply whatever the ticket's state (an unknown suspension reason, an
 * outcome operators may not choose, a language that is not answered…).
 *
 * @since 0.1.0
 * @category problems
 */
export class CommandNotApplicable extends HttpApiError.Problem<CommandNotApplicable>()("CommandNotApplicable", {
  type: "urn:sportello:problem:command-not-applicable",
  status: 422,
  title: "The command cannot be applied"
}, {
  command: Schema.String,
  ticketStatus: Schema.String,
  reason: Schema.String
}) {}

/**
 * 409: the ticket kept changing while the command was being applied; try again.
 *
 * @since 0.1.0
 * @category problems
 */
export class Conflict extends HttpApiError.Problem<Conflict>()("Conflict", {
  type: "urn:sportello:problem:conflict",
  status: 409,
  title: "Changed meanwhile"
}) {}

/**
 * 422: the request is well-formed but cannot be carried out (an emergency period that overlaps
 * or does not exist…). `errors` points at the offending field when there is one.
 *
 * @since 0.1.0
 * @category problems
 */
export class Unprocessable extends HttpApiError.Problem<Unprocessable>()("Unprocessable", {
  type: "urn:sportello:problem:unprocessable",
  status: 422,
  title: "The request cannot be carried out"
}, {
  errors: Schema.Array(Issue)
}) {}

/**
 * 422: the web form's hidden honeypot field was filled in, as automated form fillers do. Nothing
 * was stored.
 *
 * @since 0.1.0
 * @category problems
 */
export class SpamSuspected extends HttpApiError.Problem<SpamSuspected>()("SpamSuspected", {
  type: "urn:sportello:problem:spam-suspected",
  status: 422,
  title: "The form was not accepted"
}) {}

/**
 * 413: the request is larger than the server accepts. Nothing was stored.
 *
 * @since 0.1.0
 * @category problems
 */
export class TooLarge extends HttpApiError.Problem<TooLarge>()("TooLarge", {
  type: "urn:sportello:problem:too-large",
  status: 413,
  title: "The request is too large"
}, {
  maxBytes: Schema.optionalKey(Schema.Int)
}) {}

/**
 * 415: the body's content type is not one this address reads.
 *
 * @since 0.1.0
 * @category problems
 */
export class UnsupportedMediaType extends HttpApiError.Problem<UnsupportedMediaType>()("UnsupportedMediaType", {
  type: "urn:sportello:problem:unsupported-media-type",
  status: 415,
  title: "Unsupported content type"
}) {}

/**
 * 429: too many requests from this client; `retryAfter` (seconds) says when to try again, as
 * does the `Retry-After` header.
 *
 * @since 0.1.0
 * @category problems
 */
export class RateLimited extends HttpApiError.Problem<RateLimited>()("RateLimited", {
  type: "urn:sportello:problem:rate-limited",
  status: 429,
  title: "Too many requests"
}, {
  retryAfter: Schema.Int
}) {}

/**
 * 503: storage is unavailable or the service is not ready; try again later.
 *
 * @since 0.1.0
 * @category problems
 */
export class Unavailable extends HttpApiError.Problem<Unavailable>()("Unavailable", {
  type: "urn:sportello:problem:unavailable",
  status: 503,
  title: "Temporarily unavailable"
}) {}

/**
 * 500: something went wrong on the server's side. The response says nothing more; the cause
 * is in the server log.
 *
 * @since 0.1.0
 * @category problems
 */
export class Internal extends HttpApiError.Problem<Internal>()("Internal", {
  type: "urn:sportello:problem:internal",
  status: 500,
  title: "Something went wrong on our side"
}) {}

/**
 * Any problem of this module.
 *
 * @since 0.1.0
 * @category models
 */
export type Any =
  | InvalidInput
  | Unauthenticated
  | Forbidden
  | NotFound
  | CommandRefused
  | CommandNotApplicable
  | Conflict
  | Unprocessable
  | SpamSuspected
  | TooLarge
  | UnsupportedMediaType
  | RateLimited
  | Unavailable
  | Internal

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

const segment = (p: PropertyKey | { readonly key: PropertyKey }): string | number => {
  const key = typeof p === "object" ? p.key : p
  return typeof key === "number" ? key : String(key)
}

/**
 * The issues of a schema error, each path prefixed with where in the request it is.
 *
 * @since 0.1.0
 * @category constructors
 */
export const issuesOf = (error: Schema.SchemaError, where: ReadonlyArray<string> = []): Array<Issue> =>
  formatter(error.issue).issues.map((i) => ({
    path: [...where, ...(i.path ?? []).map(segment)],
    message: i.message
  }))

const describe = (issues: ReadonlyArray<Issue>): string =>
  issues.map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ")

/**
 * An {@link InvalidInput} problem from a list of issues.
 *
 * @since 0.1.0
 * @category constructors
 */
export const invalid = (issues: ReadonlyArray<Issue>, detail?: string): InvalidInput =>
  new InvalidInput({ detail: detail ?? `the request cannot be read: ${describe(issues)}`, errors: issues })

const SLOTS: Record<string, string> = { Params: "path", Headers: "headers", Query: "query", Payload: "body" }

/**
 * The problem for a request part that failed decoding (`HttpApiSchemaError`), or undefined for
 * a response that failed encoding (a server fault).
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromSchemaError = (error: HttpApiError.HttpApiSchemaError): InvalidInput | undefined => {
  const slot = SLOTS[error.kind]
  if (slot === undefined) return undefined
  return invalid(issuesOf(error.cause, [slot]))
}

const TOO_LARGE: Record<string, string> = {
  FileTooLarge: "an attached file is larger than the server accepts",
  FieldTooLarge: "a form field is longer than the server accepts",
  BodyTooLarge: "the request is larger than the server accepts",
  TooManyParts: "the form has more parts than the server accepts"
}

/**
 * The problem for a failure of the HTTP stack while reading a request: malformed multipart,
 * a body over the size cap, a body that could not be parsed. Undefined for anything else.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromRequestFailure = (u: unknown, maxBytes?: number): Any | undefined => {
  if (HttpApiError.HttpApiSchemaError.is(u)) return fromSchemaError(u)
  if (Multipart.isMultipartError(u)) {
    const reason = u.reason._tag
    if (reason === "Parse") {
      return invalid([{ path: ["body"], message: "the multipart form data is malformed" }], "the form data cannot be read")
    }
    if (reason === "InternalError") return undefined
    return new TooLarge({ detail: TOO_LARGE[reason]!, ...(maxBytes === undefined ? {} : { maxBytes }) })
  }
  if (isServerError(u)) {
    const r = u.reason
    if (r._tag === "RequestParseError") {
      return r.reason === "BodyTooLarge"
        ? new TooLarge({ detail: TOO_LARGE.BodyTooLarge!, ...(maxBytes === undefined ? {} : { maxBytes }) })
        : invalid([{ path: ["body"], message: "the body could not be read" }], "the request body cannot be read")
    }
    if (r._tag === "RouteNotFound") return new NotFound({ detail: "there is nothing at this address" })
  }
  return undefined
}

const isServerError = (u: unknown): u is HttpServerError.HttpServerError =>
  typeof u === "object" && u !== null && (u as { _tag?: unknown })._tag === "HttpServerError" && "reason" in u

const GENERIC: Record<number, string> = {
  400: "Bad request",
  401: "Authentication required",
  403: "Not allowed",
  404: "Not found",
  405: "Method not allowed",
  406: "Not acceptable",
  408: "Request timeout",
  409: "Conflict",
  411: "Length required",
  413: "The request is too large",
  414: "The address is too long",
  415: "Unsupported content type",
  422: "The request cannot be carried out",
  426: "Upgrade required",
  429: "Too many requests",
  499: "Client closed request",
  500: "Something went wrong on our side",
  501: "Not implemented",
  503: "Temporarily unavailable"
}

const TYPES: Record<number, string> = {
  400: "invalid-input",
  401: "unauthenticated",
  403: "forbidden",
  404: "not-found",
  413: "too-large",
  415: "unsupported-media-type",
  429: "rate-limited",
  500: "internal",
  503: "unavailable"
}

/**
 * A problem response for a bare HTTP status, for the refusals of the HTTP stack that carry no
 * body of their own.
 *
 * @since 0.1.0
 * @category constructors
 */
export const responseForStatus = (status: number, detail?: string): HttpServerResponse.HttpServerResponse =>
  ProblemDetails.toResponse({
    type: TYPES[status] === undefined ? ProblemDetails.blankType : `${typePrefix}${TYPES[status]}`,
    status,
    title: GENERIC[status] ?? (status >= 500 ? GENERIC[500]! : GENERIC[400]!),
    ...(detail === undefined ? {} : { detail })
  })

/**
 * The response of a problem.
 *
 * @since 0.1.0
 * @category constructors
 */
export const toResponse = (problem: Any): Effect.Effect<HttpServerResponse.HttpServerResponse> =>
  HttpServerRespondable.toResponse(problem)

const contentTypeOf = (response: HttpServerResponse.HttpServerResponse): string =>
  response.headers["content-type"] ?? ("contentType" in response.body ? response.body.contentType ?? "" : "")

const isProblemResponse = (response: HttpServerResponse.HttpServerResponse): boolean =>
  contentTypeOf(response).startsWith(ProblemDetails.contentType)

/** Keeps the headers a bare refusal set (Allow, Retry-After, WWW-Authenticate…), not its body's. */
const asProblem = (response: HttpServerResponse.HttpServerResponse): HttpServerResponse.HttpServerResponse => {
  const { "content-type": _type, "content-length": _length, ...rest } = response.headers
  return HttpServerResponse.setHeaders(responseForStatus(response.status), rest)
}

const SECURITY_HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "referrer-policy": "no-referrer"
}

const secure = (response: HttpServerResponse.HttpServerResponse): HttpServerResponse.HttpServerResponse => {
  let r = HttpServerResponse.setHeaders(response, SECURITY_HEADERS)
  if (r.headers["cache-control"] === undefined) r = HttpServerResponse.setHeader(r, "cache-control", "no-store")
  return r
}

/**
 * The last line of defence, as router middleware for the addresses under `prefix`: whatever
 * the routes answer or fail with becomes a response with a problem body when it is an error —
 * the HTTP stack's own refusals (404 for an unknown address, 415, malformed bodies) included —
 * and every response gets `nosniff`, a restrictive content security policy and, unless the
 * route set one, `Cache-Control: no-store`. Unexpected failures are logged with their cause
 * and answered with a bare {@link Internal} problem.
 *
 * @since 0.1.0
 * @category middleware
 */
export const safetyNet = (prefix: string) =>
<E>(
  effect: Effect.Effect<HttpServerResponse.HttpServerResponse, E>
): Effect.Effect<HttpServerResponse.HttpServerResponse, E, HttpServerRequest.HttpServerRequest> =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
    const path = request.url.split("?")[0]!
    if (path !== prefix && !path.startsWith(`${prefix}/`)) return effect
    return effect.pipe(
      Effect.map((response) =>
        response.status >= 400 && !isProblemResponse(response) ? asProblem(response) : response
      ),
      Effect.catchCause((cause): Effect.Effect<HttpServerResponse.HttpServerResponse, E> => {
        if (Cause.hasInterruptsOnly(cause)) return Effect.failCause(cause)
        const failure = Option.getOrUndefined(Cause.findErrorOption(cause))
        const defect = Cause.findDefect(cause)
        const thrown = failure ?? (defect._tag === "Success" ? defect.success : undefined)
        const known = fromRequestFailure(thrown)
        if (known !== undefined) return toResponse(known)
        if (thrown !== undefined && HttpServerRespondable.isRespondable(thrown) && failure !== undefined) {
          return Effect.map(HttpServerRespondable.toResponse(thrown), (r) =>
            r.status >= 500 ? responseForStatus(500) : isProblemResponse(r) ? r : asProblem(r))
        }
        return Effect.as(Effect.logError("unexpected failure while handling a request", cause), responseForStatus(500))
      }),
      Effect.map(secure)
    )
  })
