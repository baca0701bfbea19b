import { defineProject } from "vitest/config"

export default defineProject({
  // Resolve workspace packages to their TypeScript sources (the "source" export condition).
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    name: "http",
    include: ["test/**/*.test.ts"],
    // real servers on port 0 on a loaded 2-core machine; no test asserts on time
    testTimeout: 60_000
  }
})
