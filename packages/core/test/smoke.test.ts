import { describe, expect, it } from "@effect/vitest"

describe("toolchain", () => {
  it("runs on Node 24", () => {
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(22)
  })
})
