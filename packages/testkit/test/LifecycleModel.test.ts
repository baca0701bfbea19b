import { TicketStore } from "@sportello/core"
import { lifecycleModelSuite } from "@sportello/testkit"

// Random command sequences through the decider, persisted in the in-memory store and refolded.
lifecycleModelSuite("in-memory", TicketStore.layerMemory)
