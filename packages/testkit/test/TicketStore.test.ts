import { TicketStore } from "@sportello/core"
import { ticketStoreSuite } from "@sportello/testkit"

// The in-memory store is the executable specification: it passes every test of the suite.
ticketStoreSuite("in-memory", TicketStore.layerMemory, { concurrentWriters: true, skipLocked: true })
