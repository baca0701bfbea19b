/**
 * The public status of a ticket by its code (R18, B7): what a requester sees on the website
 * or hears on the phone. It carries no personal data (R23): no name, no contact point, no
 * text, no attachment — only the state, the dates, the expected answer date and the outcome.
 *
 * @since 0.1.0
 */
import * as Calendar from "./Calendar.ts"
import * as Ticket from "./Ticket.ts"
import type { TicketCode } from "./TicketCode.ts"
import type { Outcome } from "./TicketEvent.ts"

/**
 * The public state of a request.
 *
 * @since 0.1.0
 * @category models
 */
export type PublicState = "in-progress" | "awaiting-documents" | "awaiting-administration" | "suspended" | "closed"

/**
 * What the public sees. Dates are local dates ("YYYY-MM-DD") of the service's time zone.
 *
 * @since 0.1.0
 * @category models
 */
export interface View {
  readonly code: TicketCode
  readonly state: PublicState
  readonly channel: string
  readonly receivedOn: string
  readonly lastUpdateOn: string
  /** The last day an answer is due, while the clock runs. */
  readonly expectedAnswerBy?: string
  /** Since when the clock is paused, while it is. */
  readonly pausedSince?: string
  readonly outcome?: Outcome
  readonly closedOn?: string
}

/**
 * The public view of a ticket.
 *
 * @since 0.1.0
 * @category constructors
 */
export const view = (ticket: Ticket.Ticket, env: Ticket.Environment): View => {
  const date = (t: number) => Calendar.localDate(env.calendar, t)
  const open = Ticket.openSuspension(ticket)
  const state: PublicState = ticket.status === "closed"
    ? "closed"
    : open === undefined
    ? "in-progress"
    : open.reason === "awaiting-documents" || open.reason === "awaiting-administration"
    ? open.reason
    : "suspended"
  const d = ticket.status === "closed" ? undefined : Ticket.deadline(ticket, env)
  return {
    code: ticket.code,
    state,
    channel: ticket.channel,
    receivedOn: date(ticket.receivedAt),
    lastUpdateOn: date(ticket.lastEventAt),
    ...(d?._tag === "Due" ? { expectedAnswerBy: date(d.at - 1) } : {}),
    ...(d?._tag === "Paused" ? { pausedSince: date(d.since) } : {}),
    ...(ticket.outcome === undefined ? {} : { outcome: ticket.outcome }),
    ...(ticket.closedAt === undefined ? {} : { closedOn: date(ticket.closedAt) })
  }
}
