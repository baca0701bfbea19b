/**
 * The machine's Chromium (Debian's `chromium` package), driven by playwright-core, which
 * never downloads a browser. Headless, sandbox off (we run as root in containers), and no
 * background networking: these machines have no internet.
 */
import AxeBuilder from "@axe-core/playwright"
import { existsSync } from "node:fs"
import { type Browser, chromium, type Page } from "playwright-core"

/** Where Debian puts Chromium. */
export const executablePath = "/usr/bin/chromium"

/** The flags the machine's Chromium is known to work with here. */
export const args = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
]

/** Launches Chromium with a fresh profile (playwright makes a new user-data directory for every launch). */
export const launch = (): Promise<Browser> => {
  if (!existsSync(executablePath)) {
    throw new Error(`the browser tests need Chromium at ${executablePath}: install Debian's package (apt-get install chromium), as .ci/run does`)
  }
  return chromium.launch({ executablePath, headless: true, args })
}

/** The WCAG 2.1 A and AA rules. */
export const wcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

/** A violation axe found, in one line. */
export interface Finding {
  readonly id: string
  readonly impact: string | null | undefined
  readonly help: string
  readonly targets: ReadonlyArray<string>
}

/** Runs axe on the page with the WCAG 2.1 A/AA rules; returns every violation. */
export const axe = async (page: Page): Promise<ReadonlyArray<Finding>> => {
  const results = await new AxeBuilder({ page }).withTags(wcagTags).analyze()
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(" "))
  }))
}

/** The serious and critical violations only. */
export const serious = (findings: ReadonlyArray<Finding>): ReadonlyArray<Finding> =>
  findings.filter((f) => f.impact === "serious" || f.impact === "critical")
