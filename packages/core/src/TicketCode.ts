/**
 * The public ticket code (codice identificativo della pratica, B7): the only key a requester
 * needs to learn the state of a request (R18), so it must be impossible to guess or
 * enumerate, easy to read aloud on the phone, and robust to typos.
 *
 * - 14 symbols drawn uniformly from a cryptographic source: 31^14 ≈ 2^69 codes;
 * - an alphabet of 31 symbols without the look-alikes 0/O and 1/I/L:
 *   `23456789ABCDEFGHJKMNPQRSTUVWXYZ`;
 * - a 15th check symbol, weighted modulo 31 (a prime): the weighted sum
 *   `Σ (15 − i) · v(i)` over all 15 symbols is 0 mod 31. Since every weight is non-zero and
 *   neighbouring weights differ, every single substitution and every swap of two neighbouring
 *   symbols changes the sum, so the check catches them all;
 * - printed in five groups of three (`7KQ-M4X-…`), read aloud group by group;
 * - parsing ignores case, spaces, dashes and dots.
 *
 * @since 0.1.0
 */
import { Effect, Result, Schema } from "effect"

/**
 * The 31 symbols, in value order.
 *
 * @since 0.1.0
 * @category constants
 */
export const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

const BASE = alphabet.length // 31, prime
const RANDOM_LENGTH = 14
const LENGTH = RANDOM_LENGTH + 1
const GROUP = 3

/**
 * Bits of randomness in a code (≈ 69.3).
 *
 * @since 0.1.0
 * @category constants
 */
export const entropyBits = RANDOM_LENGTH * Math.log2(BASE)

const valueOf = new Map([...alphabet].map((c, i) => [c, i]))

const weightedSum = (values: ReadonlyArray<number>): number => {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += (LENGTH - i) * values[i]!
  return sum % BASE
}

/**
 * The check symbol's value for the 14 values of a code's body.
 *
 * @since 0.1.0
 * @category internals
 */
export const checkValue = (body: ReadonlyArray<number>): number => (BASE - weightedSum(body)) % BASE

const group = (compact: string): string => compact.match(new RegExp(`.{1,${GROUP}}`, "g"))!.join("-")

const compactOf = (text: string): string => text.toUpperCase().replace(/[\s\-.]/g, "")

const isValidCompact = (compact: string): boolean => {
  if (compact.length !== LENGTH) return false
  const values: Array<number> = []
  for (const c of compact) {
    const v = valueOf.get(c)
    if (v === undefined) return false
    values.push(v)
  }
  return weightedSum(values) === 0
}

/**
 * A ticket code in its canonical printed form (`XXX-XXX-XXX-XXX-XXX`, upper case).
 *
 * @since 0.1.0
 * @category models
 */
export const TicketCode = Schema.String.check(
  Schema.makeFilter((s: string) =>
    /^[2-9A-HJKMNP-Z]{3}(-[2-9A-HJKMNP-Z]{3}){4}$/.test(s) && isValidCompact(compactOf(s))
      ? undefined
      : "a ticket code: five groups of three symbols with a valid check symbol"
  )
).pipe(Schema.brand("TicketCode"))

/**
 * @since 0.1.0
 * @category models
 */
export type TicketCode = typeof TicketCode.Type

/**
 * A text that is not a valid ticket code; `reason` says why, for the person who typed it.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidTicketCode extends Schema.TaggedError<InvalidTicketCode>()("InvalidTicketCode", {
  reason: Schema.Literals(["length", "symbol", "check"]),
  message: Schema.String
}) {}

/**
 * Reads a code as a person typed it: case, spaces, dashes and dots do not matter. A wrong
 * length, a symbol outside the alphabet or a failed check is a typed error.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parse = (text: string): Result.Result<TicketCode, InvalidTicketCode> => {
  const compact = compactOf(text)
  if (compact.length !== LENGTH) {
    return Result.fail(
      new InvalidTicketCode({ reason: "length", message: `a ticket code has ${LENGTH} symbols, this one has ${compact.length}` })
    )
  }
  for (const c of compact) {
    if (!valueOf.has(c)) {
      return Result.fail(
        new InvalidTicketCode({ reason: "symbol", message: `"${c}" is not used in ticket codes (they have no 0, O, 1, I or L)` })
      )
    }
  }
  if (!isValidCompact(compact)) {
    return Result.fail(new InvalidTicketCode({ reason: "check", message: "the code has a typo: please read it again" }))
  }
  return Result.succeed(group(compact) as TicketCode)
}

/**
 * Builds the code of 14 symbol values (each 0–30), adding the check symbol.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromValues = (body: ReadonlyArray<number>): TicketCode => {
  if (body.length !== RANDOM_LENGTH || body.some((v) => !Number.isInteger(v) || v < 0 || v >= BASE)) {
    throw new RangeError(`a ticket code body is ${RANDOM_LENGTH} values in 0..${BASE - 1}`)
  }
  const compact = [...body, checkValue(body)].map((v) => alphabet[v]).join("")
  return group(compact) as TicketCode
}

/**
 * Draws a code from `randomBytes` (which must fill its argument with cryptographically
 * random bytes). Bytes ≥ 248 are rejected so that every symbol is equally likely.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromRandomBytes = (randomBytes: (buffer: Uint8Array) => void): TicketCode => {
  const body: Array<number> = []
  const buffer = new Uint8Array(32)
  const limit = BASE * Math.floor(256 / BASE) // 248
  while (body.length < RANDOM_LENGTH) {
    randomBytes(buffer)
    for (const byte of buffer) {
      if (byte < limit && body.length < RANDOM_LENGTH) body.push(byte % BASE)
    }
  }
  return fromValues(body)
}

/**
 * A fresh code from the platform's cryptographic random source (Web Crypto, present in
 * Node ≥ 20, Deno, Bun and browsers).
 *
 * @since 0.1.0
 * @category constructors
 */
export const generate: Effect.Effect<TicketCode> = Effect.sync(() =>
  fromRandomBytes((buffer) => globalThis.crypto.getRandomValues(buffer))
)

/**
 * The code without separators, e.g. for a URL.
 *
 * @since 0.1.0
 * @category formatting
 */
export const compact = (code: TicketCode): string => code.replace(/-/g, "")

/**
 * The code spelled for reading aloud on the phone, group by group (Italian or English
 * names of digits; letters as they are).
 *
 * @since 0.1.0
 * @category formatting
 */
export const spell = (code: TicketCode, language: "it" | "en"): string => {
  const digits = language === "it"
    ? ["", "", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove"]
    : ["", "", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
  return code.split("-").map((g) => [...g].map((c) => (/[2-9]/.test(c) ? digits[Number(c)] : c)).join(" ")).join(" — ")
}
