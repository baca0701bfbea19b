/**
 * Takes the screenshots shown in the README: every page, in Italian (and the form in
 * English), from a fresh start with demo tickets. Run from the repository root with
 * `npm run screenshots -w @sportello/example-contact-center`; the PNGs go to docs/screenshots/.
 */
import { mkdir } from "node:fs/promises"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import * as App from "../src/App.ts"
import { launch } from "../test/browser.ts"

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "docs", "screenshots")
await mkdir(out, { recursive: true })

const app = await App.start({ port: 0, backgroundInterval: "1 second" })
const browser = await launch()
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "it-IT" })
  const page = await context.newPage()
  const shot = async (name: string, fullPage = true) => {
    const path = join(out, `${name}.png`)
    // a screenshot now and then fails while the machine is busy: one more try
    await page.screenshot({ path, fullPage }).catch(() => page.screenshot({ path, fullPage }))
    console.log(`docs/screenshots/${name}.png`)
  }

  await page.goto(`${app.url}/it`)
  await shot("01-form")

  await page.getByRole("button", { name: "Invia la richiesta" }).click()
  await shot("02-form-errors", false)

  await page.getByRole("textbox", { name: "Nome", exact: true }).fill("Giulia")
  await page.getByRole("textbox", { name: "Cognome", exact: true }).fill("Verdi")
  await page.getByRole("textbox", { name: "E-mail", exact: true }).fill("giulia.verdi@example.org")
  await page.getByRole("textbox", { name: "Oggetto (facoltativo)" }).fill("Area di attesa del quartiere")
  await page.getByRole("textbox", { name: "Testo della richiesta" }).fill(
    "Buongiorno, vorrei sapere qual è l'area di attesa più vicina a casa mia, in via Garibaldi, e se ci sono esercitazioni in programma."
  )
  await page.getByLabel("Allegati (facoltativi)").setInputFiles({
    name: "piantina.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("Via Garibaldi 12, scala B")
  })
  await page.getByRole("button", { name: "Invia la richiesta" }).click()
  await shot("03-acknowledgement")
  const code = (await page.locator("[data-ticket-code]").getAttribute("data-ticket-code")) ?? ""

  await page.getByRole("link", { name: "Controlla lo stato della richiesta" }).click()
  await shot("04-status", false)

  await page.goto(`${app.url}/it/trasparenza`)
  await shot("05-transparency")

  await page.goto(`${app.url}/it/operatori`)
  await page.getByLabel("Token di accesso").fill(app.demoToken)
  await page.getByRole("button", { name: "Accedi" }).click()
  await shot("06-worklist")

  await page.goto(`${app.url}/it/operatori/pratiche/${code}`)
  await shot("07-ticket")

  await page.goto(`${app.url}/it/operatori/posta-in-uscita`)
  await page.getByRole("button", { name: "Consegna ora" }).click()
  await page.locator("li.message details").first().locator("summary").click()
  await shot("08-outbox", false)

  await page.goto(`${app.url}/en`)
  await shot("09-form-english", false)
} finally {
  await browser.close()
  await app.close()
}
