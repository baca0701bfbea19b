/**
 * The texts the Contact Center sends, in Italian and English, in plain language (R22): the
 * acknowledgement with the ticket code and a summary (R3), the notice for unsupported
 * languages (R5), the request for documents and its auto-close notice (R15, B2), answers, and
 * warnings to staff. Templates are data the Department can change: `{name}` placeholders are
 * filled by `render`, and a template set is checked for missing languages when built.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The messages the engine writes.
 *
 * @since 0.1.0
 * @category models
 */
export const Kind = Schema.Literals([
  "acknowledgement",
  "unsupported-language",
  "documents-requested",
  "closed-documents-not-received",
  "answer",
  "warning-at-risk",
  "warning-breach",
  "campaign"
])

/**
 * @since 0.1.0
 * @category models
 */
export type Kind = typeof Kind.Type

/**
 * One message in one language: a subject and a body with `{placeholders}`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Text {
  readonly subject: string
  readonly body: string
}

/**
 * A template set: every kind in every language it supports.
 *
 * @since 0.1.0
 * @category models
 */
export type TemplateSet = { readonly [K in Kind]: { readonly [language: string]: Text } }

const notEmergencyIt =
  "Il Contact Center non è un servizio di emergenza. In caso di emergenza chiami il 112 (numero unico di emergenza), il 115 (Vigili del Fuoco) o il 118 (emergenza sanitaria)."
const notEmergencyEn =
  "The Contact Center is not an emergency service. In an emergency call 112 (European emergency number), 115 (Fire and Rescue) or 118 (medical emergencies)."

/**
 * The Department's default texts.
 *
 * @since 0.1.0
 * @category defaults
 */
export const departmentDefault: TemplateSet = {
  acknowledgement: {
    it: {
      subject: "Abbiamo ricevuto la sua richiesta – codice {code}",
      body: [
        "Gentile {name},",
        "",
        "abbiamo ricevuto la sua richiesta. Il codice della pratica è {code}.",
        "Con questo codice può conoscere lo stato della richiesta sul sito o chiamando il numero verde.",
        "",
        "Riepilogo di quanto ricevuto:",
        "{summary}",
        "",
        "Le risponderemo entro il {due}.",
        "{emergency}",
        notEmergencyIt,
        "",
        "Dipartimento della Protezione Civile – Contact Center"
      ].join("\n")
    },
    en: {
      subject: "We have received your request – code {code}",
      body: [
        "Dear {name},",
        "",
        "we have received your request. Its code is {code}.",
        "With this code you can check the state of your request on the website or by calling the toll-free number.",
        "",
        "Summary of what we received:",
        "{summary}",
        "",
        "We will answer by {due}.",
        "{emergency}",
        notEmergencyEn,
        "",
        "Civil Protection Department – Contact Center"
      ].join("\n")
    }
  },
  "unsupported-language": {
    it: {
      subject: "Richiesta registrata – codice {code}",
      body: [
        "Abbiamo registrato la sua richiesta con il codice {code}.",
        "Il Contact Center risponde solo a richieste scritte in italiano o in inglese: la preghiamo di scriverci di nuovo in una di queste lingue.",
        notEmergencyIt
      ].join("\n")
    },
    en: {
      subject: "Request registered – code {code}",
      body: [
        "We have registered your request with the code {code}.",
        "The Contact Center answers only requests written in Italian or English: please write to us again in one of these languages.",
        notEmergencyEn
      ].join("\n")
    }
  },
  "documents-requested": {
    it: {
      subject: "Servono alcuni documenti – pratica {code}",
      body: [
        "Per rispondere alla sua richiesta {code} ci servono alcuni documenti:",
        "{details}",
        "",
        "Può inviarli rispondendo a questo messaggio o con qualsiasi altro canale, indicando il codice.",
        "Se non li riceveremo entro il {autoCloseOn}, la richiesta sarà chiusa."
      ].join("\n")
    },
    en: {
      subject: "We need some documents – request {code}",
      body: [
        "To answer your request {code} we need some documents:",
        "{details}",
        "",
        "You can send them by replying to this message or through any other channel, quoting the code.",
        "If we do not receive them by {autoCloseOn}, the request will be closed."
      ].join("\n")
    }
  },
  "closed-documents-not-received": {
    it: {
      subject: "Pratica {code} chiusa",
      body: "Non avendo ricevuto i documenti richiesti, la pratica {code} è stata chiusa. Può presentare una nuova richiesta in qualsiasi momento."
    },
    en: {
      subject: "Request {code} closed",
      body: "As we did not receive the documents we asked for, request {code} has been closed. You can make a new request at any time."
    }
  },
  answer: {
    it: { subject: "Risposta alla sua richiesta {code}", body: "{text}\n\nDipartimento della Protezione Civile – Contact Center" },
    en: { subject: "Answer to your request {code}", body: "{text}\n\nCivil Protection Department – Contact Center" }
  },
  "warning-at-risk": {
    it: { subject: "Pratica {code} in scadenza", body: "La pratica {code} ({queue}) scade il {due}: resta meno del {left} del tempo." },
    en: { subject: "Request {code} due soon", body: "Request {code} ({queue}) is due by {due}: less than {left} of its time is left." }
  },
  "warning-breach": {
    it: { subject: "Pratica {code} scaduta", body: "La pratica {code} ({queue}) è scaduta il {due} senza risposta." },
    en: { subject: "Request {code} overdue", body: "Request {code} ({queue}) was due by {due} and has not been answered." }
  },
  campaign: {
    it: { subject: "{subject}", body: "{text}" },
    en: { subject: "{subject}", body: "{text}" }
  }
}

/**
 * Fills `{placeholders}` from `values`; a placeholder without a value is left empty, and
 * blank lines left by empty placeholders are folded.
 *
 * @since 0.1.0
 * @category rendering
 */
export const render = (text: Text, values: { readonly [name: string]: string | undefined }): Text => {
  const fill = (s: string) => s.replace(/\{([a-zA-Z]+)\}/g, (_, name: string) => values[name] ?? "")
  return { subject: fill(text.subject), body: fill(text.body).replace(/\n{3,}/g, "\n\n").trim() }
}

/**
 * The text of a kind in a language, falling back to Italian, the service's language.
 *
 * @since 0.1.0
 * @category rendering
 */
export const pick = (set: TemplateSet, kind: Kind, language: string): Text => set[kind][language] ?? set[kind]["it"]!
