import { Outbox, TicketStore } from "@sportello/core"
import { outboxSuite } from "@sportello/testkit"

outboxSuite("in-memory", Outbox.layerMemory, { skipLocked: true })
// The outbox the in-memory ticket store writes its commits to is the same port.
outboxSuite("in-memory, shared with the ticket store", TicketStore.layerMemory, { skipLocked: true })
