/**
 * The operator console: sign-in, the worklist by due date with tickets at risk and overdue
 * marked (in words, not by colour alone), a ticket's page with its history, its deadline and
 * why (B10), and the actions of the domain; the emergency-mode switch (R16).
 */
import { Calendar, Channel, type Engine, type Projection, Requester, Routing, Sla, type Ticket, type TicketEvent } from "@sportello/core"
import { html, type Html, join } from "../Html.ts"
import { formatDate, formatDateTime, type Lang, messages } from "../I18n.ts"
import * as Layout from "../Layout.ts"
import * as Paths from "../Paths.ts"

/** The sign-in page's content. */
export const signIn = (lang: Lang, error?: string): Html => {
  const c = messages[lang].console
  return html`<h1>${c.signInTitle}</h1>
  <form method="post" action="${Paths.to("signIn", lang)}" class="narrow-form" novalidate>
    <div class="field mb-3">
      <label class="form-label" for="f-token">${c.token}</label>
      <p id="f-token-hint" class="form-hint">${c.tokenHint}</p>
      ${
    error === undefined
      ? ""
      : html`<p id="f-token-error" class="field-error" role="alert"><span class="visually-hidden">${
        lang === "it" ? "Errore:" : "Error:"
      } </span>${error}</p>`
  }
      <input class="form-control${error === undefined ? "" : " is-invalid"}" id="f-token" name="token" type="password" autocomplete="current-password" required aria-describedby="f-token-hint${
    error === undefined ? "" : " f-token-error"
  }"${error === undefined ? "" : html` aria-invalid="true"`}>
    </div>
    <button type="submit" class="btn btn-primary">${c.signIn}</button>
  </form>`
}

/** Where a worklist entry stands now. */
export type Timing = "breached" | "atRisk" | "onTime" | "paused" | "noDeadline"

/** The timing of a worklist entry at `now`. */
export const timingOf = (entry: Projection.WorklistEntry, now: number): Timing =>
  entry.pausedSince !== undefined
    ? "paused"
    : entry.dueAt === undefined
    ? "noDeadline"
    : now >= entry.dueAt
    ? "breached"
    : entry.atRiskAt !== undefined && now >= entry.atRiskAt
    ? "atRisk"
    : "onTime"

const timingBadge = (lang: Lang, timing: Timing): Html => {
  const s = messages[lang].console.sla
  const cls = { breached: "badge-breached", atRisk: "badge-at-risk", onTime: "badge-on-time", paused: "badge-paused", noDeadline: "badge-paused" }[
    timing
  ]
  const icon = timing === "breached" ? "!! " : timing === "atRisk" ? "! " : ""
  return html`<span class="badge ${cls}"><span aria-hidden="true">${icon}</span>${s[timing]}</span>`
}

/** An emergency period in force now, if any. */
export const activeEmergency = (calendar: Calendar.Calendar, now: number): Calendar.EmergencyInput | undefined =>
  (calendar.input.emergencies ?? []).find((e) => Date.parse(e.from) <= now && (e.to === undefined || Date.parse(e.to) > now))

const queueName = (lang: Lang, queue: string): string =>
  queue === "desk" ? messages[lang].console.desk : Routing.departmentDirectory.offices.find((o) => o.id === queue)?.name ?? queue

/** The worklist page's content, with the emergency switch. */
export const worklist = (
  lang: Lang,
  input: {
    readonly entries: ReadonlyArray<Projection.WorklistEntry>
    readonly now: number
    readonly calendar: Calendar.Calendar
    readonly csrf: string
    readonly flash?: string | undefined
    /** Whether this operator may switch emergency mode (supervisors). */
    readonly mayManageEmergency: boolean
  }
): Html => {
  const m = messages[lang]
  const c = m.console
  const tz = input.calendar.timeZone
  const timings = input.entries.map((e) => timingOf(e, input.now))
  const count = (t: Timing) => timings.filter((x) => x === t).length
  const emergency = activeEmergency(input.calendar, input.now)
  const rows = input.entries.map((e, i) => {
    const timing = timings[i]!
    return html`<tr class="row-${timing}">
      <th scope="row"><a href="${Paths.ticket(lang, e.code)}" class="code">${e.code}</a>${
      e.urgent ? html` <span class="badge badge-urgent">${c.sla.urgent}</span>` : ""
    }</th>
      <td>${m.channels[e.channel] ?? e.channel}</td>
      <td>${formatDateTime(lang, e.receivedAt, tz)}</td>
      <td>${queueName(lang, e.queue)}</td>
      <td>${c.ticketStatus[e.status] ?? e.status}</td>
      <td>${e.dueAt === undefined ? "–" : formatDate(lang, Calendar.localDate(input.calendar, e.dueAt - 1))}</td>
      <td>${timingBadge(lang, timing)}</td>
    </tr>`
  })
  return html`<h1>${c.worklistTitle}</h1>
  ${input.flash === undefined ? "" : Layout.alert("success", input.flash)}
  <p>${c.worklistIntro}</p>
  <h2 class="visually-hidden">${c.counts}</h2>
  <ul class="counts">
    <li><span class="count">${input.entries.length}</span> ${c.countOpen}</li>
    <li class="count-at-risk"><span class="count" data-count="at-risk">${count("atRisk")}</span> ${c.countAtRisk}</li>
    <li class="count-breached"><span class="count" data-count="breached">${count("breached")}</span> ${c.countBreached}</li>
    <li><span class="count">${count("paused")}</span> ${c.countPaused}</li>
  </ul>
  ${
    input.entries.length === 0
      ? html`<p>${c.none}</p>`
      : html`<div class="table-responsive" role="region" aria-label="${c.worklistTitle}" tabindex="0"><table class="table worklist">
    <caption class="visually-hidden">${c.worklistTitle}</caption>
    <thead><tr>
      <th scope="col">${c.code}</th><th scope="col">${c.channel}</th><th scope="col">${c.received}</th><th scope="col">${c.queue}</th>
      <th scope="col">${c.status}</th><th scope="col">${c.due}</th><th scope="col">${c.timing}</th>
    </tr></thead>
    <tbody>${rows}</tbody>
  </table></div>`
  }
  <section class="emergency-switch mt-5" aria-labelledby="emergency-title">
    <h2 id="emergency-title" class="h4">${c.emergencyTitle}</h2>
    ${
    !input.mayManageEmergency
      ? html`<p>${emergency === undefined ? c.emergencyOff : c.emergencyOn(formatDateTime(lang, Date.parse(emergency.from), tz))}</p>`
      : emergency === undefined
      ? html`<p>${c.emergencyOff}</p>
      <form method="post" action="${Paths.to("emergency", lang)}" class="narrow-form">
        <input type="hidden" name="csrf" value="${input.csrf}">
        <input type="hidden" name="action" value="declare">
        <div class="field mb-3">
          <label class="form-label" for="f-emergency-note">${c.emergencyNote}</label>
          <input class="form-control" id="f-emergency-note" name="note" type="text" maxlength="200">
        </div>
        <button type="submit" class="btn btn-danger">${c.emergencyDeclare}</button>
      </form>`
      : html`<p><strong>${c.emergencyOn(formatDateTime(lang, Date.parse(emergency.from), tz))}</strong>${
        emergency.note === undefined || emergency.note === "" ? "" : html` (${emergency.note})`
      }</p>
      <form method="post" action="${Paths.to("emergency", lang)}">
        <input type="hidden" name="csrf" value="${input.csrf}">
        <input type="hidden" name="action" value="end">
        <input type="hidden" name="id" value="${emergency.id}">
        <button type="submit" class="btn btn-outline-danger">${c.emergencyEnd}</button>
      </form>`
  }
  </section>`
}

const contactText = (contact: Requester.ContactPoint): string => {
  switch (contact._tag) {
    case "Email":
    case "Pec":
      return contact.address
    case "Phone":
    case "Fax":
      return contact.number
    case "Postal":
      return [contact.street, `${contact.postalCode} ${contact.city}`, contact.province, contact.country].filter((x) => x !== undefined && x !== "").join(", ")
  }
}

const actorText = (lang: Lang, actor: TicketEvent.Actor): string => {
  const a = messages[lang].actors
  switch (actor._tag) {
    case "Operator":
      return a.Operator(actor.id)
    case "Office":
      return a.Office(actor.id)
    case "System":
      return a.System(actor.component)
    case "Requester":
      return a.Requester
  }
}

const routeTarget = (route: Routing.Route): string => {
  switch (route._tag) {
    case "Desk":
      return "desk"
    case "Office":
      return Routing.departmentDirectory.offices.find((o) => o.id === route.office)?.name ?? route.office
    case "External":
      return Routing.departmentDirectory.externalBodies.find((b) => b.id === route.body)?.name ?? route.body
  }
}

/** What an event says, in words. */
export const eventText = (lang: Lang, event: TicketEvent.TicketEvent): string => {
  const m = messages[lang]
  const ev = m.events
  const reason = (r: string) => m.reasons[r] ?? r
  switch (event._tag) {
    case "Received":
      return ev.Received(m.channels[event.channel] ?? event.channel)
    case "Acknowledged":
      return ev.Acknowledged(m.replyKinds[event.via] ?? event.via)
    case "LanguageResolved":
      return ev.LanguageResolved("language" in event.verdict ? event.verdict.language : "?")
    case "Classified":
      return ev.Classified(m.ticket.complexities[event.complexity] ?? event.complexity) + (event.why === undefined ? "" : ` – ${event.why}`)
    case "Routed":
      return event.route._tag === "Desk"
        ? ev.RoutedDesk
        : event.route._tag === "Office"
        ? ev.RoutedOffice(routeTarget(event.route))
        : ev.RoutedExternal(routeTarget(event.route))
    case "Assigned":
      return ev.Assigned(event.operator)
    case "OfficeConsulted":
      return ev.OfficeConsulted(event.office)
    case "OfficeReplied":
      return ev.OfficeReplied(event.office)
    case "Suspended":
      return ev.Suspended(reason(event.reason)) + (event.evidence === undefined ? "" : ` – ${event.evidence}`)
    case "Resumed":
      return ev.Resumed(m.channels[event.via] ?? event.via) + (event.evidence === undefined ? "" : ` – ${event.evidence}`)
    case "Answered":
      return ev.Answered(m.replyKinds[event.via] ?? event.via)
    case "Closed":
      return ev.Closed(m.outcomes[event.outcome] ?? event.outcome) + (event.note === undefined ? "" : ` – ${event.note}`)
    case "Reopened":
      return ev.Reopened(event.why)
    case "MergedInto":
      return ev.MergedInto(event.target)
    case "DuplicateAttached":
      return ev.DuplicateAttached(event.duplicate)
    case "NoteAdded":
      return ev.NoteAdded(event.text)
    case "PersonalDataErased":
      return ev.PersonalDataErased
    default:
      return (event as { readonly _tag: string })._tag
  }
}

const sizeText = (bytes: number): string =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${Math.round(bytes / 102.4) / 10} KB` : `${Math.round(bytes / 104857.6) / 10} MB`

/** The actions an operator can take on a ticket, by what they send. */
export type Action = "answer" | "forward" | "classify" | "documents" | "opinion" | "resume" | "close" | "note" | "reopen"

/** The command each action runs. */
export const commandOfAction: Record<Action, string> = {
  answer: "Answer",
  forward: "Route",
  classify: "Classify",
  documents: "Suspend",
  opinion: "Suspend",
  resume: "Resume",
  close: "Close",
  note: "AddNote",
  reopen: "Reopen"
}

/** The command and its options for an action's fields, or why they cannot make one. */
export const commandOf = (
  action: string,
  fields: Readonly<Record<string, string>>,
  by: TicketEvent.Actor,
  ticket: Ticket.Ticket,
  env: Ticket.Environment
): { readonly command: { readonly _tag: string; readonly [field: string]: unknown }; readonly options: Engine.ActOptions } | undefined => {
  const get = (name: string) => (fields[name] ?? "").trim()
  const optional = (key: string, value: string) => (value === "" ? {} : { [key]: value })
  switch (action as Action) {
    case "answer": {
      const channel = Channel.find(env.channels, ticket.channel)
      const to = channel === undefined ? undefined : Requester.replyAddress(ticket.requester, channel)
      return {
        command: { _tag: "Answer", by, via: to === undefined ? "email" : Requester.replyKind(to), language: get("language") || "it" },
        options: { text: get("text") }
      }
    }
    case "forward": {
      const [kind, id] = get("target").split(":")
      if (id === undefined || id === "") return undefined
      const route = kind === "office" ? { _tag: "Office", office: id, priority: "normal" } : kind === "external" ? { _tag: "External", body: id } : undefined
      return route === undefined ? undefined : { command: { _tag: "Route", by, route }, options: {} }
    }
    case "classify":
      return { command: { _tag: "Classify", by, complexity: get("complexity"), ...optional("why", get("why")) }, options: {} }
    case "documents":
      return {
        command: { _tag: "Suspend", by, reason: "awaiting-documents", ...optional("evidence", get("text")) },
        options: { text: get("text") }
      }
    case "opinion":
      return { command: { _tag: "Suspend", by, reason: "awaiting-administration", ...optional("evidence", get("text")) }, options: {} }
    case "resume":
      return { command: { _tag: "Resume", by, via: get("via") || ticket.channel, ...optional("evidence", get("evidence")) }, options: {} }
    case "close":
      return { command: { _tag: "Close", by, outcome: get("outcome"), ...optional("note", get("note")) }, options: {} }
    case "note":
      return get("text") === "" ? undefined : { command: { _tag: "AddNote", by, text: get("text") }, options: {} }
    case "reopen":
      return get("why") === "" ? undefined : { command: { _tag: "Reopen", by, why: get("why") }, options: {} }
    default:
      return undefined
  }
}

const actionForm = (
  lang: Lang,
  code: string,
  csrf: string,
  action: Action,
  title: string,
  body: Html,
  submit: string,
  open = false
): Html =>
  html`<details class="action"${open ? html` open` : ""}>
    <summary>${title}</summary>
    <form method="post" action="${Paths.ticket(lang, code)}" class="action-form">
      <input type="hidden" name="csrf" value="${csrf}">
      <input type="hidden" name="action" value="${action}">
      ${body}
      <button type="submit" class="btn btn-primary">${submit}</button>
    </form>
  </details>`

const textarea = (id: string, name: string, label: string, required = false, hint?: string): Html =>
  html`<div class="field mb-3">
    <label class="form-label" for="${id}">${label}</label>
    ${hint === undefined ? "" : html`<p id="${id}-hint" class="form-hint">${hint}</p>`}
    <textarea class="form-control" id="${id}" name="${name}" rows="4"${required ? html` required` : ""}${
    hint === undefined ? "" : html` aria-describedby="${id}-hint"`
  }></textarea>
  </div>`

const select = (id: string, name: string, label: string, options: Html): Html =>
  html`<div class="field mb-3">
    <label class="form-label" for="${id}">${label}</label>
    <select class="form-select" id="${id}" name="${name}">${options}</select>
  </div>`

const option = (value: string, label: string, selected = false): Html =>
  html`<option value="${value}"${selected ? html` selected` : ""}>${label}</option>`

/** A ticket's page content. */
export const ticket = (
  lang: Lang,
  input: {
    readonly details: Engine.Details
    readonly env: Ticket.Environment
    readonly csrf: string
    readonly flash?: string | undefined
    readonly error?: string | undefined
    /** Whether this operator may run a command (by its tag). */
    readonly mayRun: (command: string) => boolean
  }
): Html => {
  const m = messages[lang]
  const t = m.ticket
  const d = input.details
  const tk = d.ticket
  const tz = input.env.calendar.timeZone
  const code = d.code
  const localDate = (at: number) => formatDate(lang, Calendar.localDate(input.env.calendar, at))
  const channel = Channel.find(input.env.channels, tk.channel)
  const replyTo = channel === undefined ? undefined : Requester.replyAddress(tk.requester, channel)
  const identity = tk.requester.identity
  const name = identity === undefined
    ? "–"
    : identity._tag === "Person"
    ? `${identity.firstName} ${identity.lastName}`
    : `${identity.name}${identity.office === undefined ? "" : ` – ${identity.office}`}`

  const deadline = tk.status === "closed"
    ? html`<p>${t.closedOn(tk.closedAt === undefined ? "–" : localDate(tk.closedAt), m.outcomes[tk.outcome ?? ""] ?? tk.outcome ?? "")}</p>`
    : d.deadline._tag === "Due"
    ? html`<p class="deadline"><span>${t.answerBy}</span> <strong>${localDate(d.deadline.at - 1)}</strong> ${
      d.sla._tag === "Breached"
        ? timingBadge(lang, "breached")
        : d.sla._tag === "AtRisk"
        ? timingBadge(lang, "atRisk")
        : timingBadge(lang, "onTime")
    }</p>`
    : d.deadline._tag === "Paused"
    ? html`<p>${t.pausedSince(localDate(d.deadline.since), m.reasons[d.deadline.reason] ?? d.deadline.reason)}</p>`
    : html`<p>${t.noDeadline}</p>`
  const why = d.explanation === undefined ? [] : Sla.formatExplanation(d.explanation, lang)

  const officeOptions = html`<optgroup label="${t.offices}">${
    Routing.departmentDirectory.offices.map((o) => option(`office:${o.id}`, o.name))
  }</optgroup><optgroup label="${t.externalBodies}">${
    Routing.departmentDirectory.externalBodies.map((b) => option(`external:${b.id}`, b.name))
  }</optgroup>`
  const complexities = ["knowledge-base", "quick-search", "complex"].map((c) => option(c, t.complexities[c] ?? c, c === tk.complexity))
  const channels = [...input.env.channels.channels.keys()].map((id) => option(id, m.channels[id] ?? id, id === tk.channel))
  const outcomes = ["withdrawn", "unanswerable-no-reply-address", "unsupported-language"].map((o) => option(o, m.outcomes[o] ?? o))
  const answerLanguage = tk.language._tag === "Supported" ? tk.language.language : lang

  const form = (action: Action, title: string, content: Html, submit: string, open = false): Html =>
    input.mayRun(commandOfAction[action]) ? actionForm(lang, code, input.csrf, action, title, content, submit, open) : html``
  const actions: Array<Html> = []
  if (tk.status === "open") {
    actions.push(
      form(
        "answer",
        t.answer,
        html`${replyTo === undefined ? "" : html`<p>${t.answerTo(contactText(replyTo))}</p>`}
        ${textarea("f-answer-text", "text", t.answerText, true)}
        ${select("f-answer-language", "language", t.answerLanguage, html`${option("it", "Italiano", answerLanguage === "it")}${option("en", "English", answerLanguage === "en")}`)}`,
        t.answerSubmit,
        true
      ),
      form("forward", t.forward, select("f-forward-target", "target", t.forwardTo, officeOptions), t.forwardSubmit),
      form(
        "classify",
        t.classify,
        html`${select("f-classify-complexity", "complexity", t.complexity, html`${complexities}`)}
        <div class="field mb-3"><label class="form-label" for="f-classify-why">${t.why_}</label><input class="form-control" id="f-classify-why" name="why" type="text" maxlength="300"></div>`,
        t.classifySubmit
      ),
      form("documents", t.requestDocuments, textarea("f-documents-text", "text", t.documentsNeeded, true, t.suspendHint), t.requestDocumentsSubmit),
      form("opinion", t.requestOpinion, textarea("f-opinion-text", "text", t.opinionWhat, true, t.suspendHint), t.requestOpinionSubmit)
    )
  }
  if (tk.status === "suspended") {
    actions.push(
      form(
        "resume",
        t.resume,
        html`${select("f-resume-via", "via", t.resumeVia, html`${channels}`)}
        <div class="field mb-3"><label class="form-label" for="f-resume-evidence">${t.resumeEvidence}</label><input class="form-control" id="f-resume-evidence" name="evidence" type="text" maxlength="300"></div>`,
        t.resumeSubmit,
        true
      )
    )
  }
  if (tk.status !== "closed") {
    actions.push(
      form(
        "close",
        t.close,
        html`${select("f-close-outcome", "outcome", t.outcome, html`${outcomes}`)}
        <div class="field mb-3"><label class="form-label" for="f-close-note">${t.note}</label><input class="form-control" id="f-close-note" name="note" type="text" maxlength="300"></div>`,
        t.closeSubmit
      )
    )
  } else {
    actions.push(
      form(
        "reopen",
        t.reopen,
        html`<div class="field mb-3"><label class="form-label" for="f-reopen-why">${t.reopenWhy}</label><input class="form-control" id="f-reopen-why" name="why" type="text" maxlength="300" required></div>`,
        t.reopenSubmit
      )
    )
  }
  actions.push(form("note", t.addNote, textarea("f-note-text", "text", t.noteText, true), t.addNoteSubmit))

  const history = d.events.map((e) =>
    html`<tr><td>${formatDateTime(lang, e.at, tz)}</td><td>${eventText(lang, e)}</td><td>${actorText(lang, e.by)}</td></tr>`
  )

  return html`<p><a href="${Paths.to("console", lang)}">← ${t.back}</a></p>
  <h1>${t.title(code)} <span class="badge badge-status" data-ticket-status="${tk.status}">${m.console.ticketStatus[tk.status] ?? tk.status}</span></h1>
  ${input.flash === undefined ? "" : Layout.alert("success", input.flash, "flash")}
  ${input.error === undefined ? "" : Layout.alert("danger", html`<strong>${t.refused}:</strong> ${input.error}`, "action-error")}
  <div class="row">
    <div class="col-lg-7">
      <section aria-labelledby="request-title" class="mb-4">
        <h2 id="request-title" class="h4">${t.request}</h2>
        <dl class="summary">
          <dt>${t.requester}</dt><dd>${tk.erased ? t.erased : name} (${t.kinds[tk.requester.kind] ?? tk.requester.kind})</dd>
          <dt>${t.contacts}</dt><dd>${
    tk.requester.contacts.length === 0 ? "–" : join(tk.requester.contacts.map((c) => html`<span class="d-block">${contactText(c)}</span>`))
  }</dd>
          <dt>${m.status.channel}</dt><dd>${m.channels[tk.channel] ?? tk.channel}, ${formatDateTime(lang, tk.receivedAt, tz)}</dd>
          <dt>${t.kind}</dt><dd>${t.requestKinds[tk.content.kind] ?? tk.content.kind}</dd>
          <dt>${t.complexity}</dt><dd>${t.complexities[tk.complexity] ?? tk.complexity}</dd>
          ${tk.content.subject === undefined ? "" : html`<dt>${t.subject}</dt><dd>${tk.content.subject}</dd>`}
          <dt>${t.text}</dt><dd class="pre-wrap">${tk.content.text}</dd>
          <dt>${t.attachments}</dt><dd>${
    tk.content.attachments.length === 0
      ? t.noAttachments
      : html`<ul class="mb-0">${
        tk.content.attachments.map((a) =>
          html`<li><a href="${Paths.attachment(lang, a.checksum, a.name)}">${t.download(a.name)}</a> (${sizeText(a.size)})</li>`
        )
      }</ul>`
  }</dd>
        </dl>
      </section>
      <section aria-labelledby="history-title" class="mb-4">
        <h2 id="history-title" class="h4">${t.history}</h2>
        <div class="table-responsive" role="region" aria-labelledby="history-title" tabindex="0">
        <table class="table table-sm history">
          <thead><tr><th scope="col">${t.when}</th><th scope="col">${t.what}</th><th scope="col">${t.who}</th></tr></thead>
          <tbody>${history}</tbody>
        </table>
        </div>
      </section>
    </div>
    <div class="col-lg-5">
      <section aria-labelledby="deadline-title" class="mb-4 deadline-box">
        <h2 id="deadline-title" class="h4">${t.deadline}</h2>
        ${deadline}
        ${
    why.length === 0
      ? ""
      : html`<h3 class="h6">${t.why}</h3><ol class="why">${why.map((line) => html`<li>${line}</li>`)}</ol>`
  }
      </section>
      <section aria-labelledby="actions-title" class="mb-4">
        <h2 id="actions-title" class="h4">${t.actions}</h2>
        ${actions}
      </section>
    </div>
  </div>`
}
