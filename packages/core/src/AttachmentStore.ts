/**
 * The attachment store port: the bytes of attachments (allegati, R7) live here, addressed by
 * their SHA-256 checksum; events carry only the metadata. Storing the same bytes twice keeps
 * one copy, with a reference per owner (the ticket code): bytes are deleted when their last
 * owner releases them, so erasing one ticket's data never needs to look at other tickets.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import type { StorageError } from "./StorageError.ts"

/**
 * The bytes are larger than the store accepts.
 *
 * @since 0.1.0
 * @category errors
 */
export class AttachmentTooLarge extends Schema.TaggedError<AttachmentTooLarge>()("AttachmentTooLarge", {
  size: Schema.Number,
  limit: Schema.Number,
  message: Schema.String
}) {}

/**
 * A stored attachment's address and size.
 *
 * @since 0.1.0
 * @category models
 */
export interface Stored {
  /** `"sha256:" + hex digest`. */
  readonly checksum: string
  readonly size: number
  readonly mediaType: string
}

/**
 * The attachment store port.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** The largest accepted size, in bytes. */
  readonly maxSize: number
  /** Stores bytes for an owner (a ticket code); storing them again for the same owner changes nothing. */
  readonly put: (bytes: Uint8Array, mediaType: string, owner: string) => Effect.Effect<Stored, AttachmentTooLarge | StorageError>
  readonly get: (checksum: string) => Effect.Effect<Option.Option<{ readonly bytes: Uint8Array; readonly mediaType: string }>, StorageError>
  /**
   * Drops an owner's reference (erasure of personal data); the bytes are deleted with the last
   * reference. Releasing what is not held is not an error.
   */
  readonly release: (checksum: string, owner: string) => Effect.Effect<void, StorageError>
}

/**
 * The attachment store service tag.
 *
 * @since 0.1.0
 * @category services
 */
export class AttachmentStore extends Context.Service<AttachmentStore, Service>()("@sportello/core/AttachmentStore") {}

/**
 * The checksum of some bytes: `"sha256:" + hex`, with Web Crypto.
 *
 * @since 0.1.0
 * @category constructors
 */
export const checksum = (bytes: Uint8Array): Effect.Effect<string> =>
  Effect.promise(() => crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>)).pipe(
    Effect.map((digest) => "sha256:" + Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join(""))
  )

/**
 * An in-memory attachment store.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeMemory = (options: { readonly maxSize?: number } = {}): Service => {
  const maxSize = options.maxSize ?? 20 * 1024 * 1024
  const blobs = new Map<string, { bytes: Uint8Array; mediaType: string; owners: Set<string> }>()
  return {
    maxSize,
    put: (bytes, mediaType, owner) =>
      bytes.byteLength > maxSize
        ? Effect.fail(
          new AttachmentTooLarge({ size: bytes.byteLength, limit: maxSize, message: `the file is ${bytes.byteLength} bytes; the limit is ${maxSize}` })
        )
        : Effect.map(checksum(bytes), (sum) => {
          const blob = blobs.get(sum) ?? { bytes: bytes.slice(), mediaType, owners: new Set<string>() }
          blob.owners.add(owner)
          blobs.set(sum, blob)
          return { checksum: sum, size: bytes.byteLength, mediaType: blob.mediaType }
        }),
    get: (sum) =>
      Effect.sync(() => {
        const blob = blobs.get(sum)
        return blob === undefined ? Option.none() : Option.some({ bytes: blob.bytes.slice(), mediaType: blob.mediaType })
      }),
    release: (sum, owner) =>
      Effect.sync(() => {
        const blob = blobs.get(sum)
        if (blob === undefined) return
        blob.owners.delete(owner)
        if (blob.owners.size === 0) blobs.delete(sum)
      })
  }
}

/**
 * An in-memory attachment store (20 MiB per file by default).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (options: { readonly maxSize?: number } = {}): Layer.Layer<AttachmentStore> =>
  Layer.sync(AttachmentStore, () => makeMemory(options))
