/**
 * @sportello/core — the pure core of Sportello: service calendars, SLA clocks and the ticket
 * domain of a public Contact Center.
 *
 * @since 0.1.0
 */

/**
 * Service calendars: hours, holidays, emergency periods, versioned with effective dates.
 *
 * @since 0.1.0
 */
export * as Calendar from "./Calendar.ts"

/**
 * Public holidays as curated rules (Italy's national holidays included).
 *
 * @since 0.1.0
 */
export * as Holidays from "./Holidays.ts"

/**
 * The SLA clock: terms, suspensions, deadlines, explanations and status.
 *
 * @since 0.1.0
 */
export * as Sla from "./Sla.ts"

/**
 * Channels: the seven of the charter and integrators' custom ones.
 *
 * @since 0.1.0
 */
export * as Channel from "./Channel.ts"

/**
 * The requester: kind, identity, contact points, consent.
 *
 * @since 0.1.0
 */
export * as Requester from "./Requester.ts"

/**
 * What was asked: kind, subject, text, language, topic, attachments.
 *
 * @since 0.1.0
 */
export * as Request from "./Request.ts"

/**
 * Public ticket codes: random, unambiguous, checked, read aloud in groups.
 *
 * @since 0.1.0
 */
export * as TicketCode from "./TicketCode.ts"

/**
 * Routing policy: a total function from a ticket's facts to desk, office or external body.
 *
 * @since 0.1.0
 */
export * as Routing from "./Routing.ts"

/**
 * The Department's policy in code, versioned with effective dates.
 *
 * @since 0.1.0
 */
export * as Policy from "./Policy.ts"

/**
 * Language identification, as a port.
 *
 * @since 0.1.0
 */
export * as LanguageDetector from "./LanguageDetector.ts"

/**
 * Intake rules: identity and reply address, language, emergencies, attachments, acknowledgement.
 *
 * @since 0.1.0
 */
export * as Intake from "./Intake.ts"

/**
 * The facts of a ticket's history.
 *
 * @since 0.1.0
 */
export * as TicketEvent from "./TicketEvent.ts"

/**
 * What can be asked of a ticket.
 *
 * @since 0.1.0
 */
export * as TicketCommand from "./TicketCommand.ts"

/**
 * A ticket's state and what is derived from it: term, clock, deadline, SLA status.
 *
 * @since 0.1.0
 */
export * as Ticket from "./Ticket.ts"

/**
 * The ticket life-cycle: decide and evolve.
 *
 * @since 0.1.0
 */
export * as Decider from "./Decider.ts"

/**
 * The public status of a ticket by code, without personal data.
 *
 * @since 0.1.0
 */
export * as StatusView from "./StatusView.ts"

/**
 * Statistics per period: open, closed, by channel, kind, topic, outcome, on-time, median.
 *
 * @since 0.1.0
 */
export * as Statistics from "./Statistics.ts"

/**
 * Storage failures shared by the storage ports.
 *
 * @since 0.1.0
 */
export * as StorageError from "./StorageError.ts"

/**
 * What a store keeps beside a ticket's events: status, worklist entry, statistics fact, timers.
 *
 * @since 0.1.0
 */
export * as Projection from "./Projection.ts"

/**
 * The ticket store port.
 *
 * @since 0.1.0
 */
export * as TicketStore from "./TicketStore.ts"

/**
 * The transactional outbox port.
 *
 * @since 0.1.0
 */
export * as Outbox from "./Outbox.ts"

/**
 * The attachment store port.
 *
 * @since 0.1.0
 */
export * as AttachmentStore from "./AttachmentStore.ts"

/**
 * The source of new ticket codes.
 *
 * @since 0.1.0
 */
export * as TicketCodes from "./TicketCodes.ts"

/**
 * What inbound channel adapters hand to intake.
 *
 * @since 0.1.0
 */
export * as Inbound from "./Inbound.ts"

/**
 * Receipts and failures shared by outbound channel ports.
 *
 * @since 0.1.0
 */
export * as Delivery from "./Delivery.ts"

/**
 * The outbound mail port (e-mail, PEC).
 *
 * @since 0.1.0
 */
export * as Mailer from "./Mailer.ts"

/**
 * The inbound mail port.
 *
 * @since 0.1.0
 */
export * as Mailbox from "./Mailbox.ts"

/**
 * The SMS port.
 *
 * @since 0.1.0
 */
export * as SmsGateway from "./SmsGateway.ts"

/**
 * The telephony port.
 *
 * @since 0.1.0
 */
export * as Telephony from "./Telephony.ts"

/**
 * Message templates in Italian and English.
 *
 * @since 0.1.0
 */
export * as Templates from "./Templates.ts"

/**
 * A token-bucket rate limiter per client.
 *
 * @since 0.1.0
 */
export * as RateLimiter from "./RateLimiter.ts"

/**
 * The engine: intake, actions, lookup, worklists, statistics, emergencies.
 *
 * @since 0.1.0
 */
export * as Engine from "./Engine.ts"

/**
 * Deadline timers: warnings, breaches, auto-close.
 *
 * @since 0.1.0
 */
export * as Timers from "./Timers.ts"

/**
 * The outbox relay: delivery through the channel ports.
 *
 * @since 0.1.0
 */
export * as Relay from "./Relay.ts"

/**
 * The engine for embedders who do not use Effect: Promises, tagged errors as rejections.
 *
 * @since 0.1.0
 */
export * as Sportello from "./Sportello.ts"

/**
 * Builds and starts an engine answering with Promises: the way in for embedders who do not
 * use Effect (see {@link Sportello}).
 *
 * @since 0.1.0
 */
export { createSportello } from "./Sportello.ts"

/**
 * The erasure of personal data from a ticket's history, keeping every fact statistics need.
 *
 * @since 0.1.0
 */
export * as Redaction from "./Redaction.ts"

/**
 * Group contact by SMS or e-mail, with consent, once per campaign (R21).
 *
 * @since 0.1.0
 */
export * as Campaigns from "./Campaigns.ts"

/**
 * Retention: personal data of tickets closed longer than a period ago is erased, statistics stay.
 *
 * @since 0.1.0
 */
export * as Retention from "./Retention.ts"

/**
 * The toll-free line: voicemails become tickets, calls feed hourly line figures (R1, R20).
 *
 * @since 0.1.0
 */
export * as LineMonitor from "./LineMonitor.ts"

/**
 * Intake from the mailbox: submit, then acknowledge; unreadable mail is quarantined.
 *
 * @since 0.1.0
 */
export * as MailboxIntake from "./MailboxIntake.ts"
