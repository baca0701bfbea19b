/**
 * Routing policy (R8, R9): which desk, office or external body handles a ticket. A policy is
 * a plain total function from a ticket's routing facts to a route, built from small
 * `ts-pattern` rules, so the Department writes it in code and tests it like any function.
 *
 * The default rules, in order:
 * 1. emergencies first: an emergency-like request goes to the Contact Center desk with
 *    immediate priority, whoever sent it (R6);
 * 2. a topic outside the Department's competence is redirected to the competent body;
 * 3. each requester kind is handled as the directory says: citizens by the desk,
 *    institutions, organisations and companies by the competent office for the topic (R8),
 *    or the general office when no office claims the topic.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { match, P } from "ts-pattern"
import type * as Requester from "./Requester.ts"

/**
 * How urgently a routed ticket is to be taken up.
 *
 * @since 0.1.0
 * @category models
 */
export const Priority = Schema.Literals(["immediate", "normal"])

/**
 * @since 0.1.0
 * @category models
 */
export type Priority = typeof Priority.Type

/**
 * Where a ticket goes: the Contact Center desk, an office of the Department (Uffici e
 * Servizi), or an external competent body (redirect).
 *
 * @since 0.1.0
 * @category models
 */
export const Route = Schema.Union([
  Schema.TaggedStruct("Desk", { priority: Priority }),
  Schema.TaggedStruct("Office", { office: Schema.NonEmptyString, priority: Priority }),
  Schema.TaggedStruct("External", { body: Schema.NonEmptyString })
])

/**
 * @since 0.1.0
 * @category models
 */
export type Route = typeof Route.Type

/**
 * The facts a routing policy decides on: no personal data.
 *
 * @since 0.1.0
 * @category models
 */
export interface Input {
  readonly requesterKind: Requester.Kind
  readonly channel: string
  readonly topic?: string | undefined
  readonly emergency: boolean
}

/**
 * A routing policy: total, pure, testable.
 *
 * @since 0.1.0
 * @category models
 */
export type Policy = (input: Input) => Route

/**
 * An office of the Department and the topics it is competent for.
 *
 * @since 0.1.0
 * @category models
 */
export interface Office {
  readonly id: string
  readonly name: string
  readonly topics: ReadonlyArray<string>
}

/**
 * A body outside the Department, competent for some topics.
 *
 * @since 0.1.0
 * @category models
 */
export interface ExternalBody {
  readonly id: string
  readonly name: string
  readonly topics: ReadonlyArray<string>
}

/**
 * The data a policy is built from: offices, external bodies, who handles each requester kind
 * (a record over every kind, so the compiler keeps it total), and the office that takes
 * forwarded topics no office claims.
 *
 * @since 0.1.0
 * @category models
 */
export interface Directory {
  readonly offices: ReadonlyArray<Office>
  readonly externalBodies: ReadonlyArray<ExternalBody>
  readonly handledBy: { readonly [K in Requester.Kind]: "desk" | "office" }
  readonly generalOffice: string
}

/**
 * Builds the default rules over a directory.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (directory: Directory): Policy => {
  const external = new Map<string, string>()
  for (const body of directory.externalBodies) for (const topic of body.topics) external.set(topic, body.id)
  const office = new Map<string, string>()
  for (const o of directory.offices) for (const topic of o.topics) if (!office.has(topic)) office.set(topic, o.id)
  const officeFor = (topic: string | undefined): string =>
    (topic === undefined ? undefined : office.get(topic)) ?? directory.generalOffice
  const isExternal = (topic: string | undefined): topic is string => topic !== undefined && external.has(topic)

  const byKind = (input: Input): Route =>
    match(directory.handledBy[input.requesterKind])
      .with("desk", (): Route => ({ _tag: "Desk", priority: "normal" }))
      .with("office", (): Route => ({ _tag: "Office", office: officeFor(input.topic), priority: "normal" }))
      .exhaustive()

  return (input) =>
    match(input)
      .with({ emergency: true }, (): Route => ({ _tag: "Desk", priority: "immediate" }))
      .with({ topic: P.when(isExternal) }, (i): Route => ({ _tag: "External", body: external.get(i.topic as string)! }))
      .with({ emergency: false }, byKind)
      .exhaustive()
}

/**
 * An example directory of the Department (the office names are illustrative; the Department
 * replaces them with its own organisation chart).
 *
 * @since 0.1.0
 * @category defaults
 */
export const departmentDirectory: Directory = {
  offices: [
    { id: "volontariato", name: "Volontariato e formazione", topics: ["volunteering", "training"] },
    { id: "rischi-naturali", name: "Rischio sismico, vulcanico e idrogeologico", topics: ["seismic-risk", "volcanic-risk", "hydro-risk"] },
    { id: "incendi", name: "Rischio incendi boschivi", topics: ["fire-risk"] },
    { id: "emergenze", name: "Gestione delle emergenze", topics: ["emergency-aid", "emergency-plans", "alerts"] },
    { id: "amministrazione", name: "Amministrazione e contributi", topics: ["funding"] },
    { id: "comunicazione", name: "Comunicazione e relazioni istituzionali", topics: ["communication"] }
  ],
  externalBodies: [
    { id: "comune", name: "Comune di residenza", topics: ["municipal-services"] },
    { id: "servizio-sanitario", name: "Servizio sanitario regionale", topics: ["health"] },
    { id: "agenzia-entrate", name: "Agenzia delle Entrate", topics: ["taxes"] }
  ],
  handledBy: { citizen: "desk", institution: "office", organisation: "office", company: "office" },
  generalOffice: "comunicazione"
}

/**
 * The Department's default routing policy, built over {@link departmentDirectory}.
 *
 * @since 0.1.0
 * @category defaults
 */
export const departmentDefault: Policy = make(departmentDirectory)
