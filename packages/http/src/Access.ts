/**
 * Who may do what. A staff token has one role:
 *
 * | action                                    | operator | office            | supervisor | admin |
 * |-------------------------------------------|:--------:|:-----------------:|:----------:|:-----:|
 * | read worklists                            | any queue| its own queue     | any queue  |   –   |
 * | read a ticket (history, deadline)         | any      | routed to it or consulting it | any |   –   |
 * | operator commands (see {@link operatorCommands}) | ✓ |        –          |     ✓      |   –   |
 * | `RecordOfficeReply` (its own office), `AddNote` | ✓  | on tickets it may read |  ✓    |   –   |
 * | `Acknowledge`, `ExpireDocumentsWait`, `Contact`, `ErasePersonalData` | – | – |  ✓    |   –   |
 * | list, declare and end emergency periods (R16) | list |     list          |     ✓      |   ✓   |
 * | read the audit log                        |    –     |        –          |     ✓      |   ✓   |
 * | issue, list and revoke tokens             |    –     |        –          |     –      |   ✓   |
 *
 * Operators and supervisors act on tickets as `Operator` actors with their staff id, offices as
 * `Office` actors with their office id; admins never touch tickets (they manage tokens and may
 * switch emergency mode). The actor of a command always comes from the token, never from the
 * request body. See decision record 0014 (docs/decisions/0014-http-tokens-roles-problems.md).
 *
 * @since 0.1.0
 */
import type { Engine, TicketCommand, TicketEvent } from "@sportello/core"
import type { Principal, Role } from "./Tokens.ts"

/**
 * A permission checked by the API.
 *
 * @since 0.1.0
 * @category models
 */
export type Permission =
  | "worklist.read"
  | "ticket.read"
  | "ticket.act"
  | "emergency.read"
  | "emergency.manage"
  | "audit.read"
  | "tokens.manage"

/**
 * The tag of a command staff may send (everything but `Receive`, which intake does).
 *
 * @since 0.1.0
 * @category models
 */
export type CommandTag = Exclude<TicketCommand.TicketCommand["_tag"], "Receive">

const PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  operator: new Set(["worklist.read", "ticket.read", "ticket.act", "emergency.read"]),
  office: new Set(["worklist.read", "ticket.read", "ticket.act", "emergency.read"]),
  supervisor: new Set(["worklist.read", "ticket.read", "ticket.act", "emergency.read", "emergency.manage", "audit.read"]),
  admin: new Set(["emergency.read", "emergency.manage", "audit.read", "tokens.manage"])
}

/**
 * The commands of the everyday work on a ticket: operators and supervisors.
 *
 * @since 0.1.0
 * @category constants
 */
export const operatorCommands: ReadonlyArray<CommandTag> = [
  "ResolveLanguage",
  "Classify",
  "Route",
  "Assign",
  "ConsultOffice",
  "RecordOfficeReply",
  "Suspend",
  "Resume",
  "Answer",
  "Close",
  "Reopen",
  "MergeInto",
  "AttachDuplicate",
  "AddNote"
]

/**
 * The commands of an office, on the tickets it may read.
 *
 * @since 0.1.0
 * @category constants
 */
export const officeCommands: ReadonlyArray<CommandTag> = ["RecordOfficeReply", "AddNote"]

/**
 * The commands only supervisors send: recording an acknowledgement sent by hand, closing a
 * ticket whose documents did not come (normally the timers' job), logging a contact of a
 * campaign (R21), erasing personal data.
 *
 * @since 0.1.0
 * @category constants
 */
export const supervisorOnlyCommands: ReadonlyArray<CommandTag> = ["Acknowledge", "ExpireDocumentsWait", "Contact", "ErasePersonalData"]

const COMMANDS: Record<Role, ReadonlySet<CommandTag>> = {
  operator: new Set(operatorCommands),
  office: new Set(officeCommands),
  supervisor: new Set([...operatorCommands, ...supervisorOnlyCommands]),
  admin: new Set()
}

/**
 * Whether a role has a permission.
 *
 * @since 0.1.0
 * @category queries
 */
export const can = (role: Role, permission: Permission): boolean => PERMISSIONS[role].has(permission)

/**
 * Whether a role may send a command.
 *
 * @since 0.1.0
 * @category queries
 */
export const mayRun = (role: Role, command: string): boolean => COMMANDS[role].has(command as CommandTag)

/**
 * The commands a role may send.
 *
 * @since 0.1.0
 * @category queries
 */
export const commandsOf = (role: Role): ReadonlyArray<CommandTag> => [...COMMANDS[role]]

/**
 * The actor recorded in the events of a principal's commands.
 *
 * @since 0.1.0
 * @category queries
 */
export const actorOf = (principal: Principal): TicketEvent.Actor =>
  principal.role === "office" ? { _tag: "Office", id: principal.subject } : { _tag: "Operator", id: principal.subject }

/**
 * Whether a ticket concerns an office: it was forwarded to the office, or the office was
 * consulted on it (now or before).
 *
 * @since 0.1.0
 * @category queries
 */
export const concernsOffice = (details: Engine.Details, office: string): boolean =>
  (details.ticket.route?._tag === "Office" && details.ticket.route.office === office) ||
  details.ticket.consulting.includes(office) ||
  details.events.some((e) => e._tag === "OfficeConsulted" && e.office === office)

/**
 * Whether a principal may read a ticket.
 *
 * @since 0.1.0
 * @category queries
 */
export const mayRead = (principal: Principal, details: Engine.Details): boolean =>
  can(principal.role, "ticket.read") && (principal.role !== "office" || concernsOffice(details, principal.subject))
