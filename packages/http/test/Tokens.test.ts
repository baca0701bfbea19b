/**
 * Tokens: only hashes are stored; a token works until it expires or is revoked; a wrong secret,
 * an unknown id or a malformed text are all just "no".
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Option, Redacted } from "effect"
import { TestClock } from "effect/testing"
import { Tokens } from "@sportello/http"

const token = "spt.abcdefgh.0123456789abcdefghijklmnopqrstuvwxyz-_"

describe("Tokens", () => {
  it("a stored record holds a salted SHA-256 hash, never the secret", () => {
    const a = Tokens.record({ token, subject: "op-1", role: "operator" })
    const b = Tokens.record({ token, subject: "op-1", role: "operator" })
    assert.strictEqual(a.id, "abcdefgh")
    assert.match(a.hash, /^[0-9a-f]{64}$/)
    assert.notStrictEqual(a.salt, b.salt)
    assert.notStrictEqual(a.hash, b.hash)
    assert.notInclude(JSON.stringify(a), "0123456789abcdefghijklmnopqrstuvwxyz")
    assert.throws(() => Tokens.record({ token: "spt.abcdefgh.short", subject: "x", role: "admin" }))
    assert.throws(() => Tokens.record({ token: "bearer abc", subject: "x", role: "admin" }))
  })

  it.effect("authenticate: the right token gives its principal; anything else gives none", () =>
    Effect.gen(function*() {
      const principal = yield* Tokens.authenticate(Redacted.make(token))
      assert.deepStrictEqual(principal, Option.some({ tokenId: "abcdefgh", subject: "op-1", role: "operator" as const }))
      for (const wrong of ["", "spt", "spt..", `${token}x`, token.replace("abcdefgh", "abcdefgi"), "spt.abcdefgh.", token.toUpperCase()]) {
        assert.isTrue(Option.isNone(yield* Tokens.authenticate(Redacted.make(wrong))), wrong)
      }
    }).pipe(Effect.provide(Tokens.layerMemory([Tokens.record({ token, subject: "op-1", role: "operator" })]))))

  it.effect("issue stores the record and shows the token once; revoke and expiry stop it", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(1_000_000)
      const issued = yield* Tokens.issue({ subject: "sup-2", role: "supervisor", expiresAt: 2_000_000 })
      const tokens = yield* Tokens.Tokens
      const stored = yield* tokens.find(issued.stored.id)
      assert.deepStrictEqual(stored, Option.some(issued.stored))
      assert.notInclude(JSON.stringify(stored), Redacted.value(issued.token).split(".")[2]!)
      assert.isTrue(Option.isSome(yield* Tokens.authenticate(issued.token)))
      yield* TestClock.setTime(2_000_000)
      assert.isTrue(Option.isNone(yield* Tokens.authenticate(issued.token)))

      const other = yield* Tokens.issue({ subject: "op-3", role: "operator" })
      assert.isTrue(yield* Tokens.revoke(other.stored.id))
      assert.isTrue(Option.isNone(yield* Tokens.authenticate(other.token)))
      assert.isFalse(yield* Tokens.revoke("nosuchtoken"))
      assert.strictEqual(String(issued.token), "<redacted:token>")
    }).pipe(Effect.provide(Tokens.layerMemory())))
})
