/**
 * Operators' sign-in: an operator proves who they are with a token (stored only as its
 * SHA-256 digest), and gets a session cookie and a per-session anti-forgery value that every
 * form of the console sends back. The demo token is made at start (or taken from
 * `SPORTELLO_DEMO_TOKEN`) and printed in the terminal.
 */
import { Clock, Context, Effect, Layer, Option } from "effect"
import { createHash, randomBytes, timingSafeEqual } from "node:crypto"

/** A member of staff. */
export interface Operator {
  readonly id: string
  readonly role: "operator" | "supervisor" | "admin"
}

/** A signed-in session. */
export interface Session {
  readonly id: string
  readonly operator: Operator
  /** The anti-forgery value the console's forms carry. */
  readonly csrf: string
  readonly expiresAt: number
}

/** The sign-in service. */
export interface Service {
  /** The token printed at start, for the demo operator. */
  readonly demoToken: string
  readonly signIn: (token: string) => Effect.Effect<Option.Option<Session>>
  readonly session: (id: string | undefined) => Effect.Effect<Option.Option<Session>>
  readonly signOut: (id: string) => Effect.Effect<void>
}

/** The sign-in service's tag. */
export class Operators extends Context.Service<Operators, Service>()("@sportello/example-contact-center/Operators") {}

/** The session cookie's name. */
export const cookieName = "sportello_session"

const SESSION_MS = 8 * 3_600_000

const digest = (token: string): Buffer => createHash("sha256").update(token, "utf8").digest()

/** A fresh random value, URL-safe. */
export const randomToken = (bytes = 24): string => randomBytes(bytes).toString("base64url")

/** Makes the service with one demo operator. */
export const make = (options: { readonly demoToken?: string | undefined } = {}): Service => {
  const demoToken = options.demoToken ?? `demo-${randomToken(18)}`
  const tokens: Array<{ readonly digest: Buffer; readonly operator: Operator }> = [
    { digest: digest(demoToken), operator: { id: "op-demo", role: "supervisor" } }
  ]
  const sessions = new Map<string, Session>()
  return {
    demoToken,
    signIn: (token) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const d = digest(token.trim())
        const found = tokens.find((t) => timingSafeEqual(t.digest, d))
        if (found === undefined) return Option.none()
        const session: Session = { id: randomToken(), operator: found.operator, csrf: randomToken(), expiresAt: now + SESSION_MS }
        sessions.set(session.id, session)
        return Option.some(session)
      }),
    session: (id) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        if (id === undefined) return Option.none()
        const session = sessions.get(id)
        if (session === undefined) return Option.none()
        if (session.expiresAt <= now) {
          sessions.delete(id)
          return Option.none()
        }
        return Option.some(session)
      }),
    signOut: (id) => Effect.sync(() => void sessions.delete(id))
  }
}

/** The service as a layer. */
export const layer = (options: { readonly demoToken?: string | undefined } = {}): Layer.Layer<Operators> =>
  Layer.sync(Operators, () => make(options))
