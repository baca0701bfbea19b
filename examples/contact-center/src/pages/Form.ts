/**
 * The online form (R2) and its acknowledgement page (R3). Fields are checked here first, so
 * that each problem is shown next to its field in plain words; the engine then decodes and
 * screens the request as it does for every channel.
 */
import type { Engine } from "@sportello/core"
import { html, type Html } from "../Html.ts"
import { formatDate, type Lang, messages } from "../I18n.ts"
import * as Layout from "../Layout.ts"
import * as Paths from "../Paths.ts"

/** The text fields of the form, as typed. */
export interface Values {
  readonly firstName: string
  readonly lastName: string
  readonly email: string
  readonly phone: string
  readonly kind: string
  readonly subject: string
  readonly text: string
  /** The form's own id: the same form sent twice is one request. */
  readonly submission: string
}

/** A problem per field. */
export type Errors = Partial<Record<keyof Values | "attachments", string>>

/** An attachment as uploaded. */
export interface Upload {
  readonly name: string
  readonly mediaType: string
  readonly bytes: Uint8Array
}

/** Limits of the text fields. */
export const limits = { name: 100, email: 254, phone: 20, subject: 200, text: 5_000 } as const

const EMAIL = /^[^\s@<>"']+@[^\s@<>"']+\.[^\s@<>"']+$/
const PHONE = /^\+?[0-9][0-9 ]{5,19}$/
const SUBMISSION = /^[A-Za-z0-9-]{8,64}$/

/** Empty values with a fresh submission id. */
export const blank = (): Values => ({
  firstName: "",
  lastName: "",
  email: "",
  phone: "",
  kind: "information",
  subject: "",
  text: "",
  submission: crypto.randomUUID()
})

/** Reads the fields of a posted form. */
export const read = (fields: Readonly<Record<string, string>>): Values => {
  const get = (name: string) => (fields[name] ?? "").trim()
  const submission = get("submission")
  return {
    firstName: get("firstName"),
    lastName: get("lastName"),
    email: get("email"),
    phone: get("phone"),
    kind: get("kind"),
    subject: get("subject"),
    text: (fields["text"] ?? "").replace(/\r\n/g, "\n").trim(),
    submission: SUBMISSION.test(submission) ? submission : crypto.randomUUID()
  }
}

/** Checks the fields; no errors means the request can be sent. */
export const validate = (lang: Lang, v: Values): Errors => {
  const e = messages[lang].form.errors
  const errors: Errors = {}
  const tooLong = (value: string, max: number) => (value.length > max ? e.tooLong(max) : undefined)
  const set = (field: keyof Errors, message: string | undefined) => {
    if (message !== undefined && errors[field] === undefined) errors[field] = message
  }
  set("firstName", v.firstName === "" ? e.firstName : tooLong(v.firstName, limits.name))
  set("lastName", v.lastName === "" ? e.lastName : tooLong(v.lastName, limits.name))
  set("email", v.email === "" ? e.email : v.email.length > limits.email || !EMAIL.test(v.email) ? e.emailInvalid : undefined)
  set("phone", v.phone !== "" && !PHONE.test(v.phone) ? e.phoneInvalid : undefined)
  set("kind", ["information", "report", "proposal"].includes(v.kind) ? undefined : e.kind)
  set("subject", tooLong(v.subject, limits.subject))
  set("text", v.text === "" ? e.text : tooLong(v.text, limits.text))
  return errors
}

/** A phone number as the SMS port wants it (E.164); Italian numbers may omit +39. */
export const normalisePhone = (phone: string): string => {
  const digits = phone.replace(/\s+/g, "")
  return digits.startsWith("+") ? digits : `+39${digits}`
}

/** The submission the engine decodes. */
export const submission = (lang: Lang, v: Values, uploads: ReadonlyArray<Upload>): unknown => ({
  channel: "web-form",
  idempotencyKey: `web-form:${v.submission}`,
  requester: {
    kind: "citizen",
    identity: { _tag: "Person", firstName: v.firstName, lastName: v.lastName },
    contacts: [
      { _tag: "Email", address: v.email },
      ...(v.phone === "" ? [] : [{ _tag: "Phone", number: normalisePhone(v.phone) }])
    ]
  },
  content: {
    kind: v.kind,
    ...(v.subject === "" ? {} : { subject: v.subject }),
    text: v.text,
    language: lang
  },
  attachments: uploads.map((u) => ({ name: u.name, mediaType: u.mediaType, bytes: u.bytes }))
})

/** Where the engine's own issues belong in the form. */
export const fieldOfIssue = (path: ReadonlyArray<string | number>): keyof Errors | undefined => {
  const p = path.join(".")
  if (p.startsWith("requester.identity.firstName")) return "firstName"
  if (p.startsWith("requester.identity.lastName")) return "lastName"
  if (p.startsWith("requester.contacts")) return "email"
  if (p.startsWith("content.kind")) return "kind"
  if (p.startsWith("content.subject")) return "subject"
  if (p.startsWith("content.text")) return "text"
  if (p.startsWith("attachments")) return "attachments"
  return undefined
}

const order: ReadonlyArray<keyof Errors> = ["firstName", "lastName", "email", "phone", "kind", "subject", "text", "attachments"]

interface FieldOptions {
  readonly name: keyof Values
  readonly label: string
  readonly value: string
  readonly error: string | undefined
  readonly hint?: string
  readonly required?: boolean
  readonly type?: string
  readonly autocomplete?: string
  readonly maxlength?: number
  readonly inputmode?: string
}

const describedBy = (name: string, hint: boolean, error: boolean): Html => {
  const ids = [hint ? `f-${name}-hint` : undefined, error ? `f-${name}-error` : undefined].filter((x) => x !== undefined)
  return ids.length === 0 ? html`` : html` aria-describedby="${ids.join(" ")}"`
}

const errorLine = (lang: Lang, name: string, error: string | undefined): Html =>
  error === undefined
    ? html``
    : html`<p id="f-${name}-error" class="field-error"><span class="visually-hidden">${lang === "it" ? "Errore:" : "Error:"} </span>${error}</p>`

const labelOf = (label: string, required: boolean | undefined): Html =>
  html`${label}${required === true ? html`<span class="required" aria-hidden="true"> *</span>` : ""}`

const input = (lang: Lang, o: FieldOptions): Html =>
  html`<div class="field mb-4">
    <label class="form-label" for="f-${o.name}">${labelOf(o.label, o.required)}</label>
    ${o.hint === undefined ? "" : html`<p id="f-${o.name}-hint" class="form-hint">${o.hint}</p>`}
    ${errorLine(lang, o.name, o.error)}
    <input class="form-control${o.error === undefined ? "" : " is-invalid"}" id="f-${o.name}" name="${o.name}" type="${o.type ?? "text"}" value="${o.value}"${
    o.required === true ? html` required` : ""
  }${o.autocomplete === undefined ? "" : html` autocomplete="${o.autocomplete}"`}${
    o.maxlength === undefined ? "" : html` maxlength="${o.maxlength}"`
  }${o.inputmode === undefined ? "" : html` inputmode="${o.inputmode}"`}${o.error === undefined ? "" : html` aria-invalid="true"`}${
    describedBy(o.name, o.hint !== undefined, o.error !== undefined)
  }>
  </div>`

/** The form page's content. */
export const form = (lang: Lang, v: Values, errors: Errors, problem?: string): Html => {
  const f = messages[lang].form
  const listed = order.filter((k) => errors[k] !== undefined)
  const summary = listed.length === 0 && problem === undefined
    ? ""
    : Layout.alert(
      "danger",
      html`<h2 class="h5">${f.errorSummary}</h2>
        ${problem === undefined ? "" : html`<p>${problem}</p>`}
        ${listed.length === 0 ? "" : html`<ul class="mb-0">${
          listed.map((k) => html`<li><a href="#f-${k}">${errors[k]}</a></li>`)
        }</ul>`}`,
      "error-summary"
    )
  const kinds = ["information", "report", "proposal"] as const
  return html`<h1>${f.title}</h1>
  <p class="lead">${f.intro}</p>
  ${Layout.notEmergency(lang)}
  ${summary}
  <form method="post" action="${Paths.to("form", lang)}" enctype="multipart/form-data" novalidate class="request-form">
    <input type="hidden" name="submission" value="${v.submission}">
    <p>${f.required}</p>
    <fieldset class="mb-4">
      <legend class="h4">${f.aboutYou}</legend>
      <div class="row">
        <div class="col-md-6">${
    input(lang, { name: "firstName", label: f.firstName, value: v.firstName, error: errors.firstName, required: true, autocomplete: "given-name", maxlength: limits.name })
  }</div>
        <div class="col-md-6">${
    input(lang, { name: "lastName", label: f.lastName, value: v.lastName, error: errors.lastName, required: true, autocomplete: "family-name", maxlength: limits.name })
  }</div>
      </div>
      ${
    input(lang, {
      name: "email",
      label: f.email,
      value: v.email,
      error: errors.email,
      hint: f.emailHint,
      required: true,
      type: "email",
      autocomplete: "email",
      maxlength: limits.email
    })
  }
      ${
    input(lang, {
      name: "phone",
      label: f.phone,
      value: v.phone,
      error: errors.phone,
      hint: f.phoneHint,
      type: "tel",
      autocomplete: "tel",
      maxlength: limits.phone,
      inputmode: "tel"
    })
  }
    </fieldset>
    <fieldset class="mb-4">
      <legend class="h4">${f.yourRequest}</legend>
      <fieldset class="mb-4" id="f-kind"${errors.kind === undefined ? "" : html` aria-describedby="f-kind-error"`}>
        <legend class="form-label fs-6">${labelOf(f.kind, true)}</legend>
        ${errorLine(lang, "kind", errors.kind)}
        ${
    kinds.map((k) =>
      html`<div class="form-check">
          <input class="form-check-input" type="radio" name="kind" id="f-kind-${k}" value="${k}"${v.kind === k ? html` checked` : ""}>
          <label class="form-check-label" for="f-kind-${k}">${f.kinds[k]}</label>
        </div>`
    )
  }
      </fieldset>
      ${input(lang, { name: "subject", label: f.subject, value: v.subject, error: errors.subject, maxlength: limits.subject })}
      <div class="field mb-4">
        <label class="form-label" for="f-text">${labelOf(f.text, true)}</label>
        <p id="f-text-hint" class="form-hint">${f.textHint}</p>
        ${errorLine(lang, "text", errors.text)}
        <textarea class="form-control${errors.text === undefined ? "" : " is-invalid"}" id="f-text" name="text" rows="8" maxlength="${limits.text}" required${
    errors.text === undefined ? "" : html` aria-invalid="true"`
  }${describedBy("text", true, errors.text !== undefined)}>${v.text}</textarea>
      </div>
      <div class="field mb-4">
        <label class="form-label" for="f-attachments">${f.attachments}</label>
        <p id="f-attachments-hint" class="form-hint">${f.attachmentsHint}</p>
        ${errorLine(lang, "attachments", errors.attachments)}
        <input class="form-control" id="f-attachments" name="attachments" type="file" multiple accept=".pdf,.p7m,.jpg,.jpeg,.png,.tif,.tiff,.txt,.odt,.doc,.docx"${
    describedBy("attachments", true, errors.attachments !== undefined)
  }${errors.attachments === undefined ? "" : html` aria-invalid="true"`}>
      </div>
    </fieldset>
    <p>${f.privacy}</p>
    <button type="submit" class="btn btn-primary btn-lg">${f.submit}</button>
  </form>`
}

/** The acknowledgement page's content (R3): the code, the answer date and a summary. */
export const acknowledgement = (
  lang: Lang,
  v: Values,
  submitted: Engine.Submitted,
  uploads: ReadonlyArray<Upload>
): Html => {
  const a = messages[lang].ack
  const f = messages[lang].form
  const refused = submitted.refusedAttachments
  const refusedNames = new Set(refused.map((r) => r.attachment.name))
  const accepted = uploads.filter((u) => !refusedNames.has(u.name))
  const emergency = (submitted.acknowledgement?.emergencyNumbers.length ?? 0) > 0
  const due = submitted.status.expectedAnswerBy
  return html`<h1>${a.title}</h1>
  ${emergency ? Layout.alert("danger", html`<strong>${a.emergency}</strong>`) : ""}
  <div class="ticket-code-box">
    <p class="mb-1">${a.codeLabel}:</p>
    <p class="ticket-code" data-ticket-code="${submitted.code}">${submitted.code}</p>
    <p class="mb-0">${a.keepCode}</p>
  </div>
  ${submitted.duplicate ? Layout.alert("info", a.alreadyReceived) : ""}
  <ul class="ack-facts">
    ${due === undefined ? "" : html`<li>${a.answerBy(formatDate(lang, due))}</li>`}
    ${submitted.acknowledgement === undefined || submitted.duplicate ? "" : html`<li>${a.confirmationSent(v.email)}</li>`}
  </ul>
  <p><a class="btn btn-outline-primary" href="${Paths.statusOf(lang, submitted.code)}">${a.checkLink}</a></p>
  <h2 class="h4 mt-5">${a.summary}</h2>
  <dl class="summary">
    <dt>${a.name}</dt><dd>${v.firstName} ${v.lastName}</dd>
    <dt>${f.email}</dt><dd>${v.email}</dd>
    ${v.phone === "" ? "" : html`<dt>${f.phone}</dt><dd>${v.phone}</dd>`}
    <dt>${f.kind}</dt><dd>${(f.kinds as Record<string, string>)[v.kind] ?? v.kind}</dd>
    ${v.subject === "" ? "" : html`<dt>${f.subject}</dt><dd>${v.subject}</dd>`}
    <dt>${f.text}</dt><dd class="pre-wrap">${v.text}</dd>
    ${accepted.length === 0 ? "" : html`<dt>${a.attachmentsReceived}</dt><dd><ul>${accepted.map((u) => html`<li>${u.name}</li>`)}</ul></dd>`}
    ${
    refused.length === 0
      ? ""
      : html`<dt>${a.attachmentsRefused}</dt><dd><ul>${
        refused.map((r) => html`<li>${r.attachment.name}: ${a.refusal[r.reason] ?? r.reason}</li>`)
      }</ul></dd>`
  }
  </dl>
  ${Layout.notEmergency(lang)}
  <p class="mt-4"><a href="${Paths.to("form", lang)}">${a.another}</a></p>`
}
