/**
 * The conformance suite of the `Mailbox` port (requests arriving by e-mail, PEC or
 * fax-to-mail).
 *
 * ```ts no-run
 * import { MailboxSuite } from "@sportello/testkit"
 * MailboxSuite.mailboxSuite("imap", Layer.merge(myImapMailbox, myGreenMailAsInbox))
 * ```
 *
 * The mailbox is read through the `Mailbox` tag only. Mail is put into it through
 * {@link Inbox}, which the adapter's harness provides (append a message to an IMAP folder,
 * drop a file, call the in-memory `deliver`): the harness turns a submission into whatever the
 * adapter decodes, and the suite checks that what comes out is the request that went in.
 *
 * @since 0.1.0
 */
import { it } from "@effect/vitest"
import { Inbound, Mailbox } from "@sportello/core"
import { Context, Effect, type Layer, Schema, Stream } from "effect"
import * as fc from "fast-check"
import { expect } from "vitest"
import * as Arbitraries from "./Arbitraries.ts"
import { forAll, freshId } from "./internal/suite.ts"
import * as Properties from "./Properties.ts"

/**
 * The test harness's way to put a request into the mailbox.
 *
 * @since 0.1.0
 * @category harness
 */
export class Inbox extends Context.Service<Inbox, { readonly deliver: (submission: Inbound.Submission) => Effect.Effect<void> }>()(
  "@sportello/testkit/MailboxSuite/Inbox"
) {}

/**
 * Requests that arrive by e-mail or PEC: realistic requesters and texts, unusual characters,
 * attachments with their bytes, and a fresh idempotency key each (a Message-ID).
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const submission: fc.Arbitrary<Inbound.Submission> = fc
  .record({
    channel: fc.constantFrom("email", "pec"),
    requester: Arbitraries.requester(),
    content: Arbitraries.content({ declareLanguage: false, attachments: false, subject: true }),
    text: fc.option(Arbitraries.unusualText, { freq: 4, nil: undefined }),
    attachments: fc.array(
      fc.record({ name: fc.constantFrom("foto.jpg", "documento d'identità.pdf", "nota.txt"), mediaType: fc.constantFrom("image/jpeg", "application/pdf", "text/plain"), bytes: Arbitraries.bytes(8192) }),
      { maxLength: 2 }
    )
  })
  .map(({ attachments, channel, content, requester, text }) => ({
    channel,
    idempotencyKey: "",
    requester,
    content: {
      kind: content.kind,
      ...(content.subject === undefined ? {} : { subject: content.subject }),
      text: text ?? content.text,
      ...(content.topic === undefined ? {} : { topic: content.topic })
    },
    attachments
  }))

const fresh = (s: Inbound.Submission): Inbound.Submission => ({ ...s, idempotencyKey: `<${freshId("msg")}@mail.example.it>` })

const isSubmission = Schema.is(Inbound.Submission)

/**
 * Registers the conformance tests of a `Mailbox`:
 * - a request put in comes out of `incoming` decoded (a valid `Inbound.Submission`) with its
 *   idempotency key, channel, subject, text and attachments' bytes;
 * - requests come out in order of arrival;
 * - acknowledging a key is harmless when repeated.
 *
 * @since 0.1.0
 * @category suites
 */
export const mailboxSuite = <E>(name: string, layer: Layer.Layer<Mailbox.Mailbox | Inbox, E>, options: Properties.SuiteOptions = {}): void => {
  const parameters = Properties.parameters<unknown>(20, options)
  const testTimeout = options.testTimeout ?? 30_000
  const take = (mailbox: Mailbox.Service, keys: ReadonlyArray<string>) =>
    mailbox.incoming.pipe(Stream.filter((s) => keys.includes(s.idempotencyKey)), Stream.take(keys.length), Stream.runCollect)

  it.layer(layer, { timeout: options.layerTimeout ?? 60_000 })(`Mailbox conformance (${name})`, (it) => {
    it.effect("a request put in comes out decoded, with its idempotency key, text and attachments", () =>
      forAll(submission, parameters, (s) =>
        Effect.gen(function*() {
          const mailbox = yield* Mailbox.Mailbox
          const inbox = yield* Inbox
          const sent = fresh(s)
          yield* inbox.deliver(sent)
          const [got] = yield* take(mailbox, [sent.idempotencyKey])
          expect(isSubmission(got), "a valid Inbound.Submission").toBe(true)
          expect(got!.channel).toBe(sent.channel)
          expect(got!.content.subject).toBe(sent.content.subject)
          expect(got!.content.text).toBe(sent.content.text)
          expect(got!.attachments.map((a) => [a.name, a.mediaType, Array.from(a.bytes)])).toStrictEqual(
            sent.attachments.map((a) => [a.name, a.mediaType, Array.from(a.bytes)])
          )
          yield* mailbox.acknowledge(sent.idempotencyKey)
        })), Properties.timeout(parameters.numRuns ?? 20, 200))

    it.effect("requests come out in order of arrival; acknowledging twice is harmless", () =>
      Effect.gen(function*() {
        const mailbox = yield* Mailbox.Mailbox
        const inbox = yield* Inbox
        const sent = fc.sample(submission, { numRuns: 3, seed: 3 }).map(fresh)
        for (const s of sent) yield* inbox.deliver(s)
        const got = yield* take(mailbox, sent.map((s) => s.idempotencyKey))
        expect(got.map((s) => s.idempotencyKey)).toStrictEqual(sent.map((s) => s.idempotencyKey))
        for (const s of sent) {
          yield* mailbox.acknowledge(s.idempotencyKey)
          yield* mailbox.acknowledge(s.idempotencyKey)
        }
      }), testTimeout)
  })
}
