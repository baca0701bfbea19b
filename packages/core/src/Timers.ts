/**
 * The timers that watch deadlines: warn the queue before a breach, tell the supervisors of a
 * breach, and close tickets whose awaited documents never came (R15, B2). Timers are placed
 * by the projection in service time (no reminders at midnight or at weekends unless an
 * emergency period makes it service time); this module fires the due ones. Several engine
 * processes can run it at once: a claimed timer is leased to one of them.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Option } from "effect"
import * as Calendar from "./Calendar.ts"
import * as Decider from "./Decider.ts"
import { Engine, message } from "./Engine.ts"
import { Outbox } from "./Outbox.ts"
import type * as Projection from "./Projection.ts"
import * as Templates from "./Templates.ts"
import * as Ticket from "./Ticket.ts"
import { TicketStore } from "./TicketStore.ts"

/**
 * What a run did.
 *
 * @since 0.1.0
 * @category models
 */
export interface Fired {
  readonly warnings: number
  readonly breaches: number
  readonly closed: number
}

const system = { _tag: "System", component: "timers" } as const

/**
 * Fires the timers due now (at most `limit`), each leased for `leaseMs` while it runs.
 *
 * @since 0.1.0
 * @category operations
 */
export const runDue = Effect.fn("Timers.runDue")(function*(options: { readonly limit?: number; readonly leaseMs?: number } = {}) {
  const engine = yield* Engine
  const store = yield* TicketStore
  const outbox = yield* Outbox
  const now = yield* Clock.currentTimeMillis
  const due = yield* store.claimTimers({ now, limit: options.limit ?? 100, leaseMs: options.leaseMs ?? 60_000 })
  let warnings = 0
  let breaches = 0
  let closed = 0
  for (const timer of due) {
    const fired = yield* fire(timer, now).pipe(
      Effect.provideService(Engine, engine),
      Effect.provideService(TicketStore, store),
      Effect.provideService(Outbox, outbox)
    )
    if (fired === "at-risk") warnings++
    if (fired === "breach") breaches++
    if (fired === "auto-close") closed++
    yield* store.completeTimer(timer.key)
  }
  return { warnings, breaches, closed } satisfies Fired as Fired
})

const fire = Effect.fnUntraced(function*(timer: Projection.Timer, now: number) {
  const engine = yield* Engine
  const store = yield* TicketStore
  const outbox = yield* Outbox
  const history = yield* store.load(timer.code)
  if (Option.isNone(history)) return undefined
  const state = Decider.fold(history.value.events)
  if (state._tag !== "Ticket" || state.status === "closed") return undefined
  const env = yield* engine.environment
  if (timer.kind === "auto-close") {
    const result = yield* Effect.result(engine.act(timer.code, { _tag: "ExpireDocumentsWait", by: system }))
    return result._tag === "Success" ? timer.kind : undefined
  }
  // the deadline may have moved since the timer was set: warn only about what is still true
  const status = Ticket.slaStatus(state, env, now)
  if (timer.kind === "at-risk" && status._tag !== "AtRisk") return undefined
  if (timer.kind === "breach" && status._tag !== "Breached") return undefined
  const queue = state.route?._tag === "Office" ? state.route.office : "desk"
  const staff = engine.config.staff
  const recipients = timer.kind === "breach" ? staff.supervisors : [staff.queues[queue] ?? staff.supervisors[0]].filter((a) => a !== undefined)
  const due = "due" in status ? Calendar.localDate(env.calendar, status.due - 1) : ""
  const kind = timer.kind === "breach" ? "warning-breach" : "warning-at-risk"
  const used = "used" in status ? status.used : 1
  yield* outbox.enqueue(recipients.map((address) =>
    message({
      key: `${timer.key}:${address}`,
      code: timer.code,
      purpose: "warning",
      to: { _tag: "Email", address },
      language: "it",
      text: Templates.render(Templates.pick(engine.config.templates, kind, "it"), {
        code: timer.code,
        queue,
        due,
        left: `${Math.max(0, Math.round((1 - used) * 100))}%`
      }),
      now
    })
  ))
  return timer.kind
})
