import { TicketCodes } from "@sportello/core"
import { TicketCodesSuite } from "@sportello/testkit"

TicketCodesSuite.ticketCodesSuite("Web Crypto", TicketCodes.layer)
TicketCodesSuite.ticketCodesSuite("seeded", TicketCodes.layerSeeded(42))
