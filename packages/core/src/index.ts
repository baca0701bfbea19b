/**
 * @sportello/core — the pure core of Sportello.
 *
 * @since 0.1.0
 */
export {}
