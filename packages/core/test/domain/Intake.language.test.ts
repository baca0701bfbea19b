/**
 * The language rule (R5) with the real detector behind the port: declared languages are
 * honoured, free text is identified, and what cannot be decided goes to an operator —
 * never rejected by mistake.
 */
import { describe, expect, it, layer } from "@effect/vitest"
import { Effect } from "effect"
import { Channel, Intake, LanguageDetector, Policy, type Request } from "@sportello/core"
import { citizen } from "./fixtures.ts"

const free = (text: string): Request.Content => ({ kind: "information", text, attachments: [] })
const verdict = (text: string) =>
  Effect.map(
    Intake.screen({ channel: Channel.email, requester: citizen, content: free(text) }, Policy.charter),
    (s) => s.language
  )

layer(LanguageDetector.layer)("Intake language rule with eld", (it) => {
  it.effect.each([
    "Vorrei sapere quando riapre la strada provinciale dopo la frana",
    "Non ho ricevuto risposta alla mia PEC del 3 marzo",
    "La mia casa è inagibile dopo l'alluvione, cosa devo fare?",
    "Chiedo informazioni sui contributi per i danni del terremoto"
  ])("Italian: %s", (text) =>
    Effect.gen(function*() {
      expect(yield* verdict(text)).toEqual({ _tag: "Supported", language: "it", how: "detected" })
    }))

  it.effect.each([
    "My house is unsafe after the flood, what should I do?",
    "Please find the requested documents attached to this message",
    "I am asking about compensation for earthquake damage"
  ])("English: %s", (text) =>
    Effect.gen(function*() {
      expect(yield* verdict(text)).toEqual({ _tag: "Supported", language: "en", how: "detected" })
    }))

  it.effect.each([
    ["Bonjour, je voudrais savoir comment devenir bénévole de la protection civile.", "fr"],
    ["Guten Tag, ich möchte wissen, wie ich mich als Freiwilliger melden kann.", "de"],
    ["Hola, quisiera saber cómo inscribirme como voluntario de protección civil.", "es"]
  ])("unsupported: %s", ([text, language]) =>
    Effect.gen(function*() {
      expect(yield* verdict(text!)).toEqual({ _tag: "Unsupported", language, how: "detected" })
    }))

  it.effect("a text too short to tell goes to an operator", () =>
    Effect.gen(function*() {
      expect(yield* verdict("ok grazie")).toEqual({ _tag: "Undecided", why: "too-short" })
    }))
})

describe("Intake language rule, declared and undecided", () => {
  it("a declared language is honoured whatever the text", () => {
    const detector = LanguageDetector.make(() => ({ language: "fr", reliable: true, scores: [{ language: "fr", score: 0.9 }] }))
    expect(Intake.assessLanguage({ ...free("Bonjour tout le monde, merci"), language: "en" }, Policy.charter.language, detector))
      .toEqual({ _tag: "Supported", language: "en", how: "declared" })
  })
  it("an unreliable guess, or an unsupported guess with Italian a hair behind, goes to an operator", () => {
    const unsure = LanguageDetector.make(() => ({ language: "es", reliable: false, scores: [] }))
    expect(Intake.assessLanguage(free("testo abbastanza lungo per decidere"), Policy.charter.language, unsure))
      .toEqual({ _tag: "Undecided", why: "unreliable" })
    const mixed = LanguageDetector.make(() => ({
      language: "es",
      reliable: true,
      scores: [{ language: "es", score: 0.72 }, { language: "it", score: 0.7 }]
    }))
    expect(Intake.assessLanguage(free("testo abbastanza lungo per decidere"), Policy.charter.language, mixed))
      .toEqual({ _tag: "Undecided", why: "mixed" })
  })
})
