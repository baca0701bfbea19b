import { defineProject } from "vitest/config"

export default defineProject({
  // Resolve workspace packages to their TypeScript sources (the "source" export condition).
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    name: "example-contact-center",
    include: ["test/**/*.test.ts"],
    // the browser tests start Chromium and a server; no test asserts on time
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
