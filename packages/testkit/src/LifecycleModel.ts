/**
 * The model-based test of the ticket life-cycle, reusable against any `TicketStore`: random
 * command sequences go through `Decider.decide`, every accepted batch is appended to the store
 * with its expected version, and after every step
 * - the history loaded from the store refolds to the state the decider reached incrementally;
 * - a simple model (written here from domain.md, not from the decider) predicted whether the
 *   command would be accepted, and the status, outcome, complexity, assignee, acknowledgement
 *   and erasure that follow;
 * - a closed ticket has no running clock, a suspended ticket no deadline (only "paused"), an
 *   open one no open suspension;
 * - a refusal is a typed `TicketRefused` with a message, never an exception.
 *
 * ```ts no-run
 * import { lifecycleModelSuite } from "@sportello/testkit"
 * lifecycleModelSuite("postgres", myStoreLayer)
 * ```
 *
 * @since 0.1.0
 */
import { it } from "@effect/vitest"
import {
  Calendar,
  Channel,
  Decider,
  Policy,
  Projection,
  Sla,
  type StorageError,
  Ticket,
  type TicketCode,
  type TicketCommand,
  type TicketEvent,
  TicketStore
} from "@sportello/core"
import { Effect, type Layer, Option, Result } from "effect"
import * as fc from "fast-check"
import { expect } from "vitest"
import * as Arbitraries from "./Arbitraries.ts"
import { forAll, freshCode } from "./internal/suite.ts"
import { DAY, MINUTE } from "./internal/time.ts"
import * as Properties from "./Properties.ts"

/**
 * What the model knows of a ticket: far less than the decider, enough to predict it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Model {
  readonly code: TicketCode.TicketCode
  readonly status: Ticket.Status
  readonly channel: Channel.Definition
  readonly policy: Policy.Version
  readonly requesterKind: Ticket.Ticket["requester"]["kind"]
  readonly emergency: boolean
  readonly complexity: Channel.Complexity
  readonly topic?: string
  readonly language: "Supported" | "Unsupported" | "Undecided"
  readonly acknowledged: boolean
  readonly assignee?: string
  readonly consulting: ReadonlyArray<string>
  readonly outcome?: TicketEvent.Outcome
  readonly closedAt?: number
  /** The open suspension, while there is one. */
  readonly suspension?: Sla.Suspension
  /** The current cycle has been suspended: only a suspendable term may follow (R14). */
  readonly suspendedInCycle: boolean
  readonly duplicates: ReadonlyArray<string>
  readonly erased: boolean
  /** Consent and contact points, as far as contacting the requester (R21) needs them. */
  readonly reach: { readonly sms: boolean; readonly email: boolean }
  readonly campaigns: ReadonlyArray<string>
}

const OPERATOR_OUTCOMES: ReadonlyArray<string> = ["withdrawn", "unanswerable-no-reply-address", "unsupported-language"]

const close = (m: Model, outcome: TicketEvent.Outcome, now: number): Model => {
  const { suspension: _suspension, ...rest } = m
  return { ...rest, status: "closed", outcome, closedAt: now, consulting: [] }
}

const suspendable = (m: Model, complexity: Channel.Complexity): boolean =>
  Policy.isSuspendable(m.policy, Policy.termFor(m.policy, m.channel, complexity))

/**
 * The model after a `Receive` at `now`, or `"refused"` (an unknown channel).
 *
 * @since 0.1.0
 * @category model
 */
export const received = (command: TicketCommand.Of<"Receive">, now: number, env: Ticket.Environment): Model | "refused" => {
  const channel = Channel.find(env.channels, command.channel)
  if (channel === undefined) return "refused"
  const policy = Policy.inForce(env.policies, Calendar.localDate(env.calendar, now))
  const base: Model = {
    code: command.code,
    status: "open",
    channel,
    policy,
    requesterKind: command.requester.kind,
    emergency: command.screening.emergency.flagged,
    complexity: channel.initialComplexity,
    ...(command.content.topic === undefined ? {} : { topic: command.content.topic }),
    language: command.screening.language._tag,
    acknowledged: false,
    consulting: [],
    suspendedInCycle: false,
    duplicates: [],
    erased: false,
    reach: {
      sms: command.requester.consent?.sms === true && command.requester.contacts.some((c) => c._tag === "Phone"),
      email: command.requester.consent?.email === true && command.requester.contacts.some((c) => c._tag === "Email" || c._tag === "Pec")
    },
    campaigns: []
  }
  if (command.screening.answerable !== "yes") return close(base, "unanswerable-no-reply-address", now)
  if (command.screening.language._tag === "Unsupported") return close(base, "unsupported-language", now)
  return base
}

/**
 * What the model expects of a command at `now`: the next model, or `"refused"`.
 *
 * @since 0.1.0
 * @category model
 */
export const next = (m: Model, c: TicketCommand.TicketCommand, now: number, env: Ticket.Environment): Model | "refused" => {
  const closed = m.status === "closed"
  switch (c._tag) {
    case "Receive":
      return "refused"
    case "Acknowledge":
      return m.acknowledged ? "refused" : { ...m, acknowledged: true }
    case "ResolveLanguage": {
      if (closed || m.language !== "Undecided") return "refused"
      return m.policy.language.supported.includes(c.language.toLowerCase())
        ? { ...m, language: "Supported" }
        : close({ ...m, language: "Unsupported" }, "unsupported-language", now)
    }
    case "Classify": {
      if (closed) return "refused"
      if (c.complexity === m.complexity && (c.topic === undefined || c.topic === m.topic)) return "refused"
      if (m.suspendedInCycle && !suspendable(m, c.complexity)) return "refused"
      return { ...m, complexity: c.complexity, ...(c.topic === undefined ? {} : { topic: c.topic }) }
    }
    case "Route": {
      if (closed) return "refused"
      const route = c.route ?? m.policy.routing({ requesterKind: m.requesterKind, channel: m.channel.id, topic: m.topic, emergency: m.emergency })
      return route._tag === "Desk" ? m : close(m, route._tag === "Office" ? "forwarded" : "redirected", now)
    }
    case "Assign":
      return closed || m.assignee === c.operator ? "refused" : { ...m, assignee: c.operator }
    case "ConsultOffice":
      return closed || m.consulting.includes(c.office) ? "refused" : { ...m, consulting: [...m.consulting, c.office] }
    case "RecordOfficeReply":
      return closed || !m.consulting.includes(c.office) ? "refused" : { ...m, consulting: m.consulting.filter((o) => o !== c.office) }
    case "Suspend": {
      if (closed || m.status === "suspended") return "refused"
      if (m.policy.suspension[c.reason] === undefined || !suspendable(m, m.complexity)) return "refused"
      return { ...m, status: "suspended", suspension: { reason: c.reason, from: now }, suspendedInCycle: true }
    }
    case "Resume": {
      if (m.status !== "suspended") return "refused"
      const { suspension: _suspension, ...rest } = m
      return { ...rest, status: "open" }
    }
    case "Answer":
      if (m.status !== "open") return "refused"
      return m.policy.language.supported.includes(c.language.toLowerCase()) ? close(m, "answered", now) : "refused"
    case "Close":
      return closed || !OPERATOR_OUTCOMES.includes(c.outcome) ? "refused" : close(m, c.outcome, now)
    case "ExpireDocumentsWait": {
      if (closed || m.suspension === undefined) return "refused"
      const limit = Sla.autoCloseAt(env.calendar, m.suspension, m.policy.suspension)
      return limit === undefined || now < limit ? "refused" : close(m, "documents-not-received", now)
    }
    case "Reopen": {
      if (!closed || m.outcome === "duplicate" || m.erased) return "refused"
      if (now - m.closedAt! > m.policy.reopenWindowDays * DAY) return "refused"
      const { outcome: _outcome, closedAt: _closedAt, ...rest } = m
      return { ...rest, status: "open", suspendedInCycle: false }
    }
    case "MergeInto":
      return closed || c.target === m.code ? "refused" : close(m, "duplicate", now)
    case "AttachDuplicate":
      return c.duplicate === m.code || m.duplicates.includes(c.duplicate) ? "refused" : { ...m, duplicates: [...m.duplicates, c.duplicate] }
    case "AddNote":
      return m
    case "Contact":
      return m.campaigns.includes(c.campaign) || !m.reach[c.via] ? "refused" : { ...m, campaigns: [...m.campaigns, c.campaign] }
    case "ErasePersonalData":
      return !closed || m.erased ? "refused" : { ...m, erased: true, reach: { sms: false, email: false } }
  }
}

/**
 * Checks a ticket's state against the model and the life-cycle's invariants; throws with a
 * message naming the command when they disagree.
 *
 * @since 0.1.0
 * @category model
 */
export const agrees = (state: Ticket.State, m: Model, env: Ticket.Environment, after: string): void => {
  if (state._tag !== "Ticket") throw new Error(`after ${after}: no ticket`)
  const t = state
  const says = (what: string) => `after ${after}: ${what}`
  expect(t.status, says("the status")).toBe(m.status)
  expect(t.outcome, says("the outcome")).toBe(m.outcome)
  expect(t.complexity, says("the complexity")).toBe(m.complexity)
  expect(t.assignee, says("the assignee")).toBe(m.assignee)
  expect(t.acknowledged, says("the acknowledgement")).toBe(m.acknowledged)
  expect(t.erased, says("the erasure")).toBe(m.erased)
  expect(t.language._tag, says("the language verdict")).toBe(m.language)
  expect([...t.consulting].sort(), says("the offices consulted")).toStrictEqual([...m.consulting].sort())
  const cycle = Ticket.currentCycle(t)
  const open = Ticket.openSuspension(t)
  if (t.status === "closed") {
    expect(cycle.stoppedAt, says("a closed ticket's clock is stopped")).toBeDefined()
    expect(open, says("a closed ticket has no open suspension")).toBeUndefined()
  } else {
    expect(cycle.stoppedAt, says("an open ticket's clock runs")).toBeUndefined()
  }
  if (t.status === "suspended") {
    expect(open, says("a suspended ticket has an open suspension")).toStrictEqual(m.suspension)
    const capped = m.policy.suspension[open?.reason ?? ""]?.maxDays !== undefined
    if (!capped) expect(Ticket.deadline(t, env)._tag, says("a suspended ticket has no deadline, only paused")).toBe("Paused")
  } else {
    expect(open, says("only a suspended ticket has an open suspension")).toBeUndefined()
  }
}

/**
 * Options of {@link lifecycleModelSuite}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends Properties.SuiteOptions {
  /** Calendar, policy book and channels the tickets live in (default: the Department's). */
  readonly env?: Ticket.Environment
  /** At most this many commands after the receipt (default 30). */
  readonly maxCommands?: number
}

/**
 * One generated life: a request received at an instant, then commands with the time that
 * passes before each. Prints its instants as local ISO time.
 *
 * @since 0.1.0
 * @category models
 */
export interface Life {
  readonly receive: TicketCommand.Of<"Receive">
  readonly receivedAt: number
  readonly steps: ReadonlyArray<Arbitraries.Step>
}

/**
 * Lives through any channel of the environment's registry.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const lives = (env: Ticket.Environment = Arbitraries.departmentEnvironment, maxCommands = 30): fc.Arbitrary<Life> =>
  fc
    .record({
      receive: fc.constantFrom(...env.channels.channels.values()).chain((ch) => {
        const policy = Policy.inForce(env.policies, "2027-01-01")
        return fc.oneof({ arbitrary: Arbitraries.receive(ch, { policy, answerable: true }), weight: 4 }, { arbitrary: Arbitraries.receive(ch, { policy }), weight: 1 })
      }),
      receivedAt: fc.integer({ min: Date.UTC(2026, 0, 1) / MINUTE, max: Date.UTC(2029, 11, 31) / MINUTE }).map((m) => m * MINUTE),
      steps: Arbitraries.steps({ maxLength: maxCommands })
    })
    .map((life) => Arbitraries.readable(env.calendar.timeZone, life))

const describeCommand = (c: TicketCommand.TicketCommand, index: number): string => {
  const detail = "complexity" in c ? `(${c.complexity})` : "reason" in c ? `(${c.reason})` : "outcome" in c ? `(${c.outcome})` : ""
  return `#${index} ${c._tag}${detail}`
}

/**
 * Lives one generated life against the `TicketStore` in context (fresh code), checking the
 * model and the invariants after every command. Fails with the first disagreement.
 *
 * @since 0.1.0
 * @category model
 */
export const live = (
  life: Life,
  env: Ticket.Environment = Arbitraries.departmentEnvironment
): Effect.Effect<void, TicketStore.VersionConflict | TicketStore.IdempotencyKeyTaken | StorageError.StorageError, TicketStore.TicketStore> =>
  Effect.gen(function*() {
    const store = yield* TicketStore.TicketStore
    const code = freshCode()
    const steps = [{ command: { ...life.receive, code } as TicketCommand.TicketCommand, advance: 0 }, ...life.steps]
    let state: Ticket.State = Ticket.unreceived
    let model: Model | undefined
    let now = life.receivedAt
    for (const [index, step] of steps.entries()) {
      now += step.advance
      const what = describeCommand(step.command, index)
      const expected = model === undefined
        ? (step.command._tag === "Receive" ? received(step.command, now, env) : "refused")
        : next(model, step.command, now, env)
      let result: ReturnType<typeof Decider.run>
      try {
        result = Decider.run(step.command, state, { ...env, now })
      } catch (error) {
        throw new Error(`${what} threw instead of returning a typed refusal: ${String(error)}`)
      }
      if (Result.isFailure(result)) {
        expect(result.failure, `${what}: a refusal is a TicketRefused`).toBeInstanceOf(Decider.TicketRefused)
        expect(result.failure.message.length, `${what}: a refusal says why`).toBeGreaterThan(0)
        expect(expected, `${what} was refused (${result.failure.reason}: ${result.failure.message}) but the model accepts it`).toBe("refused")
        continue
      }
      expect(expected, `${what} was accepted but the model refuses it`).not.toBe("refused")
      if (expected === "refused") continue
      const version = state._tag === "Ticket" ? state.version : 0
      state = result.success.state
      model = expected
      if (state._tag !== "Ticket") throw new Error(`${what}: no ticket after an accepted command`)
      const projection = Projection.project(state, env)
      yield* store.append({ code, expectedVersion: version, events: result.success.events, projection, outbox: [] })
      const loaded = yield* store.load(code)
      if (Option.isNone(loaded)) throw new Error(`${what}: the ticket was appended but cannot be loaded`)
      expect(loaded.value.version, `${what}: the stored version`).toBe(state.version)
      expect(Decider.fold(loaded.value.events), `${what}: the stored history refolds to the incremental state`).toStrictEqual(state)
      expect(Option.getOrUndefined(yield* store.status(code)), `${what}: the stored status`).toStrictEqual(projection.status)
      agrees(state, model, env, what)
    }
  })

/**
 * Registers the model-based life-cycle test against a `TicketStore` layer (see the module's
 * description). Runs from `options`, else `SPORTELLO_PROPERTY_RUNS`, else 60.
 *
 * @since 0.1.0
 * @category suites
 */
export const lifecycleModelSuite = <E>(name: string, layer: Layer.Layer<TicketStore.TicketStore, E>, options: Options = {}): void => {
  const env = options.env ?? Arbitraries.departmentEnvironment
  const parameters = Properties.parameters<unknown>(60, options)
  it.layer(layer, { timeout: options.layerTimeout ?? 60_000 })(`ticket life-cycle against a model (${name})`, (it) => {
    it.effect(
      "random command sequences, persisted and refolded, agree with the model and keep the invariants",
      () => forAll(lives(env, options.maxCommands), parameters, (life) => live(life, env)),
      Math.max(options.testTimeout ?? 0, Properties.timeout(parameters.numRuns ?? 60, 300))
    )
  })
}
