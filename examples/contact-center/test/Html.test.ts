/**
 * Escaping by construction: whatever a person typed reaches the page as text.
 */
import { describe, expect, it } from "vitest"
import { escape, html, join, toString, trusted } from "../src/Html.ts"
import * as Paths from "../src/Paths.ts"

describe("html", () => {
  it("escapes every interpolated text, in content and in attributes", () => {
    const name = `"><script>alert('x')</script>&`
    expect(toString(html`<p title="${name}">${name}</p>`)).toBe(
      `<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</p>`
    )
  })

  it("keeps fragments it built, flattens lists, and renders nothing for false, null and undefined", () => {
    const items = ["a<b", "c"].map((x) => html`<li>${x}</li>`)
    expect(toString(html`<ul>${items}</ul>${false}${null}${undefined}${0}`)).toBe("<ul><li>a&lt;b</li><li>c</li></ul>0")
    expect(toString(join(["<", html`<br>`], ", "))).toBe("&lt;, <br>")
    expect(toString(trusted("<hr>"))).toBe("<hr>")
  })

  it("cannot be fooled by an object that looks like a fragment", () => {
    const forged = { value: "<script>" } as unknown as string
    expect(toString(html`${forged}`)).toBe("[object Object]")
    expect(escape("`")).toBe("&#96;")
  })
})

describe("paths", () => {
  it("map every page to its twin in the other language", () => {
    for (const page of Object.keys(Paths.pages) as Array<Paths.Page>) {
      expect(Paths.twin(Paths.to(page, "it"), "it", "en")).toBe(Paths.to(page, "en"))
      expect(Paths.twin(Paths.to(page, "en"), "en", "it")).toBe(Paths.to(page, "it"))
    }
    expect(Paths.twin(Paths.ticket("it", "ABC-DEF"), "it", "en")).toBe(Paths.ticket("en", "ABC-DEF"))
    expect(Paths.twin("/it/unknown", "it", "en")).toBe("/en")
  })
})
