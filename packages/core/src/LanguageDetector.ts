/**
 * Language identification, as a port (R5). Intake asks it for the language of free text
 * (mail, PEC, fax OCR, letters, voicemail transcripts) when the requester declared none.
 *
 * The default layer uses `eld` (Efficient Language Detector, n-gram based, no native code),
 * loaded lazily when the layer is built so that importing `@sportello/core` costs nothing;
 * see docs/decisions/0007-language-detection.md. Embedders can provide any other detector
 * with {@link make}.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer } from "effect"

/**
 * A detector's answer: the best language (ISO 639-1, `""` when none), whether the detector
 * trusts it, and the ranked scores.
 *
 * @since 0.1.0
 * @category models
 */
export interface Guess {
  readonly language: string
  readonly reliable: boolean
  readonly scores: ReadonlyArray<{ readonly language: string; readonly score: number }>
}

/**
 * The port: a pure, synchronous function of the text.
 *
 * @since 0.1.0
 * @category models
 */
export interface Detector {
  readonly detect: (text: string) => Guess
}

/**
 * The service tag.
 *
 * @since 0.1.0
 * @category services
 */
export class LanguageDetector extends Context.Service<LanguageDetector, Detector>()("@sportello/core/LanguageDetector") {}

/**
 * A detector from a function.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (detect: (text: string) => Guess): Detector => ({ detect })

interface EldLike {
  readonly detect: (text: string) => {
    readonly language: string
    readonly getScores: () => Record<string, number>
    readonly isReliable: () => boolean
  }
}

/**
 * Adapts an `eld` instance.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromEld = (eld: EldLike): Detector =>
  make((text) => {
    const result = eld.detect(text)
    const scores = Object.entries(result.getScores())
      .map(([language, score]) => ({ language, score }))
      .sort((a, b) => b.score - a.score)
    return { language: result.language, reliable: result.language !== "" && result.isReliable(), scores }
  })

/**
 * The default detector: `eld` with its small n-gram database (≈ 60 languages), imported
 * when the layer is built.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<LanguageDetector> = Layer.effect(
  LanguageDetector,
  Effect.promise(() => import("eld/small")).pipe(Effect.map((module) => fromEld(module.eld)))
)

/**
 * A detector that always answers the same guess: for tests.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerTest = (guess: Guess): Layer.Layer<LanguageDetector> =>
  Layer.succeed(LanguageDetector, make(() => guess))
