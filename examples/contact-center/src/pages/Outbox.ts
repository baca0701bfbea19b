/**
 * The development outbox: what the Contact Center would have sent, captured by the local
 * sink, and what is still waiting or must go by hand (faxes and letters have no adapter).
 * Behind the operators' sign-in, since messages carry personal data.
 */
import type { Mailer, Outbox, SmsGateway } from "@sportello/core"
import { html, type Html } from "../Html.ts"
import { formatDateTime, type Lang, messages } from "../I18n.ts"
import * as Layout from "../Layout.ts"
import * as Paths from "../Paths.ts"

const toText = (to: Outbox.Message["to"]): string => {
  switch (to._tag) {
    case "Email":
    case "Pec":
      return `${to._tag === "Pec" ? "PEC " : ""}${to.address}`
    case "Phone":
    case "Fax":
      return `${to._tag === "Fax" ? "Fax " : "SMS "}${to.number}`
    case "Postal":
      return `${to.street}, ${to.postalCode} ${to.city}`
  }
}

const shown = 50

/** The outbox page's content. */
export const page = (
  lang: Lang,
  input: {
    readonly mail: ReadonlyArray<Mailer.Mail & { readonly providerId: string }>
    readonly sms: ReadonlyArray<SmsGateway.Sms & { readonly providerId: string }>
    /** Every outbox entry, newest first: joined to the sink's messages by delivery key. */
    readonly entries: ReadonlyArray<Outbox.Entry>
    readonly timeZone: string
    readonly csrf: string
    readonly flash?: string | undefined
  }
): Html => {
  const o = messages[lang].outbox
  const byKey = new Map(input.entries.map((e) => [e.message.deliveryKey, e]))
  const sentAt = (key: string) => {
    const state = byKey.get(key)?.state
    return state?._tag === "Sent" ? formatDateTime(lang, state.sentAt, input.timeZone) : ""
  }
  const codeCell = (key: string) => {
    const code = byKey.get(key)?.message.code
    return code === undefined ? html`–` : html`<a href="${Paths.ticket(lang, code)}" class="code">${code}</a>`
  }
  const mail = [...input.mail].reverse().slice(0, shown)
  const sms = [...input.sms].reverse().slice(0, shown)
  const waiting = input.entries.filter((e) => e.state._tag !== "Sent")
  return html`<h1>${o.title}</h1>
  <p class="lead">${o.intro}</p>
  ${input.flash === undefined ? "" : Layout.alert("success", input.flash)}
  <form method="post" action="${Paths.to("deliver", lang)}" class="mb-4">
    <input type="hidden" name="csrf" value="${input.csrf}">
    <button type="submit" class="btn btn-primary">${o.deliverNow}</button>
  </form>
  <section aria-labelledby="mail-title" class="mb-5">
    <h2 id="mail-title" class="h4">${o.mail} (${input.mail.length})</h2>
    ${input.mail.length > shown ? html`<p>${o.latest(shown)}</p>` : ""}
    ${
    mail.length === 0
      ? html`<p>${o.none}</p>`
      : html`<ul class="messages">${
        mail.map((m) =>
          html`<li class="message" data-delivery-key="${m.deliveryKey}">
          <p class="message-head"><strong>${m.subject}</strong></p>
          <p class="message-meta">${o.to}: ${m.to.kind === "pec" ? "PEC " : ""}${m.to.address} · ${o.ticket}: ${codeCell(m.deliveryKey)} · ${sentAt(m.deliveryKey)}</p>
          <details><summary>${o.showText}</summary><pre class="message-body">${m.text}</pre></details>
        </li>`
        )
      }</ul>`
  }
  </section>
  <section aria-labelledby="sms-title" class="mb-5">
    <h2 id="sms-title" class="h4">${o.sms} (${input.sms.length})</h2>
    ${input.sms.length > shown ? html`<p>${o.latest(shown)}</p>` : ""}
    ${
    sms.length === 0
      ? html`<p>${o.none}</p>`
      : html`<ul class="messages">${
        sms.map((m) =>
          html`<li class="message">
          <p class="message-meta">${o.to}: ${m.to} · ${o.ticket}: ${codeCell(m.deliveryKey)} · ${sentAt(m.deliveryKey)}</p>
          <pre class="message-body">${m.text}</pre>
        </li>`
        )
      }</ul>`
  }
  </section>
  <section aria-labelledby="pending-title" class="mb-5">
    <h2 id="pending-title" class="h4">${o.pending} (${waiting.length})</h2>
    ${
    waiting.length === 0
      ? html`<p>${o.none}</p>`
      : html`<div class="table-responsive" role="region" aria-labelledby="pending-title" tabindex="0"><table class="table table-sm">
      <thead><tr><th scope="col">${o.to}</th><th scope="col">${o.subject}</th><th scope="col">${o.ticket}</th><th scope="col">${o.state}</th></tr></thead>
      <tbody>${
        waiting.map((e) =>
          html`<tr><td>${toText(e.message.to)}</td><td>${e.message.subject}</td><td>${codeCell(e.message.deliveryKey)}</td><td>${
            o.states[e.state._tag] ?? e.state._tag
          }${e.state._tag === "DeadLetter" ? html`<br><small>${e.state.lastError}</small>` : ""}</td></tr>`
        )
      }</tbody>
    </table></div>`
  }
  </section>`
}
