/**
 * What every inbound channel adapter hands to intake: a request decoded at the edge, with an
 * idempotency key (e-mail Message-ID, PEC envelope id, form submission id, call id) so that
 * the same request arriving twice yields one ticket, and the attachments' bytes.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import * as Channel from "./Channel.ts"
import * as Request from "./Request.ts"
import * as Requester from "./Requester.ts"

/**
 * Text a person wrote: no NUL characters and no unpaired surrogates (neither can be stored
 * in PostgreSQL text or shown faithfully), within a length.
 *
 * @since 0.1.0
 * @category models
 */
export const PlainText = (maxLength: number) =>
  Schema.String.check(
    Schema.isMaxLength(maxLength),
    Schema.makeFilter((s: string) =>
      (!s.includes("\u0000") && s.isWellFormed()) || "expected plain text, without NUL characters or broken Unicode"
    )
  )

/**
 * An attachment as received, with its bytes.
 *
 * @since 0.1.0
 * @category models
 */
export const Attachment = Schema.Struct({
  name: Schema.NonEmptyString,
  mediaType: Schema.NonEmptyString,
  bytes: Schema.Uint8Array
})

/**
 * @since 0.1.0
 * @category models
 */
export type Attachment = typeof Attachment.Type

/**
 * A request from any channel.
 *
 * @since 0.1.0
 * @category models
 */
export const Submission = Schema.Struct({
  channel: Channel.Id,
  idempotencyKey: Schema.NonEmptyString.check(Schema.isMaxLength(512)),
  /** When the channel received it, if earlier than intake (e.g. a letter's registration). */
  receivedAt: Schema.optionalKey(Schema.Number),
  requester: Requester.Requester,
  content: Schema.Struct({
    kind: Request.Kind,
    subject: Schema.optionalKey(PlainText(500)),
    text: PlainText(100_000),
    language: Schema.optionalKey(Request.Language),
    topic: Schema.optionalKey(PlainText(100))
  }),
  attachments: Schema.Array(Attachment),
  /** Channel evidence kept with the ticket (e.g. PEC certification data). */
  evidence: Schema.optionalKey(Schema.Record(Schema.String, Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Submission = typeof Submission.Type
