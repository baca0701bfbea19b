/**
 * @sportello/testkit — fast-check arbitraries, SLA laws as property suites, a conformance
 * suite per port and a model-based life-cycle test: for testers checking their calendar and
 * policy, and for integrators certifying their adapters.
 *
 * @since 0.1.0
 */

/**
 * fast-check arbitraries for Sportello's models, derived from core's schemas where that gives
 * useful values and written by hand where it does not.
 *
 * @since 0.1.0
 */
export * as Arbitraries from "./Arbitraries.ts"

/**
 * Run counts and seeds of every property suite, from `SPORTELLO_PROPERTY_RUNS` and
 * `SPORTELLO_PROPERTY_SEED`.
 *
 * @since 0.1.0
 */
export * as Properties from "./Properties.ts"

/**
 * The laws of the SLA clock as property suites for a calendar and a policy.
 *
 * @since 0.1.0
 */
export * as SlaLaws from "./SlaLaws.ts"

/**
 * Registers the SLA laws for a calendar and a policy as Vitest tests (`SlaLaws.slaLaws`).
 *
 * @since 0.1.0
 * @category suites
 */
export { slaLaws } from "./SlaLaws.ts"

/**
 * The conformance suite of the `TicketStore` port.
 *
 * @since 0.1.0
 */
export * as TicketStoreSuite from "./TicketStoreSuite.ts"

/**
 * Registers the `TicketStore` conformance suite for a layer (`TicketStoreSuite.ticketStoreSuite`).
 *
 * @since 0.1.0
 * @category suites
 */
export { ticketStoreSuite } from "./TicketStoreSuite.ts"

/**
 * The conformance suite of the `Outbox` port.
 *
 * @since 0.1.0
 */
export * as OutboxSuite from "./OutboxSuite.ts"

/**
 * Registers the `Outbox` conformance suite for a layer (`OutboxSuite.outboxSuite`).
 *
 * @since 0.1.0
 * @category suites
 */
export { outboxSuite } from "./OutboxSuite.ts"

/**
 * The conformance suite of the `AttachmentStore` port.
 *
 * @since 0.1.0
 */
export * as AttachmentStoreSuite from "./AttachmentStoreSuite.ts"

/**
 * Registers the `AttachmentStore` conformance suite for a layer (`AttachmentStoreSuite.attachmentStoreSuite`).
 *
 * @since 0.1.0
 * @category suites
 */
export { attachmentStoreSuite } from "./AttachmentStoreSuite.ts"

/**
 * The model-based test of the ticket life-cycle, reusable against any `TicketStore`.
 *
 * @since 0.1.0
 */
export * as LifecycleModel from "./LifecycleModel.ts"

/**
 * Registers the model-based life-cycle test against a `TicketStore` layer (`LifecycleModel.lifecycleModelSuite`).
 *
 * @since 0.1.0
 * @category suites
 */
export { lifecycleModelSuite } from "./LifecycleModel.ts"

/**
 * The conformance suite of the `TicketCodes` port.
 *
 * @since 0.1.0
 */
export * as TicketCodesSuite from "./TicketCodesSuite.ts"

/**
 * The conformance suite of the `Mailer` port, with the harness service that shows what the
 * provider received.
 *
 * @since 0.1.0
 */
export * as MailerSuite from "./MailerSuite.ts"

/**
 * The conformance suite of the `Mailbox` port, with the harness service that puts mail in.
 *
 * @since 0.1.0
 */
export * as MailboxSuite from "./MailboxSuite.ts"

/**
 * The conformance suite of the `SmsGateway` port, with the harness service that shows what the
 * provider received.
 *
 * @since 0.1.0
 */
export * as SmsGatewaySuite from "./SmsGatewaySuite.ts"

/**
 * The conformance suite of the `Telephony` port, with the harness service that makes calls
 * happen on the line.
 *
 * @since 0.1.0
 */
export * as TelephonySuite from "./TelephonySuite.ts"
