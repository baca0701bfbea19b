/**
 * What was asked (la richiesta): kind, subject, text, language, topic and attachments. The
 * attachments' bytes live behind a storage port; a request holds only their name, media type,
 * size and checksum (R7).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * What the requester sends: a request for information, a report, or a proposal
 * (richiesta, segnalazione, proposta).
 *
 * @since 0.1.0
 * @category models
 */
export const Kind = Schema.Literals(["information", "report", "proposal"])

/**
 * @since 0.1.0
 * @category models
 */
export type Kind = typeof Kind.Type

/**
 * A language code (ISO 639-1, lower case: `"it"`, `"en"`, `"fr"` …).
 *
 * @since 0.1.0
 * @category models
 */
export const Language = Schema.String.check(Schema.isPattern(/^[a-z]{2,3}$/))

/**
 * @since 0.1.0
 * @category models
 */
export type Language = typeof Language.Type

/**
 * An attachment's metadata (allegato). `checksum` is the content's digest as the storage
 * port computed it (e.g. `"sha256:…"`).
 *
 * @since 0.1.0
 * @category models
 */
export const Attachment = Schema.Struct({
  name: Schema.NonEmptyString,
  mediaType: Schema.NonEmptyString,
  size: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)),
  checksum: Schema.NonEmptyString
})

/**
 * @since 0.1.0
 * @category models
 */
export type Attachment = typeof Attachment.Type

/**
 * The content of a request. `language` is the language the requester declared (web form,
 * phone); when absent it is detected at intake. `topic` is set by the form or by an operator.
 *
 * @since 0.1.0
 * @category models
 */
export const Content = Schema.Struct({
  kind: Kind,
  subject: Schema.optionalKey(Schema.String),
  text: Schema.String,
  language: Schema.optionalKey(Language),
  topic: Schema.optionalKey(Schema.String),
  attachments: Schema.Array(Attachment)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Content = typeof Content.Type
