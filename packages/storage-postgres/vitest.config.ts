import { defineProject } from "vitest/config"

export default defineProject({
  // Resolve workspace packages to their TypeScript sources (the "source" export condition).
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    name: "storage-postgres",
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/globalSetup.ts"],
    // PGlite starts once per test file and the server tests wait on real locks: give both room.
    testTimeout: 60_000,
    hookTimeout: 120_000
  }
})
