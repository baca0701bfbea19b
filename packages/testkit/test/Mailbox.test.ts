import { Mailbox } from "@sportello/core"
import { MailboxSuite } from "@sportello/testkit"
import { Context, Effect, Layer } from "effect"

// The harness puts mail in with the in-memory mailbox's own `deliver`.
const memory = Layer.effectContext(Effect.map(Mailbox.makeMemory, (mailbox) =>
  Context.make(Mailbox.Mailbox, mailbox).pipe(Context.add(MailboxSuite.Inbox, { deliver: mailbox.deliver }))))

MailboxSuite.mailboxSuite("in-memory", memory)
