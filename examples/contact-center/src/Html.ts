/**
 * HTML with escaping by construction: the `html` tag escapes every interpolated value unless
 * it is itself `Html` (built by the tag, so already safe). There is no way to put a string
 * into a page unescaped except `trusted`, which takes only literal constants of this app.
 */

const HtmlTypeId: unique symbol = Symbol.for("@sportello/example-contact-center/Html")

/** A fragment of HTML that is safe to send: every text in it was escaped. */
export interface Html {
  readonly [HtmlTypeId]: true
  readonly value: string
}

/** What may be interpolated: text (escaped), numbers, `Html`, lists of these; `false`, `null` and `undefined` render nothing. */
export type Interpolation = Html | string | number | boolean | null | undefined | ReadonlyArray<Interpolation>

const make = (value: string): Html => ({ [HtmlTypeId]: true, value })

/** Whether a value is an HTML fragment built by this module. */
export const isHtml = (u: unknown): u is Html => typeof u === "object" && u !== null && HtmlTypeId in u

const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;", "`": "&#96;" }

/** Escapes text for element content and quoted attribute values. */
export const escape = (text: string): string => text.replace(/[&<>"'`]/g, (c) => entities[c]!)

const render = (value: Interpolation): string => {
  if (value === null || value === undefined || typeof value === "boolean") return ""
  if (typeof value === "string") return escape(value)
  if (typeof value === "number") return escape(String(value))
  if (isHtml(value)) return value.value
  // anything else that is not a list (a value the types did not foresee) is text too
  if (!Array.isArray(value)) return escape(String(value))
  let out = ""
  for (const item of value as ReadonlyArray<Interpolation>) out += render(item)
  return out
}

/** The template tag: literal parts are kept, interpolations are escaped. */
export const html = (strings: TemplateStringsArray, ...values: ReadonlyArray<Interpolation>): Html => {
  let out = strings[0]!
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!
  return make(out)
}

/** Constant markup of this app (e.g. an inline icon). Never pass it anything that came from a request or the store. */
export const trusted = (constant: string): Html => make(constant)

/** The empty fragment. */
export const empty: Html = make("")

/** Joins fragments with a separator (escaped if text). */
export const join = (items: ReadonlyArray<Interpolation>, separator: Interpolation = ""): Html => {
  const sep = render(separator)
  return make(items.map(render).join(sep))
}

/** The text of a fragment, for the response body. */
export const toString = (fragment: Html): string => fragment.value
