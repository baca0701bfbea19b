/**
 * What outbound channel ports share: the receipt of an accepted message and the reasons a
 * delivery fails. Adapters translate SMTP reply codes, SMPP command statuses or HTTP
 * statuses into these reasons and test that mapping.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * A provider accepted a message.
 *
 * @since 0.1.0
 * @category models
 */
export interface Receipt {
  /** The provider's id of the message (SMTP queue id, SMPP message id…). */
  readonly providerId: string
  readonly acceptedAt: number
}

/**
 * Why a delivery failed:
 * - `rejected`: the provider refused the message for good (5xx, policy);
 * - `invalid-address`: the recipient address cannot receive it;
 * - `unavailable`: the provider could not be reached or is throttling — worth retrying;
 * - `unknown`: anything else (retried).
 *
 * @since 0.1.0
 * @category models
 */
export const Reason = Schema.Literals(["rejected", "invalid-address", "unavailable", "unknown"])

/**
 * @since 0.1.0
 * @category models
 */
export type Reason = typeof Reason.Type

/**
 * A failed delivery.
 *
 * @since 0.1.0
 * @category errors
 */
export class DeliveryError extends Schema.TaggedError<DeliveryError>()("DeliveryError", {
  reason: Reason,
  message: Schema.String
}) {
  /** Whether a later attempt may succeed. */
  get isRetryable(): boolean {
    return this.reason === "unavailable" || this.reason === "unknown"
  }
}
