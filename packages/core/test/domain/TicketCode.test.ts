/**
 * Ticket codes (B7): no collisions in a large sample, the check symbol catches every single
 * substitution and every swap of neighbours (exhaustively over a sample of codes), and
 * parsing tolerates case, spaces and dashes.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Result, Schema } from "effect"
import { TicketCode } from "@sportello/core"
import fc from "fast-check"
import { propertyOptions } from "./property.ts"

const sample = (n: number) => Effect.runSync(Effect.all(Array.from({ length: n }, () => TicketCode.generate)))

describe("TicketCode", () => {
  it("has more than 60 bits of randomness over an unambiguous alphabet of prime size", () => {
    expect(TicketCode.entropyBits).toBeGreaterThan(60)
    expect(TicketCode.alphabet).toHaveLength(31)
    for (const c of "0O1IL") expect(TicketCode.alphabet).not.toContain(c)
  })

  it("no collisions in 200 000 generated codes, all valid and grouped for reading aloud", () => {
    const codes = sample(200_000)
    expect(new Set(codes).size).toBe(codes.length)
    for (const code of codes.slice(0, 1000)) {
      expect(code).toMatch(/^[2-9A-Z]{3}(-[2-9A-Z]{3}){4}$/)
      expect(Schema.is(TicketCode.TicketCode)(code)).toBe(true)
    }
  })

  it("the check symbol catches every single substitution and every adjacent swap", () => {
    const alphabet = TicketCode.alphabet
    for (const code of sample(300)) {
      const compact = TicketCode.compact(code)
      for (let i = 0; i < compact.length; i++) {
        for (const c of alphabet) {
          if (c === compact[i]) continue
          const typo = compact.slice(0, i) + c + compact.slice(i + 1)
          expect(Result.isFailure(TicketCode.parse(typo)), `${compact} → ${typo}`).toBe(true)
        }
        if (i + 1 < compact.length && compact[i] !== compact[i + 1]) {
          const swapped = compact.slice(0, i) + compact[i + 1] + compact[i] + compact.slice(i + 2)
          expect(Result.isFailure(TicketCode.parse(swapped)), `${compact} → ${swapped}`).toBe(true)
        }
      }
    }
  })

  it("parsing tolerates case, spaces, dashes and dots", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 14, maxLength: 14 }),
        fc.array(fc.constantFrom("", " ", "-", "  ", ".", " - "), { minLength: 15, maxLength: 15 }),
        fc.boolean(),
        (body, separators, lower) => {
          const code = TicketCode.fromValues(body)
          const compact = TicketCode.compact(code)
          const typed = [...compact].map((c, i) => separators[i] + (lower ? c.toLowerCase() : c)).join("")
          expect(Result.getOrThrow(TicketCode.parse(typed))).toBe(code)
        }
      ),
      propertyOptions(500)
    )
  })

  it("says why a code is refused", () => {
    const fail = (text: string) => {
      const r = TicketCode.parse(text)
      return Result.isFailure(r) ? r.failure.reason : "accepted"
    }
    expect(fail("ABC-DEF")).toBe("length")
    expect(fail("ABC-DEF-GH0-KMN-PQR")).toBe("symbol")
    const code = TicketCode.fromValues(Array(14).fill(0))
    const last = TicketCode.compact(code).slice(-1)
    const other = last === "2" ? "3" : "2"
    expect(fail(TicketCode.compact(code).slice(0, -1) + other)).toBe("check")
  })

  it("spells the code group by group", () => {
    const code = TicketCode.fromValues([0, 1, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    expect(TicketCode.spell(code, "it").startsWith("due tre A — ")).toBe(true)
  })
})
