/**
 * The conformance suite of the `AttachmentStore` port: the bytes of attachments, addressed by
 * their SHA-256 checksum.
 *
 * ```ts no-run
 * import { attachmentStoreSuite } from "@sportello/testkit"
 * attachmentStoreSuite("s3", myAttachmentLayer)
 * ```
 *
 * Tests talk to the store only through the `AttachmentStore` tag. Bytes are random (content
 * addressing makes them fresh) and released before a test ends. The checksums the suite expects
 * are computed by the suite itself with Web Crypto, not taken from the store.
 *
 * @since 0.1.0
 */
import { it } from "@effect/vitest"
import { AttachmentStore } from "@sportello/core"
import { Effect, type Layer, Option, Result } from "effect"
import * as fc from "fast-check"
import { expect } from "vitest"
import * as Arbitraries from "./Arbitraries.ts"
import { forAll } from "./internal/suite.ts"
import * as Properties from "./Properties.ts"

/**
 * What an attachment store can do; tests that need an undeclared capability are skipped.
 *
 * @since 0.1.0
 * @category models
 */
export interface Capabilities {
  /** Several writers may put the same bytes at once. Default `true`. */
  readonly concurrentWriters?: boolean
  /**
   * Test the exact size limit with files of `maxSize` and `maxSize + 1` bytes (default: when
   * `maxSize` is at most 32 MiB).
   */
  readonly sizeLimitBoundary?: boolean
}

/**
 * Options of the suite.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends Properties.SuiteOptions {}

const sha256 = (bytes: Uint8Array): Effect.Effect<string> =>
  Effect.promise(() => globalThis.crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>)).pipe(
    Effect.map((d) => "sha256:" + Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join(""))
  )

/** Bytes no other test (or earlier run) holds: 16 random bytes in front. */
const unique = (bytes: Uint8Array): Uint8Array => {
  const out = new Uint8Array(bytes.length + 16)
  globalThis.crypto.getRandomValues(out.subarray(0, 16))
  out.set(bytes, 16)
  return out
}

/** The owner the suite stores bytes for (a ticket code in the engine). */
const owner = "testkit-owner"

const mediaType = fc.constantFrom("application/pdf", "image/jpeg", "text/plain; charset=utf-8", "application/pkcs7-mime", "application/octet-stream")

/**
 * Registers the conformance tests of an `AttachmentStore`:
 * - `put` answers the SHA-256 checksum of the bytes, their size and media type; `get` by that
 *   checksum gives exactly the bytes and the media type back (empty files and any byte value
 *   included), as a copy the caller may change;
 * - the same bytes stored twice are one copy under one checksum; an unknown checksum reads
 *   nothing;
 * - bytes over `maxSize` are refused with `AttachmentTooLarge` (size and limit) and nothing is
 *   stored; exactly `maxSize` bytes are accepted;
 * - bytes belong to owners: they stay while any owner holds them and go with the last
 *   `release`; releasing what is not held is not an error.
 *
 * @since 0.1.0
 * @category suites
 */
export const attachmentStoreSuite = <E>(
  name: string,
  layer: Layer.Layer<AttachmentStore.AttachmentStore, E>,
  capabilities: Capabilities = {},
  options: Options = {}
): void => {
  const parameters = Properties.parameters<unknown>(25, options)
  const testTimeout = options.testTimeout ?? 30_000
  const timeout = Properties.timeout(parameters.numRuns ?? 25, 100)

  it.layer(layer, { timeout: options.layerTimeout ?? 60_000 })(`AttachmentStore conformance (${name})`, (it) => {
    it.effect("put answers the SHA-256 checksum, size and media type; get gives the same bytes back", () =>
      forAll(fc.tuple(Arbitraries.bytes(64 * 1024), mediaType), parameters, ([raw, type]) =>
        Effect.gen(function*() {
          const store = yield* AttachmentStore.AttachmentStore
          const bytes = unique(raw.subarray(0, Math.max(0, store.maxSize - 16)))
          const expected = yield* sha256(bytes)
          const stored = yield* store.put(bytes, type, owner)
          expect(stored).toStrictEqual({ checksum: expected, size: bytes.byteLength, mediaType: type })
          const got = yield* store.get(expected)
          expect(Option.isSome(got), `the bytes stored under ${expected} can be read`).toBe(true)
          if (Option.isSome(got)) {
            expect(got.value.mediaType).toBe(type)
            expect(Array.from(got.value.bytes), "the same bytes, byte for byte").toStrictEqual(Array.from(bytes))
          }
          yield* store.release(expected, owner)
        })), timeout)

    it.effect("empty files are files", () =>
      Effect.gen(function*() {
        const store = yield* AttachmentStore.AttachmentStore
        const empty = new Uint8Array(0)
        const stored = yield* store.put(empty, "text/plain", owner)
        expect(stored).toStrictEqual({ checksum: yield* sha256(empty), size: 0, mediaType: "text/plain" })
        const got = yield* store.get(stored.checksum)
        expect(Option.isSome(got) && got.value.bytes.byteLength).toBe(0)
      }), testTimeout)

    it.effect("the stored bytes are the store's: changing the caller's arrays afterwards changes nothing", () =>
      Effect.gen(function*() {
        const store = yield* AttachmentStore.AttachmentStore
        const bytes = unique(new TextEncoder().encode("Relazione tecnica — sopralluogo del 12/03"))
        const original = Array.from(bytes)
        const stored = yield* store.put(bytes, "text/plain", owner)
        bytes.fill(0)
        const first = yield* store.get(stored.checksum)
        if (Option.isSome(first)) first.value.bytes.fill(0)
        const second = yield* store.get(stored.checksum)
        expect(Option.isSome(second) && Array.from(second.value.bytes)).toStrictEqual(original)
        yield* store.release(stored.checksum, owner)
      }), testTimeout)

    it.effect("the same bytes stored twice are one copy under one checksum; an unknown checksum reads nothing", () =>
      Effect.gen(function*() {
        const store = yield* AttachmentStore.AttachmentStore
        const bytes = unique(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37]))
        const a = yield* store.put(bytes, "application/pdf", owner)
        const b = yield* store.put(bytes.slice(), "application/pdf", owner)
        expect(b.checksum).toBe(a.checksum)
        yield* store.release(a.checksum, owner)
        expect(Option.isNone(yield* store.get(a.checksum)), "one copy, one owner: released once, gone").toBe(true)
        expect(Option.isNone(yield* store.get(yield* sha256(unique(new Uint8Array(1)))))).toBe(true)
      }), testTimeout)

    it.effect.runIf(capabilities.concurrentWriters ?? true)("the same bytes put concurrently are stored once, readable", () =>
      Effect.gen(function*() {
        const store = yield* AttachmentStore.AttachmentStore
        const bytes = unique(new Uint8Array(4096).fill(7))
        const results = yield* Effect.all([0, 1, 2, 3].map(() => store.put(bytes, "image/jpeg", owner)), { concurrency: "unbounded" })
        expect(new Set(results.map((r) => r.checksum)).size).toBe(1)
        const got = yield* store.get(results[0]!.checksum)
        expect(Option.isSome(got) && got.value.bytes.byteLength).toBe(bytes.byteLength)
        yield* store.release(results[0]!.checksum, owner)
      }), testTimeout)

    it.effect("bytes over maxSize are refused with AttachmentTooLarge, and nothing is stored", () =>
      Effect.gen(function*() {
        const store = yield* AttachmentStore.AttachmentStore
        const boundary = capabilities.sizeLimitBoundary ?? store.maxSize <= 32 * 1024 * 1024
        if (!boundary) return
        const tooLarge = new Uint8Array(store.maxSize + 1)
        globalThis.crypto.getRandomValues(tooLarge.subarray(0, 16))
        const refused = yield* Effect.result(store.put(tooLarge, "application/pdf", owner))
        expect(Result.isFailure(refused) && refused.failure._tag).toBe("AttachmentTooLarge")
        if (Result.isFailure(refused) && refused.failure._tag === "AttachmentTooLarge") {
          expect(refused.failure.size).toBe(store.maxSize + 1)
          expect(refused.failure.limit).toBe(store.maxSize)
        }
        expect(Option.isNone(yield* store.get(yield* sha256(tooLarge))), "nothing of it is stored").toBe(true)
        const exact = tooLarge.subarray(0, store.maxSize)
        const accepted = yield* store.put(exact, "application/pdf", owner)
        expect(accepted.size).toBe(store.maxSize)
        yield* store.release(accepted.checksum, owner)
      }), Math.max(testTimeout, 60_000))

    it.effect("release by the last owner deletes; releasing what is not held is not an error", () =>
      Effect.gen(function*() {
        const store = yield* AttachmentStore.AttachmentStore
        const stored = yield* store.put(unique(new Uint8Array([1, 2, 3])), "application/octet-stream", owner)
        yield* store.release(stored.checksum, owner)
        expect(Option.isNone(yield* store.get(stored.checksum))).toBe(true)
        yield* store.release(stored.checksum, owner)
      }), testTimeout)

    it.effect("bytes two owners share stay until both release them", () =>
      Effect.gen(function*() {
        const store = yield* AttachmentStore.AttachmentStore
        const bytes = unique(new TextEncoder().encode("planimetria.pdf"))
        const a = yield* store.put(bytes, "application/pdf", "ticket-a")
        yield* store.put(bytes, "application/pdf", "ticket-b")
        yield* store.put(bytes, "application/pdf", "ticket-b")
        yield* store.release(a.checksum, "ticket-a")
        expect(Option.isSome(yield* store.get(a.checksum)), "ticket-b still holds them").toBe(true)
        yield* store.release(a.checksum, "ticket-b")
        expect(Option.isNone(yield* store.get(a.checksum)), "released by both: gone").toBe(true)
      }), testTimeout)
  })
}
