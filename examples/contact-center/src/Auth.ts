/**
 * Operators' sign-in, on the staff tokens of `@sportello/http`: a token (stored only as a
 * salted digest) proves who someone is and their role, for the console's pages as for the
 * HTTP API's `Authorization: Bearer`. Signing in gives a session cookie and a per-session
 * anti-forgery value that every form of the console sends back. The demo token is issued at
 * start (or taken from `SPORTELLO_DEMO_TOKEN`) and printed in the terminal.
 */
import { Access, Tokens } from "@sportello/http"
import { Clock, Context, Effect, Layer, Option, Redacted } from "effect"
import { randomBytes } from "node:crypto"

/** A signed-in session. */
export interface Session {
  readonly id: string
  readonly principal: Tokens.Principal
  /** The anti-forgery value the console's forms carry. */
  readonly csrf: string
  readonly expiresAt: number
}

/** The sign-in service. */
export interface Service {
  /** The token printed at start, for the demo supervisor. */
  readonly demoToken: string
  /** A session for a valid token of someone who may use the console. */
  readonly signIn: (token: string) => Effect.Effect<Option.Option<Session>>
  readonly session: (id: string | undefined) => Effect.Effect<Option.Option<Session>>
  readonly signOut: (id: string) => Effect.Effect<void>
}

/** The sign-in service's tag. */
export class Operators extends Context.Service<Operators, Service>()("@sportello/example-contact-center/Operators") {}

/** The session cookie's name. */
export const cookieName = "sportello_session"

const SESSION_MS = 8 * 3_600_000

/** A fresh random value, URL-safe. */
export const randomToken = (bytes = 24): string => randomBytes(bytes).toString("base64url")

/** Who the demo token belongs to. */
export const demoSubject = "op-demo"

/**
 * The service, with the demo supervisor's token saved in the token storage. A given token
 * must read `spt.<id>.<secret>` (an id of 8–64 letters, digits, `-` or `_`, a secret of at
 * least 32 characters).
 */
export const layer = (options: { readonly demoToken?: string | undefined } = {}): Layer.Layer<Operators, never, Tokens.Tokens> =>
  Layer.effect(
    Operators,
    Effect.gen(function*() {
      const tokens = yield* Tokens.Tokens
      const now = yield* Clock.currentTimeMillis
      let demoToken: string
      if (options.demoToken === undefined) {
        const issued = yield* Tokens.issue({ subject: demoSubject, role: "supervisor", label: "demo" }).pipe(Effect.orDie)
        demoToken = Redacted.value(issued.token)
      } else {
        demoToken = options.demoToken
        yield* tokens.save(Tokens.record({ token: demoToken, subject: demoSubject, role: "supervisor", label: "demo", createdAt: now })).pipe(
          Effect.orDie
        )
      }
      const sessions = new Map<string, Session>()
      return Operators.of({
        demoToken,
        signIn: (token) =>
          Effect.gen(function*() {
            const principal = yield* Tokens.authenticate(Redacted.make(token.trim())).pipe(
              Effect.provideService(Tokens.Tokens, tokens),
              Effect.orElseSucceed(() => Option.none<Tokens.Principal>())
            )
            if (Option.isNone(principal) || !Access.can(principal.value.role, "worklist.read")) return Option.none()
            const at = yield* Clock.currentTimeMillis
            const session: Session = { id: randomToken(), principal: principal.value, csrf: randomToken(), expiresAt: at + SESSION_MS }
            sessions.set(session.id, session)
            return Option.some(session)
          }),
        session: (id) =>
          Effect.gen(function*() {
            const session = id === undefined ? undefined : sessions.get(id)
            if (session === undefined) return Option.none()
            const at = yield* Clock.currentTimeMillis
            // a session ends with its token: revoked or expired since the sign-in
            const stored = yield* tokens.find(session.principal.tokenId).pipe(Effect.orElseSucceed(() => Option.none()))
            const token = Option.getOrUndefined(stored)
            if (
              session.expiresAt <= at || token === undefined || (token.revokedAt !== undefined && token.revokedAt <= at) ||
              (token.expiresAt !== undefined && token.expiresAt <= at)
            ) {
              sessions.delete(session.id)
              return Option.none()
            }
            return Option.some(session)
          }),
        signOut: (id) => Effect.sync(() => void sessions.delete(id))
      })
    })
  )
