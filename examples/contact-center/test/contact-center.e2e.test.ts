/**
 * The Contact Center in a real browser (the machine's Chromium through playwright-core): a
 * citizen writes with an attachment, reads the code, looks it up; an operator answers; the
 * status changes and the statistics move — in Italian and in English. Every page is checked
 * with axe against WCAG 2.1 A and AA: no serious or critical violation is allowed.
 */
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as App from "../src/App.ts"
import { axe, type Finding, launch, serious } from "./browser.ts"

let app: App.Running
let browser: Browser
const checked: Array<{ readonly page: string; readonly findings: ReadonlyArray<Finding> }> = []

beforeAll(async () => {
  app = await App.start({ port: 0, backgroundInterval: "1 second" })
  browser = await launch()
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
  const all = checked.flatMap((c) => c.findings.map((f) => `${c.page}: ${f.id} (${f.impact})`))
  console.log(`axe: ${checked.length} pages checked against WCAG 2.1 A/AA; ${all.length === 0 ? "no violations" : `other findings:\n  ${all.join("\n  ")}`}`)
})

const newPage = async (locale: string): Promise<Page> => (await browser.newContext({ locale })).newPage()

/** Runs axe and fails on serious or critical violations. */
const expectAccessible = async (page: Page, name: string) => {
  const findings = await axe(page)
  checked.push({ page: name, findings })
  expect(serious(findings), `${name}\n${JSON.stringify(serious(findings), null, 2)}`).toEqual([])
}

const stat = async (page: Page, name: string) => Number((await page.locator(`[data-stat="${name}"]`).innerText()).replace(/\D/g, ""))

const words = {
  it: {
    form: "/it",
    statusPath: "/it/stato",
    transparency: "/it/trasparenza",
    console: "/it/operatori",
    outbox: "/it/operatori/posta-in-uscita",
    firstName: "Nome",
    lastName: "Cognome",
    email: "E-mail",
    subject: "Oggetto (facoltativo)",
    text: "Testo della richiesta",
    attachments: "Allegati (facoltativi)",
    submit: "Invia la richiesta",
    ackTitle: "Richiesta ricevuta",
    check: "Controlla lo stato della richiesta",
    statusTitle: "Stato della richiesta",
    inProgress: "In lavorazione",
    closed: "Chiusa",
    answered: "Risposta inviata",
    token: "Token di accesso",
    signIn: "Accedi",
    signInTitle: "Accesso operatori",
    worklist: "Pratiche da lavorare",
    why: "Perché questa scadenza",
    answerText: "Testo della risposta",
    sendAnswer: "Invia la risposta",
    done: "Fatto: la pratica è aggiornata.",
    deliver: "Consegna ora",
    ackSubject: "Abbiamo ricevuto la sua richiesta – codice",
    answerSubject: "Risposta alla sua richiesta",
    request: "Buongiorno, vorrei sapere dove si trova l'area di attesa più vicina a via Garibaldi e quando è la prossima esercitazione.",
    answer: "L'area di attesa più vicina è in piazza Dante; la prossima esercitazione è il 12 marzo."
  },
  en: {
    form: "/en",
    statusPath: "/en/status",
    transparency: "/en/transparency",
    console: "/en/operators",
    outbox: "/en/operators/outbox",
    firstName: "First name",
    lastName: "Last name",
    email: "E-mail",
    subject: "Subject (optional)",
    text: "Your message",
    attachments: "Attachments (optional)",
    submit: "Send your request",
    ackTitle: "Request received",
    check: "Check your request",
    statusTitle: "Check a request",
    inProgress: "Being handled",
    closed: "Closed",
    answered: "Answered",
    token: "Access token",
    signIn: "Sign in",
    signInTitle: "Operator sign-in",
    worklist: "Worklist",
    why: "Why this deadline",
    answerText: "Answer text",
    sendAnswer: "Send the answer",
    done: "Done: the ticket is updated.",
    deliver: "Deliver now",
    ackSubject: "We have received your request – code",
    answerSubject: "Answer to your request",
    request: "Hello, I would like to know where the nearest assembly area to Via Garibaldi is, and when the next drill takes place.",
    answer: "The nearest assembly area is in Piazza Dante; the next drill is on 12 March."
  }
} as const

describe.each(["it", "en"] as const)("the whole story, in %s", (lang) => {
  const w = words[lang]

  it("a citizen writes with an attachment, reads the code and looks it up; an operator answers; the status and the statistics move", async () => {
    const page = await newPage(lang === "it" ? "it-IT" : "en-GB")

    await page.goto(app.url + w.transparency)
    await expectAccessible(page, `${lang} transparency`)
    const receivedBefore = await stat(page, "received")
    const closedBefore = await stat(page, "closed")

    // the language switch leads to the same page in the other language
    await page.goto(app.url + (lang === "it" ? "/en" : "/it"))
    await page.getByRole("link", { name: lang === "it" ? "Italiano" : "English" }).click()
    expect(new URL(page.url()).pathname).toBe(w.form)

    await expectAccessible(page, `${lang} form`)
    await expect(page.getByRole("heading", { level: 2, name: lang === "it" ? "Questo non è un servizio di emergenza" : "This is not an emergency service" }).isVisible()).resolves.toBe(true)
    await page.getByRole("textbox", { name: w.firstName, exact: true }).fill("Giulia")
    await page.getByRole("textbox", { name: w.lastName, exact: true }).fill("Verdi")
    await page.getByRole("textbox", { name: w.email, exact: true }).fill("giulia.verdi@example.org")
    await page.getByRole("textbox", { name: w.subject }).fill(lang === "it" ? "Area di attesa" : "Assembly area")
    await page.getByRole("textbox", { name: w.text }).fill(w.request)
    await page.getByLabel(w.attachments).setInputFiles({ name: "map.txt", mimeType: "text/plain", buffer: Buffer.from("Via Garibaldi 12, stair B") })
    await page.getByRole("button", { name: w.submit }).click()

    await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe(w.ackTitle)
    const code = (await page.locator("[data-ticket-code]").getAttribute("data-ticket-code")) ?? ""
    expect(code).toMatch(/^[2-9A-Z]{3}(-[2-9A-Z]{3}){4}$/)
    await expect(page.getByText("map.txt").isVisible()).resolves.toBe(true)
    await expectAccessible(page, `${lang} acknowledgement`)

    await page.getByRole("link", { name: w.check }).click()
    await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe(w.statusTitle)
    await expect(page.locator("[data-state]").innerText()).resolves.toBe(w.inProgress)
    await expectAccessible(page, `${lang} status (found)`)

    await page.goto(app.url + w.transparency)
    expect(await stat(page, "received")).toBe(receivedBefore + 1)

    // the operator signs in with the token and answers from the worklist
    await page.goto(app.url + w.console)
    await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe(w.signInTitle)
    await expectAccessible(page, `${lang} sign-in`)
    await page.getByLabel(w.token).fill(app.demoToken)
    await page.getByRole("button", { name: w.signIn }).click()
    await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe(w.worklist)
    await expectAccessible(page, `${lang} worklist`)

    await page.getByRole("link", { name: code }).click()
    await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toContain(code)
    await expect(page.getByRole("heading", { name: w.why }).isVisible()).resolves.toBe(true)
    await expectAccessible(page, `${lang} ticket`)
    const download = await page.getByRole("link", { name: /map\.txt/ }).getAttribute("href")
    const attachment = await page.request.get(app.url + download)
    expect(await attachment.text()).toBe("Via Garibaldi 12, stair B")

    await page.getByRole("textbox", { name: w.answerText }).fill(w.answer)
    await page.getByRole("button", { name: w.sendAnswer }).click()
    await expect(page.getByRole("status").filter({ hasText: w.done }).isVisible()).resolves.toBe(true)
    await expect(page.locator("[data-ticket-status]").getAttribute("data-ticket-status")).resolves.toBe("closed")
    // the console's actions are audited like the API's: who, what, when (R24)
    const audit = await fetch(`${app.url}/api/audit?limit=20`, { headers: { authorization: `Bearer ${app.demoToken}` } })
    const entries = (await audit.json()) as ReadonlyArray<{ action: string; target?: string; outcome: string; actor?: { subject: string } }>
    expect(entries.find((e) => e.action === "command.Answer" && e.target === code)).toMatchObject({ outcome: "ok", actor: { subject: "op-demo" } })

    // the citizen sees the request closed, the public statistics count it
    await page.goto(`${app.url}${w.statusPath}?code=${encodeURIComponent(code.toLowerCase())}`)
    await expect(page.locator("[data-state]").innerText()).resolves.toBe(w.closed)
    await expect(page.getByText(w.answered, { exact: true }).isVisible()).resolves.toBe(true)
    await page.goto(app.url + w.transparency)
    expect(await stat(page, "received")).toBe(receivedBefore + 1)
    expect(await stat(page, "closed")).toBe(closedBefore + 1)

    // nothing is sent in development: the acknowledgement and the answer are in the outbox
    await page.goto(app.url + w.outbox)
    await page.getByRole("button", { name: w.deliver }).click()
    await expect(page.getByText(`${w.ackSubject} ${code}`).isVisible()).resolves.toBe(true)
    await expect(page.getByText(`${w.answerSubject} ${code}`).isVisible()).resolves.toBe(true)
    await expectAccessible(page, `${lang} outbox`)
    await page.context().close()
  })
})

describe("forms and bad input", () => {
  it("shows each problem next to its field, described by it, and keeps what was typed", async () => {
    const page = await newPage("it-IT")
    await page.goto(app.url + "/it")
    await page.getByRole("textbox", { name: "E-mail", exact: true }).fill("not-an-address")
    await page.getByRole("button", { name: "Invia la richiesta" }).click()
    await expect(page.getByRole("heading", { name: "Controlli questi campi" }).isVisible()).resolves.toBe(true)
    const firstName = page.getByRole("textbox", { name: "Nome", exact: true })
    await expect(firstName.getAttribute("aria-invalid")).resolves.toBe("true")
    await expect(firstName.getAttribute("aria-describedby")).resolves.toBe("f-firstName-error")
    await expect(page.locator("#f-firstName-error").innerText()).resolves.toContain("Scriva il nome")
    const email = page.getByRole("textbox", { name: "E-mail", exact: true })
    await expect(email.inputValue()).resolves.toBe("not-an-address")
    await expect(email.getAttribute("aria-describedby")).resolves.toBe("f-email-hint f-email-error")
    await expect(page.locator("#f-email-error").innerText()).resolves.toContain("nome@esempio.it")
    await expectAccessible(page, "it form with errors")
    await page.context().close()
  })

  it("can be reached with the keyboard: the first Tab is the skip link, which leads into the page", async () => {
    const page = await newPage("it-IT")
    await page.goto(app.url + "/it")
    await page.keyboard.press("Tab")
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Vai al contenuto")
    await page.keyboard.press("Enter")
    await page.keyboard.press("Tab")
    await expect(page.evaluate(() => document.activeElement?.getAttribute("href"))).resolves.toBe("tel:112")
    await page.context().close()
  })

  it("shows markup typed into the form as text, never as markup", async () => {
    const page = await newPage("en-GB")
    await page.goto(app.url + "/en")
    await page.getByRole("textbox", { name: "First name", exact: true }).fill("<b>Ada</b>")
    await page.getByRole("textbox", { name: "Last name", exact: true }).fill("Lovelace\"'><img src=x onerror=alert(1)>")
    await page.getByRole("textbox", { name: "E-mail", exact: true }).fill("ada@example.org")
    await page.getByRole("textbox", { name: "Your message" }).fill("<script>alert('hello')</script> and '; DROP TABLE tickets; --")
    await page.getByRole("button", { name: "Send your request" }).click()
    await expect(page.getByText("<script>alert('hello')</script> and '; DROP TABLE tickets; --").isVisible()).resolves.toBe(true)
    await expect(page.getByText("<b>Ada</b> Lovelace\"'><img src=x onerror=alert(1)>").isVisible()).resolves.toBe(true)
    await expect(page.locator("main script, main img, main b").count()).resolves.toBe(0)
    await page.context().close()
  })

  it("answers bad requests with a page and a 4xx, never a 500", async () => {
    const post = (path: string, body: BodyInit, contentType?: string) =>
      fetch(app.url + path, { method: "POST", body, redirect: "manual", ...(contentType === undefined ? {} : { headers: { "content-type": contentType } }) })
    const statuses = {
      json: (await post("/it", "{\"firstName\":", "application/json")).status,
      brokenMultipart: (await post("/it", "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb", "multipart/form-data; boundary=nope")).status,
      tooLarge: await (async () => {
        const form = new FormData()
        form.set("firstName", "Ada")
        form.set("attachments", new Blob([new Uint8Array(27 * 1024 * 1024)], { type: "application/pdf" }), "big.pdf")
        return (await post("/it", form)).status
      })(),
      unknownPage: (await fetch(app.url + "/it/nowhere")).status,
      traversal: (await fetch(app.url + "/assets/app/..%2F..%2Fpackage.json")).status,
      ticketWithoutSignIn: (await post("/it/operatori/pratiche/ABC", "action=answer", "application/x-www-form-urlencoded")).status,
      wrongToken: (await post("/it/operatori/accesso", "token=wrong", "application/x-www-form-urlencoded")).status
    }
    expect(statuses).toEqual({
      json: 400,
      brokenMultipart: 400,
      tooLarge: 413,
      unknownPage: 404,
      traversal: 404,
      ticketWithoutSignIn: 303,
      wrongToken: 401
    })
  })

  it("refuses a console form without the session's anti-forgery value", async () => {
    const page = await newPage("it-IT")
    await page.goto(app.url + "/it/operatori/accesso")
    await page.getByLabel("Token di accesso").fill(app.demoToken)
    await page.getByRole("button", { name: "Accedi" }).click()
    const response = await page.request.post(app.url + "/it/operatori/emergenza", { form: { action: "declare", csrf: "forged" }, maxRedirects: 0 })
    expect(response.status()).toBe(403)
    // odd addresses of a signed-in operator are a page too, never a 500
    for (const path of ["/it/operatori/pratiche/%25E0%25A4", "/it/operatori/pratiche/..%2F..%2Fetc", "/en/operators/attachments/%25zz?name=%00"]) {
      expect((await page.request.get(app.url + path, { maxRedirects: 0 })).status(), path).toBe(404)
    }
    await page.context().close()
  })
})

describe("the HTTP API, mounted under /api", () => {
  it("serves its OpenAPI document, takes a request, and answers staff with the same token as the console", async () => {
    const openapi = await fetch(app.url + "/api/openapi.json")
    expect(openapi.status).toBe(200)
    expect(((await openapi.json()) as { openapi?: string }).openapi).toMatch(/^3\./)

    const submitted = await fetch(app.url + "/api/requests", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        submissionId: "e2e-api-submission-0001",
        kind: "information",
        firstName: "Ada",
        lastName: "Lovelace",
        email: "ada@example.org",
        text: "Vorrei sapere dove trovare il piano di protezione civile del mio comune."
      })
    })
    expect(submitted.status).toBe(201)
    const { code } = (await submitted.json()) as { code: string }

    const anonymous = await fetch(`${app.url}/api/tickets/${code}`)
    expect([anonymous.status, anonymous.headers.get("content-type")]).toEqual([401, "application/problem+json"])
    const staff = await fetch(`${app.url}/api/tickets/${code}`, { headers: { authorization: `Bearer ${app.demoToken}` } })
    expect(staff.status).toBe(200)
    expect(((await staff.json()) as { code?: string }).code).toBe(code)

    // the request sent through the API is a ticket like any other: the console shows it
    const page = await newPage("it-IT")
    await page.goto(app.url + "/it/operatori/accesso")
    await page.getByLabel("Token di accesso").fill(app.demoToken)
    await page.getByRole("button", { name: "Accedi" }).click()
    await expect(page.getByRole("link", { name: code }).isVisible()).resolves.toBe(true)
    await page.context().close()
  })
})

describe("every other page", () => {
  it("has no serious or critical accessibility violation, in both languages", async () => {
    const page = await newPage("it-IT")
    for (const path of ["/it/stato", "/en/status", "/it/stato?code=ZZZ-ZZZ", "/en/status?code=", "/en/transparency", "/it/nowhere", "/en/nowhere"]) {
      await page.goto(app.url + path)
      await expectAccessible(page, path)
    }
    // on a phone, wide tables scroll: their region must be reachable with the keyboard
    await page.setViewportSize({ width: 390, height: 844 })
    for (const path of ["/it", "/it/trasparenza", "/en/transparency"]) {
      await page.goto(app.url + path)
      await expectAccessible(page, `${path} on a phone`)
    }
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.goto(app.url + "/en/operators/sign-in")
    await page.getByLabel("Access token").fill("wrong")
    await page.getByRole("button", { name: "Sign in" }).click()
    await expectAccessible(page, "en sign-in with error")
    await page.getByLabel("Access token").fill(app.demoToken)
    await page.getByRole("button", { name: "Sign in" }).click()
    const code = await page.locator("table.worklist tbody tr th a").first().innerText()
    await page.getByRole("link", { name: code }).click()
    await page.getByText("Ask the requester for documents").click()
    await page.getByRole("textbox", { name: "Which documents are needed" }).fill("a copy of the letter")
    await page.getByRole("button", { name: "Ask for the documents" }).click()
    await expectAccessible(page, "en ticket after an action")
    await page.context().close()
  })

  it("the emergency switch puts the banner on every page, and takes it off", async () => {
    const page = await newPage("it-IT")
    await page.goto(app.url + "/it/operatori/accesso")
    await page.getByLabel("Token di accesso").fill(app.demoToken)
    await page.getByRole("button", { name: "Accedi" }).click()
    await page.getByRole("textbox", { name: "Nota (facoltativa)" }).fill("Esercitazione")
    await page.getByRole("button", { name: "Attiva la modalità emergenza" }).click()
    try {
      await expect(page.getByRole("status").filter({ hasText: "Modalità emergenza attivata." }).isVisible()).resolves.toBe(true)
      await expectAccessible(page, "it worklist in emergency mode")
      await page.goto(app.url + "/en")
      await expect(page.getByText("Emergency mode is on").isVisible()).resolves.toBe(true)
    } finally {
      await page.goto(app.url + "/it/operatori")
      await page.getByRole("button", { name: "Termina la modalità emergenza" }).click()
    }
    await page.goto(app.url + "/it")
    await expect(page.getByText("Modalità emergenza attiva").count()).resolves.toBe(0)
    await page.context().close()
  })
})
