/**
 * The erasure of personal data from a ticket's history (R23, B9), as a pure function of the
 * events. A redacted history has the same length and the same facts — who did what and when,
 * channel, requester kind, topic, complexity, routes, suspensions with their reasons,
 * outcomes — so every deadline and statistic computed from it is the one computed before;
 * what identifies or describes a person goes:
 * - the requester keeps only its kind (no identity, contact points, consent);
 * - the request's subject and text become empty; attachments keep their media type and size
 *   but lose their names and checksums (their bytes are deleted from the attachment store);
 * - free text written about the request — notes, reasons for a reclassification or a
 *   reopening, evidence of a suspension or a resumption, an operator's closing note — is
 *   removed; notes that name an office, an external body or a ticket (forwarded, redirected,
 *   duplicate) stay;
 * - the idempotency key (an e-mail Message-ID can carry a name) is dropped.
 * Staff and office ids stay: they record who acted (R24), not who asked.
 *
 * @since 0.1.0
 */
import type * as Intake from "./Intake.ts"
import type * as Request from "./Request.ts"
import * as Requester from "./Requester.ts"
import type { TicketEvent } from "./TicketEvent.ts"

/**
 * What replaces a checksum: the bytes it addressed are gone.
 *
 * @since 0.1.0
 * @category constants
 */
export const erasedChecksum = "erased"

const attachments = (list: ReadonlyArray<Request.Attachment>): Array<Request.Attachment> =>
  list.map((a, i) => ({ name: `attachment-${i + 1}`, mediaType: a.mediaType, size: a.size, checksum: erasedChecksum }))

/**
 * A request's content without personal data: kind, language and topic stay; subject and text
 * are emptied; attachments keep media type and size only.
 *
 * @since 0.1.0
 * @category redaction
 */
export const content = (c: Request.Content): Request.Content => {
  const { subject: _subject, ...rest } = c
  return { ...rest, ...(c.subject === undefined ? {} : { subject: "" }), text: "", attachments: attachments(c.attachments) }
}

/**
 * A screening without personal data: the verdicts stay, the attachments as in {@link content}.
 *
 * @since 0.1.0
 * @category redaction
 */
export const screening = (s: Intake.Screening): Intake.Screening => ({
  ...s,
  attachments: {
    accepted: attachments(s.attachments.accepted),
    refused: s.attachments.refused.map((r, i) => ({
      attachment: { name: `refused-${i + 1}`, mediaType: r.attachment.mediaType, size: r.attachment.size, checksum: erasedChecksum },
      reason: r.reason
    }))
  }
})

const KEPT_NOTES = new Set(["forwarded", "redirected", "duplicate"])

/**
 * One event without personal data.
 *
 * @since 0.1.0
 * @category redaction
 */
export const event = (e: TicketEvent): TicketEvent => {
  switch (e._tag) {
    case "Received": {
      const { idempotencyKey: _key, ...rest } = e
      return { ...rest, requester: Requester.erase(e.requester), content: content(e.content), screening: screening(e.screening) }
    }
    case "Classified": {
      const { why: _why, ...rest } = e
      return rest
    }
    case "Suspended": {
      const { evidence: _evidence, ...rest } = e
      return rest
    }
    case "Resumed": {
      const { evidence: _evidence, ...rest } = e
      return rest
    }
    case "Closed": {
      if (KEPT_NOTES.has(e.outcome)) return e
      const { note: _note, ...rest } = e
      return rest
    }
    case "Reopened":
      return { ...e, why: "" }
    case "NoteAdded":
      return { ...e, text: "" }
    case "Acknowledged":
    case "LanguageResolved":
    case "Routed":
    case "Assigned":
    case "OfficeConsulted":
    case "OfficeReplied":
    case "Answered":
    case "MergedInto":
    case "DuplicateAttached":
    case "Contacted":
    case "PersonalDataErased":
      return e
  }
}

/**
 * A history without personal data: the same events, in the same order, each redacted. Applying
 * it twice gives the same history as applying it once.
 *
 * @since 0.1.0
 * @category redaction
 */
export const redact = (events: ReadonlyArray<TicketEvent>): ReadonlyArray<TicketEvent> => events.map(event)

/**
 * The checksums of the attachments of a history whose bytes intake put in the attachment
 * store (the accepted ones), without the erased ones.
 *
 * @since 0.1.0
 * @category queries
 */
export const checksums = (events: ReadonlyArray<TicketEvent>): ReadonlyArray<string> => {
  const found = new Set<string>()
  for (const e of events) {
    if (e._tag !== "Received") continue
    for (const a of e.screening.attachments.accepted) {
      if (a.checksum !== erasedChecksum) found.add(a.checksum)
    }
  }
  return [...found]
}
