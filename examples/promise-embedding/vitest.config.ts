import { defineProject } from "vitest/config"

export default defineProject({
  // Resolve workspace packages to their TypeScript sources (the "source" export condition).
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    name: "example-promise-embedding",
    include: ["test/**/*.test.ts"],
    // the test starts the example in a child Node process; no test asserts on time
    testTimeout: 60_000
  }
})
