/**
 * The web pages: every route in Italian and English, rendered on the server. Every handler
 * answers a page: bad input gets the form back with its problems, never a 500; an
 * unexpected failure gets a plain error page and a log line without personal data.
 */
import {
  AttachmentStore,
  Calendar,
  Engine,
  Outbox,
  Relay,
  type Decider,
  type Ticket
} from "@sportello/core"
import { ByteSize, Cause, Clock, Effect, Layer, Option, Stream } from "effect"
import {
  HttpIncomingMessage,
  HttpRouter,
  HttpServerRequest,
  HttpServerResponse,
  HttpStaticServer,
  Multipart
} from "effect/http"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { Access, AuditLog, Server, type Tokens } from "@sportello/http"
import * as Auth from "./Auth.ts"
import { html, type Html, toString } from "./Html.ts"
import { langs, type Lang, messages } from "./I18n.ts"
import * as Layout from "./Layout.ts"
import * as Console from "./pages/Console.ts"
import * as Form from "./pages/Form.ts"
import * as OutboxPage from "./pages/Outbox.ts"
import * as Status from "./pages/Status.ts"
import * as Transparency from "./pages/Transparency.ts"
import * as Paths from "./Paths.ts"
import { DevSink } from "./Sink.ts"

/** What the pages need. */
export type Services =
  | Engine.Engine
  | AttachmentStore.AttachmentStore
  | Outbox.Outbox
  | Auth.Operators
  | DevSink
  | AuditLog.AuditLog
  | Tokens.Tokens
  | HttpRouter.Provided

const securityHeaders = {
  "Content-Security-Policy":
    "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "Cache-Control": "no-store"
}

/** A page as a response. */
const respond = (page: Html, status = 200): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.text(toString(page), { status, contentType: "text/html; charset=utf-8", headers: securityHeaders })

const seeOther = (location: string) => HttpServerResponse.redirect(location, { status: 303, headers: securityHeaders })

/** The shell around a page's content, with the emergency banner when an emergency period is in force. */
const shell = (lang: Lang, title: string, path: string, body: Html) =>
  Effect.gen(function*() {
    const engine = yield* Engine.Engine
    const calendar = yield* engine.calendar
    const now = yield* Clock.currentTimeMillis
    const emergency = Console.activeEmergency(calendar, now) !== undefined
    return Layout.page({ lang, title, path, emergency, body })
  })

const errorPage = (lang: Lang, status: 404 | 500 | 503) =>
  Effect.gen(function*() {
    const e = messages[lang].errors
    const body = status === 404
      ? html`<h1>${e.notFoundTitle}</h1><p>${e.notFound}</p><p><a href="${Paths.to("form", lang)}">${e.home}</a></p>`
      : html`<h1>${e.serverTitle}</h1><p>${e.server}</p><p><a href="${Paths.to("form", lang)}">${e.home}</a></p>`
    const title = status === 404 ? e.notFoundTitle : e.serverTitle
    return respond(Layout.page({ lang, title, path: Paths.to("form", lang), emergency: false, body }), status)
  })

/** Catches whatever a handler did not: a log line that names the failure, and the error page. */
const guard = <E, R>(lang: Lang, self: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>) =>
  self.pipe(
    Effect.catchCause((cause) =>
      Cause.hasInterruptsOnly(cause)
        ? Effect.failCause(cause as Cause.Cause<never>)
        : Effect.flatMap(
          Effect.logError(`page failed: ${describeFailure(Cause.squash(cause))}`),
          () => errorPage(lang, 500)
        )
    )
  )

/** The name of a failure, never its data (messages may quote what a person typed). */
const describeFailure = (u: unknown): string =>
  typeof u === "object" && u !== null && "_tag" in u ? String((u as { _tag: unknown })._tag) : u instanceof Error ? u.name : "defect"

const request = HttpServerRequest.HttpServerRequest

const pathOf = (url: string) => url.split("?")[0] ?? url
const queryOf = (url: string) => new URLSearchParams(url.includes("?") ? url.slice(url.indexOf("?") + 1) : "")

/** The fields of a URL-encoded form body (at most 256 KiB). */
const formFields = Effect.gen(function*() {
  const req = yield* request
  const text = yield* req.text.pipe(
    Effect.provideService(HttpIncomingMessage.MaxBodySize, ByteSize.kibibytes(256)),
    Effect.orElseSucceed(() => "")
  )
  return Object.fromEntries(new URLSearchParams(text)) as Record<string, string>
})

/** The signed-in session, if any. */
const currentSession = Effect.gen(function*() {
  const req = yield* request
  const operators = yield* Auth.Operators
  return yield* operators.session(req.cookies[Auth.cookieName])
})

const clientOf = (req: HttpServerRequest.HttpServerRequest) => Option.getOrElse(req.remoteAddress, () => "unknown")

// -----------------------------------------------------------------------------
// Public pages
// -----------------------------------------------------------------------------

const formGet = (lang: Lang) =>
  Effect.gen(function*() {
    const body = Form.form(lang, Form.blank(), {})
    return respond(yield* shell(lang, messages[lang].form.title, Paths.to("form", lang), body))
  })

/** The multipart body of the form: text fields and files, within the policy's limits (25 MiB in all). */
const readMultipart = Effect.gen(function*() {
  const req = yield* request
  const fields: Record<string, string> = {}
  const uploads: Array<Form.Upload> = []
  yield* Stream.runForEach(req.multipartStream, (part) =>
    part._tag === "Field"
      ? Effect.sync(() => {
        if (fields[part.key] === undefined) fields[part.key] = part.value
      })
      : part.name === ""
      ? Stream.runDrain(part.content)
      : Effect.map(part.contentEffect, (bytes) => {
        uploads.push({ name: part.name.slice(0, 200), mediaType: part.contentType.split(";")[0]!.trim().toLowerCase() || "application/octet-stream", bytes })
      }))
  return { fields, uploads }
}).pipe(
  Effect.provide(Multipart.limitsServices({ maxParts: 40, maxFieldSize: "64 KiB", maxFileSize: "25 MiB", maxTotalSize: "26 MiB" }))
)

const formPost = (lang: Lang) =>
  Effect.gen(function*() {
    const m = messages[lang]
    const engine = yield* Engine.Engine
    const title = m.form.title
    const path = Paths.to("form", lang)
    const read = yield* Effect.result(readMultipart)
    if (read._tag === "Failure") {
      const tooLarge = read.failure.reason._tag !== "Parse" && read.failure.reason._tag !== "InternalError"
      const body = Form.form(lang, Form.blank(), {}, tooLarge ? m.form.errors.uploadTooLarge : m.form.errors.unreadable)
      return respond(yield* shell(lang, title, path, body), tooLarge ? 413 : 400)
    }
    const values = Form.read(read.success.fields)
    const errors = Form.validate(lang, values)
    if (Object.keys(errors).length > 0) {
      return respond(yield* shell(lang, title, path, Form.form(lang, values, errors)), 422)
    }
    const submitted = yield* Effect.result(engine.submit(Form.submission(lang, values, read.success.uploads)))
    if (submitted._tag === "Failure") {
      const failure = submitted.failure
      if (failure._tag !== "InvalidInput") return yield* errorPage(lang, 503)
      const fieldErrors: Form.Errors = {}
      let other: string | undefined
      for (const issue of failure.issues) {
        const field = Form.fieldOfIssue(issue.path)
        if (field === undefined) other = m.form.errors.unreadable
        else fieldErrors[field] ??= issue.message
      }
      return respond(yield* shell(lang, title, path, Form.form(lang, values, fieldErrors, other)), 422)
    }
    const body = Form.acknowledgement(lang, values, submitted.success, read.success.uploads)
    return respond(yield* shell(lang, m.ack.title, path, body), submitted.success.duplicate ? 200 : 201)
  })

const statusGet = (lang: Lang) =>
  Effect.gen(function*() {
    const req = yield* request
    const engine = yield* Engine.Engine
    const query = queryOf(req.url)
    const code = (query.get("code") ?? "").slice(0, 40)
    let result: Status.Result = { _tag: "Form" }
    let status = 200
    if (query.has("code")) {
      if (code.trim() === "") {
        result = { _tag: "Missing" }
        status = 422
      } else {
        const found = yield* Effect.result(engine.lookup(code, clientOf(req)))
        if (found._tag === "Success") result = { _tag: "Found", view: found.success }
        else if (found.failure._tag === "RateLimited") {
          result = { _tag: "RateLimited", seconds: Math.ceil(found.failure.retryAfterMs / 1000) }
          status = 429
        } else if (found.failure._tag === "StatusNotFound") {
          result = { _tag: "NotFound" }
          status = 404
        } else return yield* errorPage(lang, 503)
      }
    }
    const page = yield* shell(lang, messages[lang].status.title, Paths.to("status", lang), Status.page(lang, code, result))
    const response = respond(page, status)
    return result._tag === "RateLimited"
      ? HttpServerResponse.setHeader(response, "Retry-After", String(result.seconds))
      : response
  })

const transparencyGet = (lang: Lang) =>
  Effect.gen(function*() {
    const engine = yield* Engine.Engine
    const calendar = yield* engine.calendar
    const [total] = yield* engine.statistics({ period: "all" })
    const byMonth = yield* engine.statistics({ period: "month" })
    const currentMonth = Calendar.localDate(calendar, yield* Clock.currentTimeMillis).slice(0, 7)
    const body = Transparency.page(lang, { total, byMonth, currentMonth })
    return respond(yield* shell(lang, messages[lang].transparency.title, Paths.to("transparency", lang), body))
  })

// -----------------------------------------------------------------------------
// Operators
// -----------------------------------------------------------------------------

/** Records what a signed-in operator did in the audit log, like the API does (R24). */
const audit = (session: Auth.Session, action: string, status: number, target?: string, reason?: string) =>
  Effect.gen(function*() {
    const log = yield* AuditLog.AuditLog
    const { tokenId, subject, role } = session.principal
    yield* log.record({
      at: yield* Clock.currentTimeMillis,
      actor: { tokenId, subject, role },
      action,
      ...(target === undefined ? {} : { target }),
      outcome: AuditLog.outcomeOf(status),
      status,
      ...(reason === undefined ? {} : { reason })
    }).pipe(Effect.catchTag("StorageError", () => Effect.logError("the audit log could not record an entry")))
  })

const forbidden = (lang: Lang, session: Auth.Session) =>
  Effect.map(
    consolePage(lang, session, messages[lang].console.worklistTitle, Paths.to("console", lang), Layout.alert("danger", messages[lang].console.forbidden)),
    (page) => respond(page, 403)
  )

/** Runs a console page for a signed-in operator, or sends to the sign-in page. */
const signedIn = <E, R>(lang: Lang, page: (session: Auth.Session) => Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>) =>
  Effect.flatMap(
    currentSession,
    (session): Effect.Effect<HttpServerResponse.HttpServerResponse, E, R> =>
      Option.isNone(session) ? Effect.succeed(seeOther(Paths.to("signIn", lang))) : page(session.value)
  )

/** A console form post: signed in, with the session's anti-forgery value. */
const signedInPost = <E, R>(
  lang: Lang,
  handle: (session: Auth.Session, fields: Record<string, string>) => Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
) =>
  signedIn(lang, (session) =>
    Effect.flatMap(formFields, (fields): Effect.Effect<HttpServerResponse.HttpServerResponse, E, R | Engine.Engine> =>
      fields["csrf"] !== session.csrf
        ? Effect.flatMap(
          shell(lang, messages[lang].console.worklistTitle, Paths.to("console", lang), Layout.alert("danger", messages[lang].console.badRequest)),
          (page) => Effect.succeed(respond(page, 403))
        )
        : handle(session, fields)))

const consolePage = (lang: Lang, session: Auth.Session, title: string, path: string, content: Html) =>
  shell(lang, title, path, html`${Layout.consoleMenu(lang, path, session.principal.subject, session.csrf)}${content}`)

const signInGet = (lang: Lang) =>
  Effect.gen(function*() {
    const session = yield* currentSession
    if (Option.isSome(session)) return seeOther(Paths.to("console", lang))
    return respond(yield* shell(lang, messages[lang].console.signInTitle, Paths.to("signIn", lang), Console.signIn(lang)))
  })

const signInPost = (lang: Lang) =>
  Effect.gen(function*() {
    const operators = yield* Auth.Operators
    const fields = yield* formFields
    const session = yield* operators.signIn(fields["token"] ?? "")
    if (Option.isNone(session)) {
      const c = messages[lang].console
      return respond(yield* shell(lang, c.signInTitle, Paths.to("signIn", lang), Console.signIn(lang, c.wrongToken)), 401)
    }
    return yield* HttpServerResponse.setCookie(seeOther(Paths.to("console", lang)), Auth.cookieName, session.value.id, {
      httpOnly: true,
      sameSite: "strict",
      path: "/"
    })
  })

const signOutPost = (lang: Lang) =>
  signedInPost(lang, (session) =>
    Effect.gen(function*() {
      const operators = yield* Auth.Operators
      yield* operators.signOut(session.id)
      return yield* HttpServerResponse.expireCookie(seeOther(Paths.to("signIn", lang)), Auth.cookieName, { path: "/" })
    }))

const flashes = (lang: Lang) => {
  const c = messages[lang].console
  return { declared: c.emergencyDeclared, ended: c.emergencyEnded, done: messages[lang].ticket.done } as Record<string, string>
}

const worklistGet = (lang: Lang) =>
  signedIn(lang, (session) =>
    Effect.gen(function*() {
      const req = yield* request
      const engine = yield* Engine.Engine
      const entries = yield* engine.worklist({})
      const calendar = yield* engine.calendar
      const flash = flashes(lang)[queryOf(req.url).get("done") ?? ""]
      const body = Console.worklist(lang, {
        entries,
        now: yield* Clock.currentTimeMillis,
        calendar,
        csrf: session.csrf,
        flash,
        mayManageEmergency: Access.can(session.principal.role, "emergency.manage")
      })
      return respond(yield* consolePage(lang, session, messages[lang].console.worklistTitle, Paths.to("console", lang), body))
    }))

const emergencyPost = (lang: Lang) =>
  signedInPost(lang, (session, fields) =>
    Effect.gen(function*() {
      const engine = yield* Engine.Engine
      const ending = fields["action"] === "end"
      const action = ending ? "emergency.end" : "emergency.declare"
      if (!Access.can(session.principal.role, "emergency.manage")) {
        yield* audit(session, action, 403)
        return yield* forbidden(lang, session)
      }
      const at = yield* Clock.currentTimeMillis
      const now = new Date(at).toISOString()
      const note = (fields["note"] ?? "").trim().slice(0, 200)
      const id = ending ? fields["id"] ?? "" : `emergency-${at}`
      const result = ending
        ? yield* Effect.result(engine.endEmergency(id, now))
        : yield* Effect.result(engine.declareEmergency({ id, from: now, ...(note === "" ? {} : { note }) }))
      yield* audit(session, action, result._tag === "Success" ? 200 : 409, id)
      if (result._tag === "Failure") return seeOther(Paths.to("console", lang))
      return seeOther(`${Paths.to("console", lang)}?done=${fields["action"] === "end" ? "ended" : "declared"}`)
    }))

/** The ticket code in the path (the router has decoded it already). */
const codeParam = Effect.map(HttpRouter.params, (p) => (p["code"] ?? "").slice(0, 100))

const ticketView = (
  lang: Lang,
  session: Auth.Session,
  code: string,
  extra: { readonly flash?: string | undefined; readonly error?: string | undefined; readonly status?: number }
) =>
  Effect.gen(function*() {
    const engine = yield* Engine.Engine
    const env = yield* engine.environment
    const found = yield* Effect.result(engine.details(code))
    const path = Paths.ticket(lang, code)
    if (found._tag === "Failure" || !Access.mayRead(session.principal, found.success)) {
      if (found._tag === "Failure" && found.failure._tag !== "TicketNotFound") return yield* errorPage(lang, 503)
      const body = html`<h1>${messages[lang].ticket.title(code)}</h1>${Layout.alert("warning", messages[lang].ticket.notFound)}`
      return respond(yield* consolePage(lang, session, messages[lang].ticket.title(code), path, body), 404)
    }
    const body = Console.ticket(lang, {
      details: found.success,
      env,
      csrf: session.csrf,
      flash: extra.flash,
      error: extra.error,
      mayRun: (command) => Access.mayRun(session.principal.role, command)
    })
    return respond(yield* consolePage(lang, session, messages[lang].ticket.title(found.success.code), path, body), extra.status ?? 200)
  })

const ticketGet = (lang: Lang) =>
  signedIn(lang, (session) =>
    Effect.gen(function*() {
      const req = yield* request
      const code = yield* codeParam
      const flash = flashes(lang)[queryOf(req.url).get("done") ?? ""]
      return yield* ticketView(lang, session, code, { flash })
    }))

const refusalText = (lang: Lang, failure: Decider.TicketRefused | Engine.InvalidInput | { readonly _tag: string; readonly message: string }) => {
  if (failure._tag === "TicketRefused") {
    const refused = failure as Decider.TicketRefused
    return messages[lang].refusals[refused.reason] ?? refused.message
  }
  return failure.message
}

const ticketPost = (lang: Lang) =>
  signedInPost(lang, (session, fields) =>
    Effect.gen(function*() {
      const engine = yield* Engine.Engine
      const code = yield* codeParam
      const found = yield* Effect.result(engine.details(code))
      if (found._tag === "Failure" || !Access.mayRead(session.principal, found.success)) return yield* ticketView(lang, session, code, {})
      const env: Ticket.Environment = yield* engine.environment
      const command = Console.commandOf(fields["action"] ?? "", fields, Access.actorOf(session.principal), found.success.ticket, env)
      if (command === undefined) {
        return yield* ticketView(lang, session, code, { error: messages[lang].console.badRequest, status: 422 })
      }
      const action = `command.${command.command._tag}`
      if (!Access.mayRun(session.principal.role, command.command._tag)) {
        yield* audit(session, action, 403, found.success.code)
        return yield* ticketView(lang, session, code, { error: messages[lang].console.forbidden, status: 403 })
      }
      const result = yield* Effect.result(engine.act(found.success.code, command.command, command.options))
      if (result._tag === "Failure") {
        const failure = result.failure
        if (failure._tag === "StorageError") return yield* errorPage(lang, 503)
        const status = failure._tag === "InvalidInput" ? 422 : 409
        yield* audit(session, action, status, found.success.code, failure._tag === "TicketRefused" ? failure.reason : failure._tag)
        return yield* ticketView(lang, session, code, { error: refusalText(lang, failure), status })
      }
      yield* audit(session, action, 200, found.success.code)
      return seeOther(`${Paths.ticket(lang, found.success.code)}?done=done`)
    }))

const attachmentGet = (lang: Lang) =>
  signedIn(lang, () =>
    Effect.gen(function*() {
      const req = yield* request
      const store = yield* AttachmentStore.AttachmentStore
      const params = yield* HttpRouter.params
      const checksum = params["checksum"] ?? ""
      const found = yield* store.get(checksum)
      if (Option.isNone(found)) return yield* errorPage(lang, 404)
      const name = (queryOf(req.url).get("name") ?? "attachment").replace(/[^\p{L}\p{N}._ -]/gu, "_").slice(0, 120)
      return HttpServerResponse.uint8Array(found.value.bytes, {
        contentType: found.value.mediaType,
        headers: {
          "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
          "Content-Security-Policy": "sandbox; default-src 'none'",
          "X-Content-Type-Options": "nosniff",
          "Cache-Control": "no-store"
        }
      })
    }))

const outboxView = (lang: Lang, session: Auth.Session, flash?: string) =>
  Effect.gen(function*() {
    const sink = yield* DevSink
    const outbox = yield* Outbox.Outbox
    const engine = yield* Engine.Engine
    const calendar = yield* engine.calendar
    const entries = yield* outbox.list({ limit: 2_000 })
    const body = OutboxPage.page(lang, { mail: sink.mail(), sms: sink.sms(), entries, timeZone: calendar.timeZone, csrf: session.csrf, flash })
    return respond(yield* consolePage(lang, session, messages[lang].outbox.title, Paths.to("outbox", lang), body))
  })

const outboxGet = (lang: Lang) =>
  signedIn(lang, (session) =>
    Effect.gen(function*() {
      const req = yield* request
      const sent = queryOf(req.url).get("sent")
      return yield* outboxView(lang, session, sent === null ? undefined : messages[lang].outbox.delivered(Number(sent) || 0))
    }))

const deliverPost = (lang: Lang) =>
  signedInPost(lang, () =>
    Effect.gen(function*() {
      const delivered = yield* Relay.deliverDue()
      return seeOther(`${Paths.to("outbox", lang)}?sent=${delivered.sent}`)
    }))

// -----------------------------------------------------------------------------
// The router
// -----------------------------------------------------------------------------

const rootGet = Effect.map(request, (req) => {
  const accept = (req.headers["accept-language"] ?? "").toLowerCase()
  return seeOther(Paths.to("form", accept.startsWith("en") ? "en" : "it"))
})

const notFound = Effect.gen(function*() {
  const req = yield* request
  const lang: Lang = pathOf(req.url).startsWith("/en") ? "en" : "it"
  return yield* errorPage(lang, 404)
})

const assetsRoot = () => {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve("bootstrap-italia/package.json")), "dist")
}

/** Every page and asset, and the HTTP API of `@sportello/http` under `/api`. */
export const layer = Layer.mergeAll(
  Server.routes(),
  HttpRouter.use(Effect.fnUntraced(function*(router) {
    for (const lang of langs) {
      const add = (method: "GET" | "POST", path: string, handler: Effect.Effect<HttpServerResponse.HttpServerResponse, unknown, Services>) =>
        router.add(method, path as HttpRouter.PathInput, guard(lang, handler))
      yield* add("GET", Paths.to("form", lang), formGet(lang))
      yield* add("POST", Paths.to("form", lang), formPost(lang))
      yield* add("GET", Paths.to("status", lang), statusGet(lang))
      yield* add("GET", Paths.to("transparency", lang), transparencyGet(lang))
      yield* add("GET", Paths.to("console", lang), worklistGet(lang))
      yield* add("GET", Paths.to("signIn", lang), signInGet(lang))
      yield* add("POST", Paths.to("signIn", lang), signInPost(lang))
      yield* add("POST", Paths.to("signOut", lang), signOutPost(lang))
      yield* add("POST", Paths.to("emergency", lang), emergencyPost(lang))
      yield* add("GET", Paths.to("outbox", lang), outboxGet(lang))
      yield* add("POST", Paths.to("deliver", lang), deliverPost(lang))
      yield* add("GET", `${Paths.ticketPrefix[lang]}/:code`, ticketGet(lang))
      yield* add("POST", `${Paths.ticketPrefix[lang]}/:code`, ticketPost(lang))
      yield* add("GET", `${Paths.attachmentPrefix[lang]}/:checksum`, attachmentGet(lang))
    }
    yield* router.add("GET", "/", guard("it", rootGet))
    yield* router.add("*", "/*", guard("it", notFound))
  })),
  HttpStaticServer.layer({ root: assetsRoot(), prefix: "/assets/bootstrap-italia", cacheControl: "public, max-age=86400" }),
  HttpStaticServer.layer({
    root: join(dirname(fileURLToPath(import.meta.url)), "assets"),
    prefix: "/assets/app",
    cacheControl: "public, max-age=3600"
  })
)
