/**
 * The page shell: the Department's header with the language switch and the main menu, the
 * emergency banner, the content, the footer. Bootstrap Italia's CSS gives the look of the
 * Italian public administration's sites; no script is needed.
 */
import { html, type Html, type Interpolation } from "./Html.ts"
import { type Lang, messages } from "./I18n.ts"
import * as Paths from "./Paths.ts"

/** What a page tells the shell. */
export interface Shell {
  readonly lang: Lang
  readonly title: string
  /** The path of this page, for the language switch and the current menu item. */
  readonly path: string
  readonly emergency: boolean
  readonly body: Interpolation
}

const menu = (lang: Lang, path: string): Html => {
  const m = messages[lang]
  const items: ReadonlyArray<readonly [Paths.Page, string]> = [
    ["form", m.nav.form],
    ["status", m.nav.status],
    ["transparency", m.nav.transparency],
    ["console", m.nav.console]
  ]
  const current = (page: Paths.Page) => {
    const target = Paths.to(page, lang)
    return page === "form" ? path === target : path === target || path.startsWith(target + "/")
  }
  return html`<nav class="site-nav" aria-label="${m.mainMenu}">
    <div class="container">
      <ul>
        ${items.map(([page, label]) =>
          html`<li><a href="${Paths.to(page, lang)}"${current(page) ? html` aria-current="page"` : ""}>${label}</a></li>`
        )}
      </ul>
    </div>
  </nav>`
}

/** The whole page. */
export const page = (shell: Shell): Html => {
  const m = messages[shell.lang]
  const other = m.otherLang
  return html`<!doctype html>
<html lang="${shell.lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${shell.title} – ${m.siteName} – ${m.owner}</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/assets/bootstrap-italia/css/bootstrap-italia.min.css">
  <link rel="stylesheet" href="/assets/app/app.css">
</head>
<body>
  <a class="skip-link" href="#main">${m.skipToContent}</a>
  <header class="site-header">
    <div class="slim">
      <div class="container d-flex justify-content-between align-items-center">
        <span class="owner">${m.owner}</span>
        <span class="lang-switch">
          <span class="visually-hidden">${m.languageLabel}:</span>
          <a href="${Paths.twin(shell.path, shell.lang, other)}" hreflang="${other}" lang="${other}">${m.otherLangName}</a>
        </span>
      </div>
    </div>
    <div class="center">
      <div class="container">
        <a class="brand" href="${Paths.to("form", shell.lang)}">
          <span class="brand-title">${m.siteName}</span>
          <span class="brand-tagline">${m.tagline}</span>
        </a>
      </div>
    </div>
    ${menu(shell.lang, shell.path)}
  </header>
  ${shell.emergency ? html`<div class="emergency-banner" role="status"><div class="container">${m.emergencyBanner}</div></div>` : ""}
  <main id="main" class="container py-4" tabindex="-1">
    ${shell.body}
  </main>
  <footer class="site-footer">
    <div class="container">
      <p class="mb-1"><strong>${m.owner}</strong> – ${m.siteName}</p>
      <p class="mb-1">${m.footer.about}</p>
      <p class="mb-1">${m.footer.dev}</p>
      <p class="mb-0"><a href="/api/openapi.json">${m.footer.api}</a></p>
    </div>
  </footer>
</body>
</html>`
}

/** The "not an emergency service" notice, with the numbers to call. */
export const notEmergency = (lang: Lang): Html => {
  const n = messages[lang].notEmergency
  return html`<aside class="callout-emergency" aria-labelledby="not-emergency-title">
    <h2 id="not-emergency-title" class="h5">${n.title}</h2>
    <p class="mb-1">${n.body}</p>
    <ul class="mb-0">
      <li><a href="tel:112">${n.n112}</a></li>
      <li><a href="tel:115">${n.n115}</a></li>
      <li><a href="tel:118">${n.n118}</a></li>
    </ul>
  </aside>`
}

/** The operators' menu, shown on the console's pages. */
export const consoleMenu = (lang: Lang, path: string, operator: string, csrf: string): Html => {
  const c = messages[lang].console
  const link = (page: Paths.Page, label: string) => {
    const target = Paths.to(page, lang)
    const current = path === target || (page === "console" && path.startsWith(Paths.ticketPrefix[lang]))
    return html`<li><a href="${target}"${current ? html` aria-current="page"` : ""}>${label}</a></li>`
  }
  return html`<nav class="console-nav" aria-label="${c.menu}">
    <ul>
      ${link("console", c.worklist)}
      ${link("outbox", c.outbox)}
    </ul>
    <form method="post" action="${Paths.to("signOut", lang)}" class="sign-out">
      <span>${c.signedInAs(operator)}</span>
      <input type="hidden" name="csrf" value="${csrf}">
      <button type="submit" class="btn btn-outline-primary btn-sm">${c.signOut}</button>
    </form>
  </nav>`
}

/** An alert: `role="alert"` for errors, `role="status"` for confirmations. */
export const alert = (kind: "danger" | "success" | "info" | "warning", content: Interpolation, id?: string): Html =>
  html`<div class="alert alert-${kind}" role="${kind === "danger" ? "alert" : "status"}"${id === undefined ? "" : html` id="${id}" tabindex="-1"`}>${content}</div>`
