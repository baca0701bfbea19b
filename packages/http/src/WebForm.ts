/**
 * The web form (R2) as intake sees it: the flat fields a form sends, turned into the submission
 * every channel hands to the engine. Empty fields count as absent (a browser sends every field
 * of a form, filled or not). Text is kept as it was typed — markup and quotes included — and
 * never interpreted: it is data, stored and returned as JSON strings.
 *
 * The media type of each attachment is checked against its first bytes for the types the
 * charter accepts (PDF, PNG, JPEG, TIFF, signed PKCS#7, Office and OpenDocument files, plain
 * text): a file whose content does not match the type it claims is passed on as
 * `application/octet-stream`, which the policy refuses with the reason `media-type`, while the
 * rest of the request is kept (R7).
 *
 * @since 0.1.0
 */
import type { Inbound, Requester } from "@sportello/core"
import type * as Problem from "./Problem.ts"

/**
 * An attachment as received.
 *
 * @since 0.1.0
 * @category models
 */
export interface Attachment {
  readonly name: string
  readonly mediaType: string
  readonly bytes: Uint8Array
}

/**
 * The fields of the web form, whichever way they came (JSON or multipart).
 *
 * @since 0.1.0
 * @category models
 */
export interface Form {
  readonly submissionId?: string | undefined
  readonly requesterKind?: Requester.Kind | undefined
  readonly firstName?: string | undefined
  readonly lastName?: string | undefined
  readonly organisation?: string | undefined
  readonly office?: string | undefined
  readonly email?: string | undefined
  readonly pec?: string | undefined
  readonly phone?: string | undefined
  readonly kind: "information" | "report" | "proposal"
  readonly subject?: string | undefined
  readonly text: string
  readonly language?: string | undefined
  readonly topic?: string | undefined
  readonly homepage?: string | undefined
  readonly consentSms?: boolean | undefined
  readonly consentEmail?: boolean | undefined
  readonly attachments: ReadonlyArray<Attachment>
}

/**
 * The channel id of the web form.
 *
 * @since 0.1.0
 * @category constants
 */
export const channel = "web-form"

/**
 * A check box as a form sends it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const flag = (value: string | boolean | undefined): boolean | undefined =>
  typeof value === "boolean" ? value : value === undefined || value === "" ? undefined : value === "true" || value === "on" || value === "1"

const present = (value: string | undefined): string | undefined => (value === undefined || value.trim() === "" ? undefined : value)

/**
 * Whether the honeypot field was filled in.
 *
 * @since 0.1.0
 * @category queries
 */
export const isSpam = (form: Pick<Form, "homepage">): boolean => present(form.homepage) !== undefined

const startsWith = (bytes: Uint8Array, ...prefix: ReadonlyArray<number>): boolean =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b)

const isText = (bytes: Uint8Array): boolean => {
  if (bytes.includes(0)) return false
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}

const ZIP = [0x50, 0x4b, 0x03, 0x04]

const SIGNATURES: Record<string, (bytes: Uint8Array) => boolean> = {
  "application/pdf": (b) => startsWith(b, 0x25, 0x50, 0x44, 0x46, 0x2d),
  "image/png": (b) => startsWith(b, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  "image/jpeg": (b) => startsWith(b, 0xff, 0xd8, 0xff),
  "image/tiff": (b) => startsWith(b, 0x49, 0x49, 0x2a, 0x00) || startsWith(b, 0x4d, 0x4d, 0x00, 0x2a),
  "application/pkcs7-mime": (b) => startsWith(b, 0x30) || isText(b), // DER, or PEM / base64
  "application/vnd.oasis.opendocument.text": (b) => startsWith(b, ...ZIP),
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b) => startsWith(b, ...ZIP),
  "application/msword": (b) => startsWith(b, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1),
  "text/plain": isText
}

/**
 * The media type to hand to intake: the declared one, lower-cased and without parameters, when
 * the content agrees with it (or when the type is not one whose content can be checked);
 * `application/octet-stream` when it does not.
 *
 * @since 0.1.0
 * @category constructors
 */
export const mediaTypeOf = (declared: string, bytes: Uint8Array): string => {
  const type = declared.split(";")[0]!.trim().toLowerCase()
  const check = SIGNATURES[type]
  if (type === "") return "application/octet-stream"
  return check === undefined || check(bytes) ? type : "application/octet-stream"
}

/**
 * The submission of a form, or the problems with it. `fallbackKey` is the idempotency key used
 * when the form has no submission id (then every sending is a new request).
 *
 * @since 0.1.0
 * @category constructors
 */
export const toSubmission = (
  form: Form,
  fallbackKey: string
): { readonly _tag: "Success"; readonly submission: Inbound.Submission } | { readonly _tag: "Failure"; readonly issues: ReadonlyArray<Problem.Issue> } => {
  const issues: Array<Problem.Issue> = []
  const firstName = present(form.firstName)
  const lastName = present(form.lastName)
  const organisation = present(form.organisation)
  let identity: Requester.Identity | undefined
  if (firstName !== undefined || lastName !== undefined) {
    if (firstName === undefined) issues.push({ path: ["body", "firstName"], message: "give your first name as well as your last name" })
    if (lastName === undefined) issues.push({ path: ["body", "lastName"], message: "give your last name as well as your first name" })
    if (firstName !== undefined && lastName !== undefined) identity = { _tag: "Person", firstName, lastName }
  } else if (organisation !== undefined) {
    const office = present(form.office)
    identity = { _tag: "Organisation", name: organisation, ...(office === undefined ? {} : { office }) }
  }
  const contacts: Array<Requester.ContactPoint> = []
  const email = present(form.email)
  const pec = present(form.pec)
  const phone = present(form.phone)
  if (email !== undefined) contacts.push({ _tag: "Email", address: email.trim() })
  if (pec !== undefined) contacts.push({ _tag: "Pec", address: pec.trim() })
  if (phone !== undefined) contacts.push({ _tag: "Phone", number: phone.trim() })
  if (issues.length > 0) return { _tag: "Failure", issues }
  const sms = form.consentSms
  const mail = form.consentEmail
  const subject = present(form.subject)
  const language = present(form.language)
  const topic = present(form.topic)
  const submission: Inbound.Submission = {
    channel,
    idempotencyKey: present(form.submissionId) ?? fallbackKey,
    requester: {
      kind: form.requesterKind ?? "citizen",
      ...(identity === undefined ? {} : { identity }),
      contacts,
      ...(sms === undefined && mail === undefined ? {} : { consent: { sms: sms ?? false, email: mail ?? false } })
    },
    content: {
      kind: form.kind,
      ...(subject === undefined ? {} : { subject }),
      text: form.text,
      ...(language === undefined ? {} : { language }),
      ...(topic === undefined ? {} : { topic })
    },
    attachments: form.attachments.map((a) => ({ name: a.name, mediaType: mediaTypeOf(a.mediaType, a.bytes), bytes: a.bytes }))
  }
  return { _tag: "Success", submission }
}
