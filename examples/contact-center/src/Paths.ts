/**
 * The addresses of the pages, in each language: Italian pages under `/it`, English under
 * `/en`, with words of their own language, so that the language switch maps every page to
 * its twin.
 */
import type { Lang } from "./I18n.ts"

/** The pages that have a twin in the other language. */
export type Page = "form" | "status" | "transparency" | "console" | "signIn" | "signOut" | "outbox" | "emergency" | "deliver"

/** The address of each page in each language. */
export const pages: Record<Page, Record<Lang, string>> = {
  form: { it: "/it", en: "/en" },
  status: { it: "/it/stato", en: "/en/status" },
  transparency: { it: "/it/trasparenza", en: "/en/transparency" },
  console: { it: "/it/operatori", en: "/en/operators" },
  signIn: { it: "/it/operatori/accesso", en: "/en/operators/sign-in" },
  signOut: { it: "/it/operatori/uscita", en: "/en/operators/sign-out" },
  outbox: { it: "/it/operatori/posta-in-uscita", en: "/en/operators/outbox" },
  emergency: { it: "/it/operatori/emergenza", en: "/en/operators/emergency" },
  deliver: { it: "/it/operatori/posta-in-uscita/consegna", en: "/en/operators/outbox/deliver" }
}

/** The prefix of a ticket's page (followed by its code). */
export const ticketPrefix: Record<Lang, string> = { it: "/it/operatori/pratiche", en: "/en/operators/tickets" }

/** The prefix of an attachment's download (followed by its checksum). */
export const attachmentPrefix: Record<Lang, string> = { it: "/it/operatori/allegati", en: "/en/operators/attachments" }

/** The address of a page. */
export const to = (page: Page, lang: Lang): string => pages[page][lang]

/** The address of a ticket's page. */
export const ticket = (lang: Lang, code: string): string => `${ticketPrefix[lang]}/${encodeURIComponent(code)}`

/** The address of an attachment's download. */
export const attachment = (lang: Lang, checksum: string, name: string): string =>
  `${attachmentPrefix[lang]}/${encodeURIComponent(checksum)}?name=${encodeURIComponent(name)}`

/** The address of the status page with a code filled in. */
export const statusOf = (lang: Lang, code: string): string => `${pages.status[lang]}?code=${encodeURIComponent(code)}`

/** The same page in the other language, for the language switch. */
export const twin = (path: string, from: Lang, into: Lang): string => {
  for (const page of Object.values(pages)) {
    if (page[from] === path) return page[into]
  }
  for (const prefixes of [ticketPrefix, attachmentPrefix]) {
    if (path.startsWith(prefixes[from] + "/")) return prefixes[into] + path.slice(prefixes[from].length)
  }
  return pages.form[into]
}
