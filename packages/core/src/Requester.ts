/**
 * The requester (il richiedente): who asks, how to reach them, and what they consented to.
 * Citizens (cittadini) are handled by the Contact Center; institutions, organisations and
 * companies (istituzioni, organizzazioni, imprese) are forwarded to the Department's offices
 * (R8). Personal data lives here and nowhere else in a ticket, so that it can be left out of
 * public views and logs (R23) and erased while statistics keep the facts they need (B9).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type * as Channel from "./Channel.ts"

/**
 * The kind of requester (Destinatari).
 *
 * @since 0.1.0
 * @category models
 */
export const Kind = Schema.Literals(["citizen", "institution", "organisation", "company"])

/**
 * @since 0.1.0
 * @category models
 */
export type Kind = typeof Kind.Type

/**
 * Who the requester is (generalità): a person by first and last name, or an organisation by
 * its name and, optionally, the office writing.
 *
 * @since 0.1.0
 * @category models
 */
export const Identity = Schema.Union([
  Schema.TaggedStruct("Person", { firstName: Schema.NonEmptyString, lastName: Schema.NonEmptyString }),
  Schema.TaggedStruct("Organisation", { name: Schema.NonEmptyString, office: Schema.optionalKey(Schema.String) })
])

/**
 * @since 0.1.0
 * @category models
 */
export type Identity = typeof Identity.Type

/**
 * A contact point (recapito): e-mail, PEC, postal address, fax or phone number.
 *
 * @since 0.1.0
 * @category models
 */
export const ContactPoint = Schema.Union([
  Schema.TaggedStruct("Email", { address: Schema.NonEmptyString }),
  Schema.TaggedStruct("Pec", { address: Schema.NonEmptyString }),
  Schema.TaggedStruct("Postal", {
    street: Schema.NonEmptyString,
    postalCode: Schema.String,
    city: Schema.NonEmptyString,
    province: Schema.optionalKey(Schema.String),
    country: Schema.optionalKey(Schema.String)
  }),
  Schema.TaggedStruct("Fax", { number: Schema.NonEmptyString }),
  Schema.TaggedStruct("Phone", { number: Schema.NonEmptyString })
])

/**
 * @since 0.1.0
 * @category models
 */
export type ContactPoint = typeof ContactPoint.Type

/**
 * Consent to outbound contact beyond the answer itself (R21): SMS and e-mail campaigns of
 * the Department.
 *
 * @since 0.1.0
 * @category models
 */
export const Consent = Schema.Struct({
  sms: Schema.Boolean,
  email: Schema.Boolean
})

/**
 * @since 0.1.0
 * @category models
 */
export type Consent = typeof Consent.Type

/**
 * A requester as received: the identity may be missing (an anonymous letter, a voicemail
 * without a name), which makes the request unanswerable (R4) but still registered.
 *
 * @since 0.1.0
 * @category models
 */
export const Requester = Schema.Struct({
  kind: Kind,
  identity: Schema.optionalKey(Identity),
  contacts: Schema.Array(ContactPoint),
  consent: Schema.optionalKey(Consent)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Requester = typeof Requester.Type

const kindOf = (contact: ContactPoint): Channel.ReplyKind => {
  switch (contact._tag) {
    case "Email":
      return "email"
    case "Pec":
      return "pec"
    case "Postal":
      return "postal"
    case "Fax":
      return "fax"
    case "Phone":
      return "phone"
  }
}

/**
 * The reply kind of a contact point.
 *
 * @since 0.1.0
 * @category queries
 */
export const replyKind = (contact: ContactPoint): Channel.ReplyKind => kindOf(contact)

/**
 * The contact point an answer goes to, following the channel's order of preference (R3: the
 * acknowledgement and the answer go through the reply address's own channel). Undefined when
 * the requester gave none the channel can use (R4).
 *
 * @since 0.1.0
 * @category queries
 */
export const replyAddress = (requester: Requester, channel: Channel.Definition): ContactPoint | undefined => {
  for (const kind of channel.replyTo) {
    const found = requester.contacts.find((c) => kindOf(c) === kind)
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * The requester need not give a written identity: the channel answers by calling back (its
 * `identityOnCallback`), and there is a number to call — the caller says who they are in the
 * recording and on the call (voicemail, R1).
 *
 * @since 0.1.0
 * @category queries
 */
export const identifiedOnCallback = (requester: Requester, channel: Channel.Definition): boolean =>
  channel.identityOnCallback === true && replyAddress(requester, channel)?._tag === "Phone"

/**
 * The requester can be answered: an identity and a reply address the channel can use (R4);
 * on a channel that answers by call back, a number to call (see {@link identifiedOnCallback}).
 *
 * @since 0.1.0
 * @category queries
 */
export const isAnswerable = (requester: Requester, channel: Channel.Definition): boolean =>
  (requester.identity !== undefined || identifiedOnCallback(requester, channel)) && replyAddress(requester, channel) !== undefined

/**
 * The requester with every piece of personal data removed (B9): the kind stays, for the
 * statistics; identity, contact points and consent go.
 *
 * @since 0.1.0
 * @category privacy
 */
export const erase = (requester: Requester): Requester => ({ kind: requester.kind, contacts: [] })
