/**
 * The failures every storage port shares, grouped by reason. Adapters translate their native
 * errors (SQLSTATE codes, file-system errors…) into these reasons and test that mapping.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * Why storage failed:
 * - `unavailable`: the store cannot be reached or is shutting down — worth retrying;
 * - `constraint`: the data broke an integrity rule the store enforces;
 * - `invalid-input`: the store refused a value (too long, malformed);
 * - `unknown`: anything else.
 *
 * @since 0.1.0
 * @category models
 */
export const Reason = Schema.Literals(["unavailable", "constraint", "invalid-input", "unknown"])

/**
 * @since 0.1.0
 * @category models
 */
export type Reason = typeof Reason.Type

/**
 * A storage failure with its reason and a message a person can act on.
 *
 * @since 0.1.0
 * @category errors
 */
export class StorageError extends Schema.TaggedError<StorageError>()("StorageError", {
  reason: Reason,
  message: Schema.String,
  cause: Schema.optionalKey(Schema.Defect())
}) {
  /** Whether trying the same operation again may succeed. */
  get isRetryable(): boolean {
    return this.reason === "unavailable"
  }
}
