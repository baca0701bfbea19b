import { defineConfig } from "tsup"

export default defineConfig({
  // the library (index) and the executable (bin, which keeps its #! line)
  entry: ["src/index.ts", "src/bin.ts"],
  format: ["esm"],
  target: "node22",
  dts: { entry: "src/index.ts" },
  sourcemap: true,
  clean: true
})
