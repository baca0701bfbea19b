/**
 * The public status lookup by code (R18, B7): the state, the dates and the outcome, and no
 * personal data. A malformed and an unknown code get the same answer.
 */
import type { StatusView } from "@sportello/core"
import { html, type Html } from "../Html.ts"
import { formatDate, type Lang, messages } from "../I18n.ts"
import * as Layout from "../Layout.ts"
import * as Paths from "../Paths.ts"

/** What the lookup found. */
export type Result =
  | { readonly _tag: "Form" }
  | { readonly _tag: "Missing" }
  | { readonly _tag: "NotFound" }
  | { readonly _tag: "RateLimited"; readonly seconds: number }
  | { readonly _tag: "Found"; readonly view: StatusView.View }

const view = (lang: Lang, v: StatusView.View): Html => {
  const m = messages[lang]
  const s = m.status
  const row = (label: string, value: string | undefined) => (value === undefined ? "" : html`<dt>${label}</dt><dd>${value}</dd>`)
  return html`<section class="status-result" aria-labelledby="result-title">
    <h2 id="result-title" class="h4">${s.resultTitle(v.code)}</h2>
    <dl class="summary">
      <dt>${s.state}</dt><dd><strong data-state="${v.state}">${m.states[v.state] ?? v.state}</strong></dd>
      ${row(s.outcome, v.outcome === undefined ? undefined : m.outcomes[v.outcome] ?? v.outcome)}
      ${row(s.expectedAnswerBy, v.expectedAnswerBy === undefined ? undefined : formatDate(lang, v.expectedAnswerBy))}
      ${row(s.pausedSince, v.pausedSince === undefined ? undefined : formatDate(lang, v.pausedSince))}
      ${row(s.channel, m.channels[v.channel] ?? v.channel)}
      ${row(s.receivedOn, formatDate(lang, v.receivedOn))}
      ${row(s.lastUpdateOn, formatDate(lang, v.lastUpdateOn))}
      ${row(s.closedOn, v.closedOn === undefined ? undefined : formatDate(lang, v.closedOn))}
    </dl>
  </section>`
}

/** The status page's content. */
export const page = (lang: Lang, code: string, result: Result): Html => {
  const s = messages[lang].status
  const error = result._tag === "Missing"
    ? s.codeRequired
    : result._tag === "NotFound"
    ? s.notFound
    : result._tag === "RateLimited"
    ? s.rateLimited(result.seconds)
    : undefined
  return html`<h1>${s.title}</h1>
  <p class="lead">${s.intro}</p>
  <form method="get" action="${Paths.to("status", lang)}" class="lookup-form mb-4" novalidate>
    <div class="field mb-3">
      <label class="form-label" for="f-code">${s.code}</label>
      <p id="f-code-hint" class="form-hint">${s.codeHint}</p>
      ${
    error === undefined
      ? ""
      : html`<p id="f-code-error" class="field-error" role="alert"><span class="visually-hidden">${
        lang === "it" ? "Errore:" : "Error:"
      } </span>${error}</p>`
  }
      <input class="form-control code-input${error === undefined ? "" : " is-invalid"}" id="f-code" name="code" type="text" value="${code}" autocomplete="off" spellcheck="false" autocapitalize="characters" maxlength="40" required aria-describedby="f-code-hint${
    error === undefined ? "" : " f-code-error"
  }"${error === undefined ? "" : html` aria-invalid="true"`}>
    </div>
    <button type="submit" class="btn btn-primary">${s.submit}</button>
  </form>
  ${result._tag === "Found" ? view(lang, result.view) : ""}
  ${Layout.notEmergency(lang)}`
}
