/**
 * fast-check arbitraries for Sportello's models: requesters, requests per channel, ticket
 * codes, calendars (sparse weeks, split days, emergency periods, instants crowded around
 * daylight-saving changes), terms, policies, clock histories and command sequences for the
 * decider.
 *
 * Where a schema of `@sportello/core` says everything there is to say (the literal unions:
 * kinds, complexities, outcomes, reasons), the arbitrary is derived from it, so that a new
 * literal in core is generated without touching the testkit. {@link fromSchema} derives an
 * arbitrary from any schema with effect's own generator, for robustness tests that want
 * strange but valid values. Where schema-derived values would be useless — names, addresses,
 * texts, valid ticket codes, calendars that build — the arbitraries are written by hand, and
 * the testkit's own tests check that every value they produce decodes with the core schema.
 *
 * Generated addresses use the reserved `example` domains (RFC 2606) and British phone numbers
 * from Ofcom's drama range, so a test that leaks a message reaches no one.
 *
 * @since 0.1.0
 */
import {
  Calendar,
  Channel,
  Decider,
  Holidays,
  Intake,
  LanguageDetector,
  Policy,
  Request,
  Requester,
  Routing,
  Sla,
  Ticket,
  TicketCode,
  TicketCommand,
  TicketEvent
} from "@sportello/core"
import { Arbitrary, Effect, Result, type Schema } from "effect"
import * as fc from "fast-check"
import { addDays, DAY, describeValue, formatLocal, hhmm, instantOfLocal, MINUTE, minuteOf, transitionsOf } from "./internal/time.ts"

// -----------------------------------------------------------------------------
// From schemas
// -----------------------------------------------------------------------------

/**
 * A fast-check arbitrary derived from any effect schema by effect's own generator
 * (`effect/Arbitrary`): every value is valid for the schema, and most are strange (empty
 * strings, lone surrogates, control characters), which is what robustness tests want. Values
 * are drawn from a seed that fast-check chooses, so runs replay; they do not shrink.
 *
 * @since 0.1.0
 * @category schemas
 */
export const fromSchema = <S extends Schema.Top>(schema: S, options: { readonly size?: number } = {}): fc.Arbitrary<S["Type"]> => {
  const derived = Arbitrary.schema(schema)
  return fc.noShrink(fc.integer({ min: 0, max: 0x7fff_ffff })).map((seed) =>
    Effect.runSync(Arbitrary.sampleEffect(derived, { count: 1, seed, size: options.size ?? 8 }))[0] as S["Type"]
  )
}

/**
 * One of the literals of a `Schema.Literals` schema of core (e.g. `Channel.Complexity`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const literal = <const L extends ReadonlyArray<string>>(schema: { readonly literals: L }): fc.Arbitrary<L[number]> =>
  fc.constantFrom(...schema.literals)

/**
 * The kinds of requester (`Requester.Kind`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const requesterKind: fc.Arbitrary<Requester.Kind> = literal(Requester.Kind)

/**
 * The kinds of request (`Request.Kind`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const requestKind: fc.Arbitrary<Request.Kind> = literal(Request.Kind)

/**
 * The complexity classes (`Channel.Complexity`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const complexity: fc.Arbitrary<Channel.Complexity> = literal(Channel.Complexity)

/**
 * The kinds of reply address (`Channel.ReplyKind`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const replyKind: fc.Arbitrary<Channel.ReplyKind> = literal(Channel.ReplyKind)

/**
 * How a ticket ended (`TicketEvent.Outcome`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const outcome: fc.Arbitrary<TicketEvent.Outcome> = literal(TicketEvent.Outcome)

// -----------------------------------------------------------------------------
// People and organisations
// -----------------------------------------------------------------------------

const italianFirst = [
  "Maria", "Giuseppe", "Giovanni", "Anna", "Francesca", "Luca", "Marco", "Chiara", "Alessandro", "Giulia",
  "Sofia", "Lorenzo", "Matteo", "Elena", "Paola", "Antonio", "Salvatore", "Rosa", "Domenico", "Nicolò",
  "Maria Grazia", "Pier Paolo", "Gianluca", "Annalisa", "Carmela", "Raffaele", "Ilaria", "Aurora", "Vincenzo", "Lucia"
]
const italianLast = [
  "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
  "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti",
  "D'Angelo", "Dell'Acqua", "Lo Russo", "Di Stefano", "Sant'Elia", "Cantù", "Fabbri", "Santoro", "Pellegrini", "Caruso"
]
const englishFirst = ["John", "Mary", "James", "Sarah", "Emily", "Oliver", "Siobhan", "Chloë", "William", "Grace", "Seán", "Aoife"]
const englishLast = ["Smith", "Jones", "O'Brien", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "MacDonald", "Fitzgerald"]
const otherFirst = ["Ahmed", "Fatima", "Ion", "Xiaoling", "Oksana", "Kwame", "Zoë", "Björn", "Dolores", "Nguyễn Văn"]
const otherLast = ["Popescu", "Kowalski", "Nguyen", "Mohamed", "Chen", "Mensah", "Müller", "García López", "Ivanova", "Ólafsdóttir"]

/**
 * A person's name: mostly Italian, some English, some from the families that live in Italy
 * today (diacritics, apostrophes, two-word names included).
 *
 * @since 0.1.0
 * @category people
 */
export const personIdentity: fc.Arbitrary<Requester.Identity> = fc
  .oneof(
    { arbitrary: fc.tuple(fc.constantFrom(...italianFirst), fc.constantFrom(...italianLast)), weight: 6 },
    { arbitrary: fc.tuple(fc.constantFrom(...englishFirst), fc.constantFrom(...englishLast)), weight: 2 },
    { arbitrary: fc.tuple(fc.constantFrom(...otherFirst), fc.constantFrom(...otherLast)), weight: 1 }
  )
  .map(([firstName, lastName]) => ({ _tag: "Person" as const, firstName, lastName }))

const organisations: Record<Exclude<Requester.Kind, "citizen">, ReadonlyArray<string>> = {
  institution: [
    "Comune di Norcia", "Comune di Amatrice", "Regione Umbria", "Prefettura di Perugia", "Provincia di Rieti",
    "Comune di L'Aquila", "Regione Emilia-Romagna", "Unione dei Comuni della Valnerina", "Comune di Cantù"
  ],
  organisation: [
    "Associazione Nazionale Alpini — Sezione di Bergamo", "Croce Rossa Italiana — Comitato di Foligno",
    "Misericordia di Firenze", "Legambiente Lazio", "Istituto comprensivo «G. Pascoli»", "Gruppo comunale volontari di Spoleto"
  ],
  company: ["Edilizia Rossi S.r.l.", "Tecnoambiente S.p.A.", "Trasporti Bianchi & Figli S.n.c.", "Geologia Applicata S.r.l.s.", "Idroservizi Soc. Coop."]
}
const offices = ["Ufficio tecnico", "Protocollo", "Servizio di protezione civile", "Segreteria del Sindaco", "Sala operativa"]

/**
 * An organisation of a kind other than citizen, with an office sometimes.
 *
 * @since 0.1.0
 * @category people
 */
export const organisationIdentity = (kind: Exclude<Requester.Kind, "citizen"> = "institution"): fc.Arbitrary<Requester.Identity> =>
  fc.tuple(fc.constantFrom(...organisations[kind]), fc.option(fc.constantFrom(...offices), { nil: undefined })).map(([name, office]) =>
    office === undefined ? { _tag: "Organisation" as const, name } : { _tag: "Organisation" as const, name, office }
  )

const slug = (text: string): string =>
  text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^a-z0-9]+/g, ".").replace(/^\.|\.$/g, "")

const nameOf = (identity: Requester.Identity | undefined): string =>
  identity === undefined ? "anonimo" : identity._tag === "Person" ? `${identity.firstName} ${identity.lastName}` : identity.name

const mailDomains = ["example.it", "example.com", "posta.example.it", "mail.example.org"]

/**
 * An e-mail contact point, derived from the name when there is one.
 *
 * @since 0.1.0
 * @category contact points
 */
export const emailContact = (identity?: Requester.Identity): fc.Arbitrary<Requester.ContactPoint> =>
  fc.tuple(fc.constantFrom(...mailDomains), fc.option(fc.integer({ min: 1, max: 99 }), { nil: undefined })).map(([domain, n]) => ({
    _tag: "Email" as const,
    address: `${slug(nameOf(identity)).slice(0, 40)}${n === undefined ? "" : n}@${domain}`
  }))

/**
 * A PEC (certified e-mail) contact point.
 *
 * @since 0.1.0
 * @category contact points
 */
export const pecContact = (identity?: Requester.Identity): fc.Arbitrary<Requester.ContactPoint> =>
  fc.constantFrom("pec.example.it", "legalmail.example.it").map((domain) => ({
    _tag: "Pec" as const,
    address: identity?._tag === "Organisation" ? `protocollo@${slug(identity.name).replace(/\./g, "-")}.${domain}` : `${slug(nameOf(identity))}@${domain}`
  }))

const places: ReadonlyArray<readonly [string, string, string]> = [
  ["00187", "Roma", "RM"], ["06046", "Norcia", "PG"], ["02012", "Amatrice", "RI"], ["67100", "L'Aquila", "AQ"],
  ["80121", "Napoli", "NA"], ["20121", "Milano", "MI"], ["90133", "Palermo", "PA"], ["09124", "Cagliari", "CA"],
  ["39100", "Bolzano/Bozen", "BZ"], ["11100", "Aosta", "AO"], ["62032", "Camerino", "MC"], ["98122", "Messina", "ME"]
]
const streets = [
  "Via Roma", "Via Giuseppe Garibaldi", "Piazza del Popolo", "Corso Vittorio Emanuele II", "Viale dei Mille", "Via dell'Olmo",
  "Largo di Torre Argentina", "Via Ulpiano", "Contrada San Pietro", "Vicolo Cieco"
]

/**
 * A postal address: Italian mostly (CAP, city, province), foreign sometimes.
 *
 * @since 0.1.0
 * @category contact points
 */
export const postalContact: fc.Arbitrary<Requester.ContactPoint> = fc.oneof(
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...streets), fc.oneof(fc.integer({ min: 1, max: 220 }).map(String), fc.constantFrom("7/B", "snc", "12 int. 4")), fc.constantFrom(...places), fc.boolean())
      .map(([street, number, [postalCode, city, province], withCountry]) => ({
        _tag: "Postal" as const,
        street: `${street} ${number}`,
        postalCode,
        city,
        province,
        ...(withCountry ? { country: "Italia" } : {})
      })),
    weight: 5
  },
  {
    arbitrary: fc.constantFrom(
      { _tag: "Postal" as const, street: "Invalidenstraße 44", postalCode: "10115", city: "Berlin", country: "Deutschland" },
      { _tag: "Postal" as const, street: "221B Baker Street", postalCode: "NW1 6XE", city: "London", country: "United Kingdom" }
    ),
    weight: 1
  }
)

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(""))

/**
 * A phone number as people write it: Italian mobiles and landlines in several spellings, and
 * British numbers from Ofcom's drama range.
 *
 * @since 0.1.0
 * @category contact points
 */
export const phoneNumber: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom("320", "333", "347", "366", "389"), digits(7), fc.constantFrom("+39 ", "0039", "")).map(([p, d, cc]) =>
    `${cc}${p} ${d.slice(0, 3)} ${d.slice(3)}`
  ),
  fc.tuple(fc.constantFrom("06", "0743", "0862", "02", "081"), digits(6)).map(([p, d]) => `+39 ${p} ${d}`),
  digits(3).map((d) => `+44 20 7946 0${d}`)
)

/**
 * A phone contact point.
 *
 * @since 0.1.0
 * @category contact points
 */
export const phoneContact: fc.Arbitrary<Requester.ContactPoint> = phoneNumber.map((number) => ({ _tag: "Phone" as const, number }))

/**
 * A fax contact point.
 *
 * @since 0.1.0
 * @category contact points
 */
export const faxContact: fc.Arbitrary<Requester.ContactPoint> = fc
  .tuple(fc.constantFrom("06", "0743", "0862"), digits(6))
  .map(([p, d]) => ({ _tag: "Fax" as const, number: `+39 ${p} ${d}` }))

/**
 * A contact point of the given kind.
 *
 * @since 0.1.0
 * @category contact points
 */
export const contactPoint = (kind: Channel.ReplyKind, identity?: Requester.Identity): fc.Arbitrary<Requester.ContactPoint> => {
  switch (kind) {
    case "email":
      return emailContact(identity)
    case "pec":
      return pecContact(identity)
    case "postal":
      return postalContact
    case "fax":
      return faxContact
    case "phone":
      return phoneContact
  }
}

/**
 * Options of {@link requester}.
 *
 * @since 0.1.0
 * @category models
 */
export interface RequesterOptions {
  readonly kind?: Requester.Kind
  /**
   * When given, the requester can always be answered through this channel (an identity and a
   * reply address it can use); otherwise now and then a requester cannot be (R4).
   */
  readonly answerableThrough?: Channel.Definition
}

/**
 * A requester: kind, identity matching the kind (a person for citizens, an organisation
 * otherwise), one to three contact points, consent sometimes.
 *
 * @since 0.1.0
 * @category people
 */
export const requester = (options: RequesterOptions = {}): fc.Arbitrary<Requester.Requester> =>
  (options.kind === undefined ? fc.oneof({ arbitrary: fc.constant<Requester.Kind>("citizen"), weight: 6 }, { arbitrary: requesterKind, weight: 2 }) : fc.constant(options.kind))
    .chain((kind) => {
      const identity = kind === "citizen" ? personIdentity : organisationIdentity(kind)
      const answerable = options.answerableThrough
      return fc
        .tuple(
          answerable === undefined ? fc.option(identity, { freq: 8, nil: undefined }) : identity,
          fc.option(fc.record({ sms: fc.boolean(), email: fc.boolean() }, { noNullPrototype: true }), { nil: undefined })
        )
        .chain(([who, consent]) => {
          const kinds = answerable === undefined
            ? fc.uniqueArray(replyKind, { minLength: 0, maxLength: 3 })
            : fc.tuple(fc.constantFrom(...answerable.replyTo), fc.uniqueArray(replyKind, { maxLength: 2 })).map(([first, rest]) => [first, ...rest.filter((k) => k !== first)])
          return kinds.chain((ks) => fc.tuple(...ks.map((k) => contactPoint(k, who)))).map((contacts) => ({
            kind,
            ...(who === undefined ? {} : { identity: who }),
            contacts,
            ...(consent === undefined ? {} : { consent })
          }))
        })
    })

// -----------------------------------------------------------------------------
// Texts
// -----------------------------------------------------------------------------

/**
 * The topics of the Department's example directory, including those of external bodies.
 *
 * @since 0.1.0
 * @category requests
 */
export const topic: fc.Arbitrary<string> = fc.constantFrom(
  ...[...Routing.departmentDirectory.offices, ...Routing.departmentDirectory.externalBodies].flatMap((o) => o.topics)
)

const texts = {
  it: {
    information: [
      "Buongiorno, vorrei sapere come posso diventare volontario della protezione civile nel mio comune.",
      "Salve, il mio comune ha un piano di emergenza aggiornato? Non riesco a trovarlo sul sito.",
      "Vorrei sapere quali contributi sono previsti per i danni alla casa dopo il terremoto di ottobre.",
      "Dove trovo le mappe del rischio idrogeologico della zona in cui abito? Grazie per l'attenzione.",
      "Come funziona IT-alert e perché ieri sera il telefono di mia madre non ha ricevuto il messaggio?",
      "Cosa bisogna fare a casa quando c'è un'allerta meteo arancione? Ho due figli piccoli."
    ],
    report: [
      "Segnalo un muro pericolante lungo la strada provinciale, vicino alla scuola elementare.",
      "Dopo il temporale di ieri ci sono alberi caduti che bloccano l'accesso alla frazione.",
      "Un tombino intasato allaga la via ogni volta che piove: lo segnalo da mesi senza risposta.",
      "Ci sono crepe nuove nella scuola dopo la scossa di questa notte, i genitori sono preoccupati."
    ],
    proposal: [
      "Propongo di organizzare un'esercitazione di evacuazione nelle scuole del quartiere ogni anno.",
      "Sarebbe utile tradurre i messaggi di allerta anche in inglese per i turisti della zona."
    ]
  },
  en: {
    information: [
      "Hello, I would like to know how I can volunteer with the civil protection while I live in Italy.",
      "Could you tell me where to find the emergency plan of my town? Thank you in advance.",
      "I am a tourist in Umbria: what should I do if there is an earthquake warning during my stay?"
    ],
    report: [
      "I would like to report a landslide that has blocked the road to the village since Monday.",
      "There are cracks in the wall of the school after the tremor of last night, please check it."
    ],
    proposal: ["I suggest that the alert messages are also published in English for the people who do not speak Italian."]
  }
} as const

const subjects = {
  it: ["Richiesta informazioni", "Volontariato", "Piano di emergenza comunale", "Segnalazione", "Contributi danni sisma", "Proposta"],
  en: ["Information request", "Volunteering", "Emergency plan", "Report", "Suggestion"]
} as const

const emergencyTexts = [
  "Aiuto, c'è una fuga di gas nel palazzo e nessuno risponde al citofono!",
  "Mio padre è ferito, siamo intrappolati in casa dopo il crollo del solaio.",
  "L'acqua sta salendo in cantina e la strada è allagata, cosa facciamo?",
  "The house next door is on fire and there is smoke in the house.",
  "Someone is trapped under the rubble, please send help!"
]

/**
 * Texts that stores and channels must carry unchanged: accents, typographic quotes, emoji
 * with joiners, right-to-left and CJK scripts, combining marks, backslashes, tabs and line
 * breaks, HTML and SQL fragments. Never NUL or lone surrogates (which core's schemas do allow,
 * and PostgreSQL text cannot store).
 *
 * @since 0.1.0
 * @category requests
 */
export const unusualText: fc.Arbitrary<string> = fc
  .array(
    fc.constantFrom(
      "Città, perché, però — «sì»", "“virgolette” ‘singole’", "👩‍🚒🌋🔥", "עברית", "日本語のテキスト", "e\u0301 combinata",
      "back\\slash", "tab\tseparated", "riga uno\nriga due\r\nriga tre", "<b>grassetto</b> & &amp;", "'; DROP TABLE tickets; --",
      "$1 ${x} %s {{name}}", "Ω≈ç√∫", "Ⅻ ½ ²", "\u00a0spazio\u2009sottile"
    ),
    { minLength: 1, maxLength: 6 }
  )
  .map((parts) => parts.join(" "))

/**
 * Options of {@link content}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ContentOptions {
  /** Declare the language (as the web form and the phone do); default: sometimes. */
  readonly declareLanguage?: boolean
  /** Carry attachments (metadata); default: sometimes. */
  readonly attachments?: boolean
  /** Include a subject; default: sometimes. */
  readonly subject?: boolean
  /** Weight of emergency-like texts (R6) against 24 ordinary ones; default 2, 0 for none. */
  readonly emergencyWeight?: number
  /** Weight of texts in languages the charter does not answer (French, German, R5); default 1, 0 for none. */
  readonly foreignWeight?: number
  /** Weight of texts too short to tell the language ("Grazie", "Help!"); default 1, 0 for none. */
  readonly shortWeight?: number
}

const foreignTexts = [
  ["fr", "Bonjour, je voudrais savoir comment devenir bénévole de la protection civile en Italie."],
  ["de", "Guten Tag, ich möchte wissen, wie ich mich als Freiwilliger beim Zivilschutz melden kann."]
] as const

const shortTexts = ["Grazie", "Buongiorno?", "Help!", "Ok, ricevuto", "???"]

/**
 * The content of a request: realistic Italian and English texts by kind, now and then an
 * emergency-like text (R6), a text in a language the charter does not answer, or one too short
 * to tell; a subject, a topic and attachments.
 *
 * @since 0.1.0
 * @category requests
 */
export const content = (options: ContentOptions = {}): fc.Arbitrary<Request.Content> => {
  type Pick = { readonly text: string; readonly language: string }
  const ordinary: fc.Arbitrary<(kind: Request.Kind) => Pick> = fc
    .tuple(fc.oneof({ arbitrary: fc.constant<"it" | "en">("it"), weight: 4 }, { arbitrary: fc.constant<"it" | "en">("en"), weight: 1 }), fc.nat())
    .map(([language, n]) => (kind) => ({ language, text: texts[language][kind][n % texts[language][kind].length]! }))
  const special = (pool: ReadonlyArray<Pick>) => fc.constantFrom(...pool).map((p) => (_kind: Request.Kind) => p)
  const emergencyPool: ReadonlyArray<Pick> = emergencyTexts.map((text) => ({ text, language: /\b(the|is|someone|please)\b/i.test(text) ? "en" : "it" }))
  return fc
    .tuple(
      requestKind,
      fc.oneof(
        { arbitrary: ordinary, weight: 24 },
        { arbitrary: special(emergencyPool), weight: options.emergencyWeight ?? 2 },
        { arbitrary: special(foreignTexts.map(([language, text]) => ({ language, text }))), weight: options.foreignWeight ?? 1 },
        { arbitrary: special(shortTexts.map((text) => ({ language: "it", text }))), weight: options.shortWeight ?? 1 }
      ),
      fc.nat(),
      options.subject === undefined ? fc.boolean() : fc.constant(options.subject),
      options.declareLanguage === undefined ? fc.boolean() : fc.constant(options.declareLanguage),
      fc.option(topic, { freq: 2, nil: undefined }),
      options.attachments === false ? fc.constant([]) : options.attachments === true ? fc.array(attachment, { minLength: 1, maxLength: 4 }) : fc.array(attachment, { maxLength: 3 })
    )
    .map(([kind, choose, n, withSubject, declare, t, attachments]) => {
      const { language, text } = choose(kind)
      const subjectPool = language === "en" ? subjects.en : subjects.it
      return {
        kind,
        ...(withSubject ? { subject: subjectPool[n % subjectPool.length]! } : {}),
        text,
        ...(declare ? { language } : {}),
        ...(t === undefined ? {} : { topic: t }),
        attachments
      }
    })
}

const attachmentKinds: ReadonlyArray<readonly [string, string]> = [
  ["foto_crepa_01.jpg", "image/jpeg"], ["documento d'identità.pdf", "application/pdf"], ["Planimetria.PDF", "application/pdf"],
  ["Relazione tecnica (rev. 2).docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  ["scan0001.tiff", "image/tiff"], ["nota.txt", "text/plain"], ["contratto.pdf.p7m", "application/pkcs7-mime"],
  ["video_frana.mp4", "video/mp4"], ["IMG_2027.png", "image/png"], ["dichiarazione.odt", "application/vnd.oasis.opendocument.text"]
]

/**
 * A checksum as the attachment store writes it: `"sha256:"` and 64 hex digits.
 *
 * @since 0.1.0
 * @category requests
 */
export const checksum: fc.Arbitrary<string> = fc
  .array(fc.integer({ min: 0, max: 15 }), { minLength: 64, maxLength: 64 })
  .map((ds) => `sha256:${ds.map((d) => d.toString(16)).join("")}`)

/**
 * An attachment's metadata: real-looking names and media types (some the charter refuses),
 * sizes from empty to over the charter's 10 MiB limit.
 *
 * @since 0.1.0
 * @category requests
 */
export const attachment: fc.Arbitrary<Request.Attachment> = fc
  .tuple(
    fc.constantFrom(...attachmentKinds),
    fc.oneof({ arbitrary: fc.integer({ min: 0, max: 3 * 1024 * 1024 }), weight: 5 }, { arbitrary: fc.integer({ min: 9 * 1024 * 1024, max: 12 * 1024 * 1024 }), weight: 1 }),
    checksum
  )
  .map(([[name, mediaType], size, sum]) => ({ name, mediaType, size, checksum: sum }))

/**
 * Bytes of an attachment: empty, small, or up to `maxBytes` (default 64 KiB).
 *
 * @since 0.1.0
 * @category requests
 */
export const bytes = (maxBytes = 64 * 1024): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    fc.constant(new Uint8Array(0)),
    fc.uint8Array({ minLength: 1, maxLength: Math.min(64, maxBytes) }),
    fc.integer({ min: 0, max: maxBytes }).chain((n) => fc.integer({ min: 0, max: 255 }).map((fill) => new Uint8Array(n).fill(fill)))
  )

// -----------------------------------------------------------------------------
// Requests per channel
// -----------------------------------------------------------------------------

/**
 * A channel of the default registry (the charter's seven).
 *
 * @since 0.1.0
 * @category requests
 */
export const channel: fc.Arbitrary<Channel.Definition> = fc.constantFrom(...Channel.builtIn)

/**
 * A request as a channel delivers it: the phone and the web form declare the language and
 * the phone carries no attachments; voicemail is a transcript without a declared language;
 * e-mail and PEC have a subject; letters and faxes come with postal or fax addresses. A
 * channel declared with `Channel.custom` follows its own flags.
 *
 * @since 0.1.0
 * @category requests
 */
export const submission = (
  ch: Channel.Definition,
  options: { readonly answerable?: boolean } = {}
): fc.Arbitrary<Intake.Submission> =>
  fc
    .tuple(
      requester(options.answerable === true ? { answerableThrough: ch } : {}),
      content({
        declareLanguage: ch.declaresLanguage,
        ...(ch.attachments ? {} : { attachments: false }),
        ...(ch.id === "email" || ch.id === "pec" ? { subject: true } : ch.id === "phone" || ch.id === "voicemail" ? { subject: false } : {})
      })
    )
    .map(([r, c]) => ({ channel: ch, requester: r, content: c }))

/**
 * A request from any channel of a registry (default: the charter's seven).
 *
 * @since 0.1.0
 * @category requests
 */
export const anySubmission = (registry: Channel.Registry = Channel.defaultRegistry, options: { readonly answerable?: boolean } = {}): fc.Arbitrary<Intake.Submission> =>
  fc.constantFrom(...registry.channels.values()).chain((ch) => submission(ch, options))

const italianWords = new Set([
  "il", "la", "le", "lo", "gli", "di", "del", "della", "delle", "dei", "nel", "nella", "nelle", "alla", "che", "per", "non", "sono", "ho",
  "vorrei", "buongiorno", "salve", "grazie", "è", "c'è", "dopo", "una", "un", "mio", "ci", "come", "dove", "cosa", "quando", "anche",
  "ogni", "sarebbe", "questa", "segnalo", "propongo"
])
const englishWords = new Set([
  "the", "and", "to", "of", "is", "are", "would", "please", "thank", "you", "hello", "there", "my", "what", "how", "this",
  "for", "that", "also", "who", "do", "not", "since", "after", "could", "where", "if", "should", "has", "am", "during", "suggest"
])

/**
 * A deterministic language detector for tests: it counts common Italian and English words
 * and is reliable only when it found at least three; anything else is `Undecided`. Use it
 * where a test must not depend on a statistical model.
 *
 * @since 0.1.0
 * @category requests
 */
export const keywordDetector: LanguageDetector.Detector = LanguageDetector.make((text) => {
  const words = text.toLowerCase().split(/[^\p{L}']+/u)
  const it = words.filter((w) => italianWords.has(w)).length
  const en = words.filter((w) => englishWords.has(w)).length
  const total = it + en
  if (total < 3) return { language: "", reliable: false, scores: [] }
  const scores = [{ language: "it", score: it / total }, { language: "en", score: en / total }].sort((a, b) => b.score - a.score)
  return { language: scores[0]!.language, reliable: scores[0]!.score >= 0.7, scores }
})

/**
 * A `Receive` command for a request from a channel, screened by `Intake.screenWith` with the
 * policy version (default: the charter) and {@link keywordDetector}.
 *
 * @since 0.1.0
 * @category commands
 */
export const receive = (
  ch: Channel.Definition,
  options: { readonly policy?: Policy.Version; readonly answerable?: boolean; readonly idempotencyKey?: boolean } = {}
): fc.Arbitrary<TicketCommand.Of<"Receive">> =>
  fc
    .tuple(submission(ch, options.answerable === undefined ? {} : { answerable: options.answerable }), ticketCode, fc.option(fc.uuid(), { nil: undefined }))
    .map(([s, code, key]) => ({
      _tag: "Receive" as const,
      by: { _tag: "System" as const, component: "intake" },
      code,
      channel: ch.id,
      requester: s.requester,
      content: s.content,
      screening: Intake.screenWith(s, options.policy ?? Policy.charter, keywordDetector),
      ...(options.idempotencyKey === false || key === undefined ? {} : { idempotencyKey: `${ch.id}:${key}` })
    }))

// -----------------------------------------------------------------------------
// Ticket codes
// -----------------------------------------------------------------------------

/**
 * A valid ticket code (uniform over the 31^14 bodies, with its check symbol).
 *
 * @since 0.1.0
 * @category ticket codes
 */
export const ticketCode: fc.Arbitrary<TicketCode.TicketCode> = fc
  .array(fc.integer({ min: 0, max: 30 }), { minLength: 14, maxLength: 14 })
  .map((body) => TicketCode.fromValues(body))

/**
 * A valid code written as a person might type it (lower case, spaces, dots, no dashes),
 * together with the code it stands for.
 *
 * @since 0.1.0
 * @category ticket codes
 */
export const typedTicketCode: fc.Arbitrary<{ readonly code: TicketCode.TicketCode; readonly typed: string }> = fc
  .tuple(ticketCode, fc.constantFrom("-", " ", ".", "", " - "), fc.boolean())
  .map(([code, sep, lower]) => {
    const typed = code.split("-").join(sep)
    return { code, typed: lower ? typed.toLowerCase() : typed }
  })

/**
 * A valid code with one symbol replaced by another, which `TicketCode.parse` must refuse.
 *
 * @since 0.1.0
 * @category ticket codes
 */
export const mistypedTicketCode: fc.Arbitrary<string> = fc
  .tuple(ticketCode, fc.integer({ min: 0, max: 14 }), fc.integer({ min: 1, max: 30 }))
  .map(([code, position, shift]) => {
    const compact = TicketCode.compact(code)
    const value = TicketCode.alphabet.indexOf(compact[position]!)
    const replaced = TicketCode.alphabet[(value + shift) % 31]!
    return compact.slice(0, position) + replaced + compact.slice(position + 1)
  })

// -----------------------------------------------------------------------------
// Calendars
// -----------------------------------------------------------------------------

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const

type Week = { -readonly [K in (typeof WEEKDAYS)[number]]?: Array<[string, string]> }

/** Boundaries people write, the 17:59/18:00/18:01 edge, midnight, 24:00 and the DST hours. */
const interestingMinutes = [0, 60, 120, 150, 180, 480, 510, 540, 720, 780, 840, 1079, 1080, 1081, 1200, 1380, 1439, 1440]

const boundary: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constantFrom(...interestingMinutes), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 96 }).map((q) => q * 15), weight: 2 },
  { arbitrary: fc.integer({ min: 0, max: 1440 }), weight: 1 }
)

const dayIntervals: fc.Arbitrary<Array<[string, string]>> = fc.uniqueArray(boundary, { minLength: 2, maxLength: 6 }).map((bs) => {
  const sorted = [...bs].sort((a, b) => a - b)
  const out: Array<[string, string]> = []
  for (let i = 0; i + 1 < sorted.length; i += 2) out.push([hhmm(sorted[i]!), hhmm(sorted[i + 1]!)])
  return out
})

const nineToSix: Array<[string, string]> = [["09:00", "18:00"]]

const presetWeeks: ReadonlyArray<Week> = [
  { monday: nineToSix, tuesday: nineToSix, wednesday: nineToSix, thursday: nineToSix, friday: nineToSix },
  Object.fromEntries(WEEKDAYS.slice(0, 5).map((d) => [d, [["08:00", "20:00"]]])),
  { saturday: [["10:00", "12:00"]] },
  { sunday: [["01:30", "03:30"]] },
  { monday: [["08:30", "12:30"], ["14:00", "17:59"]], thursday: [["00:00", "02:30"], ["22:00", "24:00"]] },
  Object.fromEntries(WEEKDAYS.map((d) => [d, [["00:00", "24:00"]]]))
]

/**
 * A weekly schedule: the charter's, the later 8–20, sparse weeks (Saturday only, Sunday night
 * across the DST hour), split days, round the clock, or random — one to three intervals a day
 * on some days, never an empty week.
 *
 * @since 0.1.0
 * @category calendars
 */
export const weeklySchedule: fc.Arbitrary<Calendar.WeeklySchedule> = fc.oneof(
  { arbitrary: fc.constantFrom(...presetWeeks), weight: 1 },
  {
    arbitrary: fc
      .tuple(...WEEKDAYS.map(() => fc.oneof({ arbitrary: fc.constant<Array<[string, string]>>([]), weight: 2 }, { arbitrary: dayIntervals, weight: 3 })))
      .map((days) => {
        const week: Week = {}
        days.forEach((intervals, i) => {
          if (intervals.length > 0) week[WEEKDAYS[i]!] = intervals
        })
        return week
      })
      .filter((week) => Object.keys(week).length > 0),
    weight: 2
  }
)

const holidayRule = (fromYear: number, toYear: number): fc.Arbitrary<Holidays.HolidayRule> =>
  fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([month, day]) => ({ _tag: "Fixed" as const, month, day, name: `festa ${day}/${month}` })),
    fc.constantFrom(-2, 0, 1, 49, 50, 60).map((offsetDays) => ({ _tag: "Easter" as const, offsetDays, name: `Pasqua ${offsetDays >= 0 ? "+" : ""}${offsetDays}` })),
    localDate(fromYear, toYear).map((date) => ({ _tag: "Date" as const, date, name: `lutto nazionale ${date}` }))
  )

/**
 * Holiday rules: Italy's (with Rome's patron) mostly, random fixed, Easter-relative and one-off
 * dates sometimes, or both.
 *
 * @since 0.1.0
 * @category calendars
 */
export const holidays = (years: readonly [number, number] = [2025, 2030]): fc.Arbitrary<ReadonlyArray<Holidays.HolidayRule>> => {
  const italy = Holidays.italy({ patron: Holidays.romePatron })
  return fc.oneof(
    { arbitrary: fc.constant(italy), weight: 3 },
    { arbitrary: fc.array(holidayRule(years[0], years[1]), { maxLength: 5 }), weight: 1 },
    { arbitrary: fc.array(holidayRule(years[0], years[1]), { maxLength: 3 }).map((extra) => [...italy, ...extra]), weight: 1 }
  )
}

/**
 * A local date "YYYY-MM-DD" between two years (inclusive).
 *
 * @since 0.1.0
 * @category calendars
 */
export const localDate = (fromYear: number, toYear: number): fc.Arbitrary<string> =>
  fc.integer({ min: Date.UTC(fromYear, 0, 1) / DAY, max: Date.UTC(toYear, 11, 31) / DAY }).map((n) => new Date(n * DAY).toISOString().slice(0, 10))

/**
 * Options of the calendar arbitraries.
 *
 * @since 0.1.0
 * @category models
 */
export interface CalendarOptions {
  /** IANA zones to draw from (default: Europe/Rome mostly, with New York, Sydney, Tokyo and UTC). */
  readonly zones?: ReadonlyArray<string>
  /** The years instants, versions and emergencies fall in (default 2025–2030). */
  readonly years?: readonly [number, number]
}

const defaultZones = fc.oneof(
  { arbitrary: fc.constant("Europe/Rome"), weight: 12 },
  { arbitrary: fc.constantFrom("America/New_York", "Australia/Sydney"), weight: 3 },
  { arbitrary: fc.constantFrom("Asia/Tokyo", "UTC"), weight: 1 }
)

const isoAt = (timeZone: string, t: number, style: "Z" | "offset"): string =>
  style === "Z" ? new Date(t).toISOString() : formatLocal(timeZone, t)

/**
 * Emergency periods (R16) in a zone: short and long, ended and open-ended, often spanning a
 * daylight-saving change, written with `Z` or with an offset.
 *
 * @since 0.1.0
 * @category calendars
 */
export const emergencies = (timeZone: string, options: CalendarOptions = {}): fc.Arbitrary<ReadonlyArray<Calendar.EmergencyInput>> => {
  const [fromYear, toYear] = options.years ?? [2025, 2030]
  const transitions = transitionsOf(timeZone, fromYear, toYear)
  const anywhere = fc.integer({ min: Date.UTC(fromYear, 0, 1) / MINUTE, max: Date.UTC(toYear, 11, 31) / MINUTE }).map((m) => m * MINUTE)
  const start = transitions.length > 0
    ? fc.oneof(fc.tuple(fc.constantFrom(...transitions), fc.integer({ min: 1, max: 3 * 24 * 60 })).map(([t, d]) => t - d * MINUTE), anywhere)
    : anywhere
  const length = fc.option(fc.oneof(fc.integer({ min: 1, max: 12 * 60 }), fc.integer({ min: 1, max: 6 * 24 * 60 }), fc.constantFrom(60, 24 * 60, 48 * 60)), { freq: 5, nil: undefined })
  return fc
    .array(fc.tuple(start, length, fc.constantFrom("Z" as const, "offset" as const)), { maxLength: 3 })
    .map((periods) =>
      periods.map(([from, minutes, style], i) => ({
        id: `emergenza-${i + 1}`,
        from: isoAt(timeZone, from, style),
        ...(minutes === undefined ? {} : { to: isoAt(timeZone, from + minutes * MINUTE, style) })
      }))
    )
}

/**
 * A calendar's configuration: one to three versions (each with its week and holidays, in
 * order of their start dates), and emergency periods. Always valid: `Calendar.make` builds it.
 *
 * @since 0.1.0
 * @category calendars
 */
export const calendarInput = (options: CalendarOptions = {}): fc.Arbitrary<Calendar.CalendarInput> => {
  const years = options.years ?? [2025, 2030]
  const zones = options.zones === undefined ? defaultZones : fc.constantFrom(...options.zones)
  return zones.chain((timeZone) =>
    fc
      .tuple(
        fc.uniqueArray(localDate(years[0] - 1, years[1]), { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(weeklySchedule, holidays(years)), { minLength: 3, maxLength: 3 }),
        emergencies(timeZone, options)
      )
      .map(([dates, bodies, periods]): Calendar.CalendarInput => ({
        versions: [...dates].sort().map((from, i) => ({ id: `v${i + 1}`, from, timeZone, week: bodies[i]![0], holidays: bodies[i]![1] })) as unknown as Calendar.CalendarInput["versions"],
        ...(periods.length === 0 ? {} : { emergencies: periods })
      }))
  )
}

/**
 * Gives a calendar a short description for fast-check's counterexamples (its configuration,
 * not its precomputed table).
 *
 * @since 0.1.0
 * @category calendars
 */
export const describedCalendar = (calendar: Calendar.Calendar): Calendar.Calendar => {
  if (!Object.prototype.hasOwnProperty.call(calendar, fc.toStringMethod)) {
    Object.defineProperty(calendar, fc.toStringMethod, { value: () => `Calendar(${JSON.stringify(calendar.input)})`, enumerable: false })
  }
  return calendar
}

/**
 * A calendar built from {@link calendarInput}.
 *
 * @since 0.1.0
 * @category calendars
 */
export const calendar = (options: CalendarOptions = {}): fc.Arbitrary<Calendar.Calendar> =>
  calendarInput(options).map((input) => describedCalendar(Calendar.makeUnsafe(input)))

const minuteSpan = (max: number): fc.Arbitrary<number> =>
  fc.oneof(
    { arbitrary: fc.integer({ min: -5, max: 5 }), weight: 2 },
    { arbitrary: fc.integer({ min: -180, max: 180 }), weight: 2 },
    { arbitrary: fc.integer({ min: -max, max }), weight: 1 }
  ).map((m) => m * MINUTE)

/**
 * An instant (whole minutes) where calendars go wrong: around the zone's daylight-saving
 * changes, at and next to the calendar's interval boundaries (17:59, 18:00, 18:01), on
 * holidays and the days around them, at year ends, at the starts of versions, around
 * emergency periods; sometimes anywhere in the years.
 *
 * @since 0.1.0
 * @category calendars
 */
export const instant = (cal: Calendar.Calendar, options: Pick<CalendarOptions, "years"> = {}): fc.Arbitrary<number> => {
  const [fromYear, toYear] = options.years ?? [2025, 2030]
  const zone = cal.timeZone
  const input = cal.input
  const transitions = transitionsOf(zone, fromYear, toYear)
  const anchors: Array<number> = []
  for (const e of input.emergencies ?? []) {
    anchors.push(Date.parse(e.from))
    if (e.to !== undefined) anchors.push(Date.parse(e.to))
  }
  const boundaries = [...new Set(input.versions.flatMap((v) => WEEKDAYS.flatMap((d) => (v.week[d] ?? []).flatMap(([a, b]) => [minuteOf(a), minuteOf(b)]))))]
    .flatMap((m) => [m - 1, m, m + 1])
    .filter((m) => m >= 0 && m < 1440)
  const holidayDates = input.versions.flatMap((v) =>
    v.holidays.flatMap((h) => (h._tag === "Date" ? [h.date] : h._tag === "Fixed" ? [`2000-${String(h.month).padStart(2, "0")}-${String(h.day).padStart(2, "0")}`] : []))
  )
  const local = (dates: fc.Arbitrary<string>, minutes: fc.Arbitrary<number>) => fc.tuple(dates, minutes).map(([d, m]) => instantOfLocal(zone, d, m))
  const anyMinute = fc.integer({ min: 0, max: 1439 })
  const arbs: Array<fc.WeightedArbitrary<number>> = [
    { arbitrary: local(localDate(fromYear, toYear), boundaries.length > 0 ? fc.constantFrom(...boundaries) : anyMinute), weight: 3 },
    { arbitrary: local(fc.tuple(fc.integer({ min: fromYear, max: toYear }), fc.integer({ min: -3, max: 3 })).map(([y, k]) => addDays(`${y}-01-01`, k)), anyMinute), weight: 1 },
    { arbitrary: local(fc.constantFrom(...input.versions.map((v) => v.from)).chain((d) => fc.integer({ min: -1, max: 1 }).map((k) => addDays(d, k))), anyMinute), weight: 1 },
    { arbitrary: fc.integer({ min: Date.UTC(fromYear, 0, 1) / MINUTE, max: Date.UTC(toYear, 11, 31) / MINUTE }).map((m) => m * MINUTE), weight: 2 }
  ]
  if (transitions.length > 0) arbs.push({ arbitrary: fc.tuple(fc.constantFrom(...transitions), minuteSpan(3 * 24 * 60)).map(([t, d]) => t + d), weight: 5 })
  if (anchors.length > 0) arbs.push({ arbitrary: fc.tuple(fc.constantFrom(...anchors), minuteSpan(2 * 24 * 60)).map(([t, d]) => Math.floor((t + d) / MINUTE) * MINUTE), weight: 2 })
  if (holidayDates.length > 0) {
    arbs.push({
      arbitrary: local(
        fc.tuple(fc.constantFrom(...holidayDates), fc.integer({ min: fromYear, max: toYear }), fc.integer({ min: -1, max: 1 })).map(([date, year, shift]) =>
          addDays(`${year}${date.slice(4)}`.replace(/-02-29$/, "-02-28"), shift)
        ),
        anyMinute
      ),
      weight: 2
    })
  }
  return fc.oneof(...arbs)
}

// -----------------------------------------------------------------------------
// Terms, suspension policies, clocks
// -----------------------------------------------------------------------------

/**
 * A term of any kind: the charter's (immediate, same day, next service day, 7 and 40 days)
 * often, other day counts and amounts of service time (up to `maxServiceMinutes`, default
 * three days' worth) too.
 *
 * @since 0.1.0
 * @category terms
 */
export const term = (options: { readonly maxServiceMinutes?: number } = {}): fc.Arbitrary<Sla.Term> =>
  fc.oneof(
    fc.constantFrom(Sla.immediate, Sla.sameDay, Sla.nextServiceDay, Sla.days(7), Sla.days(40)),
    fc.integer({ min: 0, max: 60 }).map(Sla.days),
    fc.oneof(fc.constantFrom(0, 1, 60, 240, 480, 540), fc.integer({ min: 0, max: options.maxServiceMinutes ?? 3 * 24 * 60 })).map((minutes) => Sla.serviceTime({ minutes }))
  )

/**
 * What a suspension reason does: suspend or interrupt, with a `maxDays` cap and an auto-close
 * limit sometimes.
 *
 * @since 0.1.0
 * @category policies
 */
export const reasonPolicy: fc.Arbitrary<Sla.ReasonPolicy> = fc.record(
  {
    mode: fc.constantFrom("suspend" as const, "interrupt" as const),
    maxDays: fc.integer({ min: 0, max: 30 }),
    autoClose: fc.constantFrom<Sla.Term>(Sla.days(40), Sla.days(10), Sla.nextServiceDay)
  },
  { requiredKeys: ["mode"] }
)

/**
 * A suspension policy over the given reasons (default: the charter's two): the charter's own
 * sometimes, random rules otherwise.
 *
 * @since 0.1.0
 * @category policies
 */
export const suspensionPolicy = (reasons: ReadonlyArray<string> = Object.keys(Sla.defaultSuspensionPolicy)): fc.Arbitrary<Sla.SuspensionPolicy> =>
  fc.oneof(
    { arbitrary: fc.constant(Sla.defaultSuspensionPolicy), weight: 1 },
    { arbitrary: fc.tuple(...reasons.map(() => reasonPolicy)).map((rules) => Object.fromEntries(reasons.map((r, i) => [r, rules[i]!]))), weight: 2 }
  )

/**
 * Options of {@link suspensions} and {@link clock}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ClockOptions {
  /** Reasons to draw from (default: the charter's two, and a reason no policy names). */
  readonly reasons?: ReadonlyArray<string>
  /** Whether the last suspension may still be open (default: yes, sometimes). */
  readonly allowOpen?: boolean
  /** At most this many suspensions (default 3). */
  readonly max?: number
}

const lengthMinutes = fc.oneof(
  fc.integer({ min: 0, max: 6 * 60 }),
  fc.integer({ min: 0, max: 3 * 24 * 60 }),
  fc.integer({ min: 1, max: 60 }).map((d) => d * 24 * 60),
  fc.integer({ min: 0, max: 60 * 24 * 60 })
)

/**
 * A well-formed history of suspensions after `receivedAt`: in order, never overlapping, only
 * the last possibly open.
 *
 * @since 0.1.0
 * @category clocks
 */
export const suspensions = (receivedAt: number, options: ClockOptions = {}): fc.Arbitrary<ReadonlyArray<Sla.Suspension>> => {
  const reasons = options.reasons ?? [...Object.keys(Sla.defaultSuspensionPolicy), "other-reason"]
  return fc
    .tuple(fc.array(fc.tuple(fc.constantFrom(...reasons), lengthMinutes, lengthMinutes), { maxLength: options.max ?? 3 }), options.allowOpen === false ? fc.constant(false) : fc.boolean())
    .map(([parts, lastOpen]) => {
      const out: Array<Sla.Suspension> = []
      let t = receivedAt
      parts.forEach(([reason, gap, length], i) => {
        const from = t + gap * MINUTE
        const to = from + length * MINUTE
        out.push(lastOpen && i === parts.length - 1 ? { reason, from } : { reason, from, to })
        t = to
      })
      return out
    })
}

/**
 * A clock history for a calendar: a receipt instant from {@link instant} and
 * {@link suspensions} after it (no answer).
 *
 * @since 0.1.0
 * @category clocks
 */
export const clock = (cal: Calendar.Calendar, options: ClockOptions & Pick<CalendarOptions, "years"> = {}): fc.Arbitrary<Sla.Clock> =>
  instant(cal, options).chain((receivedAt) => suspensions(receivedAt, options).map((s) => ({ receivedAt, suspensions: s })))

/**
 * Wraps a value so that fast-check prints every instant in it as local ISO time of the zone
 * (e.g. `2027-03-28T03:00:00+02:00`) in counterexamples.
 *
 * @since 0.1.0
 * @category readability
 */
export const readable = <A extends object>(timeZone: string, value: A): A =>
  Object.defineProperty({ ...value }, fc.toStringMethod, { value: () => describeValue(timeZone, value), enumerable: false })

// -----------------------------------------------------------------------------
// Policies
// -----------------------------------------------------------------------------

/**
 * Options of {@link policyVersion}.
 *
 * @since 0.1.0
 * @category models
 */
export interface PolicyOptions {
  readonly id?: string
  readonly from?: string
  /** Channels whose terms may be overridden (default: the charter's seven). */
  readonly channels?: ReadonlyArray<Channel.Definition>
}

/**
 * A policy version (B4, B1): the charter's with random overrides of the terms matrix, rules
 * per suspension reason, the suspendable threshold, the reopen window, the at-risk share and
 * the attachment limits — always one `Policy.make` accepts.
 *
 * @since 0.1.0
 * @category policies
 */
export const policyVersion = (options: PolicyOptions = {}): fc.Arbitrary<Policy.Version> => {
  const chs = options.channels ?? Channel.builtIn
  const override = fc.dictionary(
    fc.constantFrom(...chs.map((c) => c.id)),
    fc.dictionary(complexity, term({ maxServiceMinutes: 5 * 9 * 60 }), { maxKeys: 2 }),
    { maxKeys: 3 }
  )
  return fc
    .record({
      terms: fc.oneof(fc.constant({}), override),
      suspension: suspensionPolicy(),
      suspendableFromDays: fc.constantFrom(40, 30, 7),
      reopenWindowDays: fc.integer({ min: 0, max: 60 }),
      atRiskShare: fc.constantFrom(0.5, 0.75, 0.8, 0.9, 1),
      maxCount: fc.integer({ min: 0, max: 10 }),
      maxBytes: fc.constantFrom(1024 * 1024, 10 * 1024 * 1024),
      maxTotalBytes: fc.constantFrom(5 * 1024 * 1024, 25 * 1024 * 1024)
    })
    .map(({ maxBytes, maxCount, maxTotalBytes, ...rest }): Policy.Version => ({
      ...Policy.charter,
      ...rest,
      id: options.id ?? "policy-under-test",
      from: options.from ?? Policy.charter.from,
      attachments: { ...Policy.charter.attachments, maxBytes, maxCount, maxTotalBytes }
    }))
}

/**
 * A policy book of one to three versions with increasing start dates (the first from
 * 2020-01-01, later ones in the given years, default 2026–2029).
 *
 * @since 0.1.0
 * @category policies
 */
export const policyBook = (options: { readonly years?: readonly [number, number] } = {}): fc.Arbitrary<Policy.Book> => {
  const [fromYear, toYear] = options.years ?? [2026, 2029]
  return fc.uniqueArray(localDate(fromYear, toYear), { maxLength: 2 }).chain((dates) => {
    const froms = ["2020-01-01", ...[...dates].sort()]
    return fc.tuple(...froms.map((from, i) => policyVersion({ id: `policy-v${i + 1}`, from }))).map((versions) => {
      const book = Policy.make(versions)
      if (Result.isFailure(book)) throw book.failure
      return book.success
    })
  })
}

// -----------------------------------------------------------------------------
// Commands and histories
// -----------------------------------------------------------------------------

/**
 * Who issues commands in generated sequences.
 *
 * @since 0.1.0
 * @category commands
 */
export const actor: fc.Arbitrary<TicketEvent.Actor> = fc.oneof(
  { arbitrary: fc.constantFrom("op-1", "op-2", "op-17").map((id) => ({ _tag: "Operator" as const, id })), weight: 6 },
  { arbitrary: fc.constantFrom("volontariato", "incendi").map((id) => ({ _tag: "Office" as const, id })), weight: 1 },
  { arbitrary: fc.constant({ _tag: "System" as const, component: "timers" }), weight: 1 }
)

/**
 * Options of {@link command}.
 *
 * @since 0.1.0
 * @category models
 */
export interface CommandOptions {
  /** Suspension reasons to use (default: the charter's two, and one the policy does not know). */
  readonly reasons?: ReadonlyArray<string>
  /** Codes of other tickets, for merges and duplicates (default: one fixed code). */
  readonly others?: ReadonlyArray<TicketCode.TicketCode>
}

const otherTicket = TicketCode.fromValues([4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4])

/**
 * A command for a received ticket (every kind but `Receive`), with values that are valid
 * often enough for the decider to accept a good share of them, and wrong enough now and then
 * to be refused.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = (options: CommandOptions = {}): fc.Arbitrary<TicketCommand.TicketCommand> => {
  const reasons = options.reasons ?? [...Object.keys(Sla.defaultSuspensionPolicy), ...Object.keys(Sla.defaultSuspensionPolicy), "unknown-reason"]
  const others = options.others ?? [otherTicket]
  const office = fc.constantFrom("volontariato", "incendi")
  const language = fc.oneof({ arbitrary: fc.constantFrom("it", "en"), weight: 5 }, { arbitrary: fc.constant("fr"), weight: 1 })
  const note = fc.option(fc.constantFrom("telefonata del cittadino", "vedi protocollo 1234/2027", "sollecito"), { nil: undefined })
  const operator = fc.constantFrom("op-1", "op-2", "op-17")
  const w = <A>(arbitrary: fc.Arbitrary<A>, weight: number): fc.WeightedArbitrary<A> => ({ arbitrary, weight })
  return fc.oneof(
    w(fc.tuple(actor, replyKind, fc.constantFrom<ReadonlyArray<string>>(["it"], ["en"], ["it", "en"])).map(([by, via, languages]) => ({ _tag: "Acknowledge" as const, by, via, languages, template: "received" as const })), 2),
    w(fc.tuple(actor, language).map(([by, l]) => ({ _tag: "ResolveLanguage" as const, by, language: l })), 2),
    w(fc.tuple(actor, complexity, fc.option(topic, { nil: undefined }), note).map(([by, c, t, why]) => ({ _tag: "Classify" as const, by, complexity: c, ...(t === undefined ? {} : { topic: t }), ...(why === undefined ? {} : { why }) })), 5),
    w(fc.tuple(actor, fc.option(fc.constantFrom<Routing.Route>({ _tag: "Desk", priority: "normal" }, { _tag: "Office", office: "volontariato", priority: "normal" }, { _tag: "External", body: "comune" }), { freq: 3, nil: undefined })).map(([by, route]) => ({ _tag: "Route" as const, by, ...(route === undefined ? {} : { route }) })), 1),
    w(fc.tuple(actor, operator).map(([by, op]) => ({ _tag: "Assign" as const, by, operator: op })), 2),
    w(fc.tuple(actor, office).map(([by, o]) => ({ _tag: "ConsultOffice" as const, by, office: o })), 2),
    w(fc.tuple(actor, office).map(([by, o]) => ({ _tag: "RecordOfficeReply" as const, by, office: o })), 3),
    w(fc.tuple(actor, fc.constantFrom(...reasons), note).map(([by, reason, evidence]) => ({ _tag: "Suspend" as const, by, reason, ...(evidence === undefined ? {} : { evidence }) })), 5),
    w(fc.tuple(fc.constantFrom(...Channel.builtIn.map((c) => c.id)), note).map(([via, evidence]) => ({ _tag: "Resume" as const, by: { _tag: "Requester" as const }, via, ...(evidence === undefined ? {} : { evidence }) })), 4),
    w(fc.tuple(actor, replyKind, language, fc.option(fc.uuid(), { nil: undefined })).map(([by, via, l, ref]) => ({ _tag: "Answer" as const, by, via, language: l, ...(ref === undefined ? {} : { messageRef: ref }) })), 2),
    w(fc.tuple(actor, fc.oneof({ arbitrary: fc.constant<TicketEvent.Outcome>("withdrawn"), weight: 4 }, { arbitrary: outcome, weight: 1 }), note).map(([by, o, n]) => ({ _tag: "Close" as const, by, outcome: o, ...(n === undefined ? {} : { note: n }) })), 1),
    w(fc.constant({ _tag: "ExpireDocumentsWait" as const, by: { _tag: "System" as const, component: "timers" } }), 2),
    w(fc.tuple(actor, fc.constantFrom("nuovi elementi", "il cittadino non ha ricevuto la risposta", "new information")).map(([by, why]) => ({ _tag: "Reopen" as const, by, why })), 3),
    w(fc.tuple(actor, fc.constantFrom(...others)).map(([by, target]) => ({ _tag: "MergeInto" as const, by, target })), 1),
    w(fc.tuple(actor, fc.constantFrom(...others)).map(([by, duplicate]) => ({ _tag: "AttachDuplicate" as const, by, duplicate })), 1),
    w(fc.tuple(actor, fc.oneof(fc.constantFrom("chiamato il cittadino", "in attesa del tecnico"), unusualText)).map(([by, text]) => ({ _tag: "AddNote" as const, by, text })), 2),
    w(fc.tuple(actor, fc.constantFrom("allerta-meteo-2027-03", "questionario-2027"), fc.constantFrom("sms" as const, "email" as const)).map(([by, campaign, via]) => ({ _tag: "Contact" as const, by, campaign, via })), 2),
    w(fc.constant({ _tag: "ErasePersonalData" as const, by: { _tag: "System" as const, component: "retention" } }), 1)
  )
}

/**
 * How far the clock moves before a command: minutes mostly, days sometimes (so that
 * auto-close limits and reopen windows are reached).
 *
 * @since 0.1.0
 * @category commands
 */
export const advance: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 180 }).map((m) => m * MINUTE), weight: 5 },
  { arbitrary: fc.integer({ min: 1, max: 20 }).map((d) => d * DAY), weight: 1 },
  { arbitrary: fc.integer({ min: 38, max: 62 }).map((d) => d * DAY), weight: 1 }
)

/**
 * A command with the time that passes before it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Step {
  readonly command: TicketCommand.TicketCommand
  readonly advance: number
}

/**
 * A sequence of commands (after the `Receive`), each with the time that passes before it.
 *
 * @since 0.1.0
 * @category commands
 */
export const steps = (options: CommandOptions & { readonly maxLength?: number } = {}): fc.Arbitrary<ReadonlyArray<Step>> =>
  fc.array(fc.record({ command: command(options), advance }), { maxLength: options.maxLength ?? 30 })

/**
 * A ticket's history produced by the decider: a `Receive` at a random instant through a
 * random channel, then random commands; the refused ones leave no trace. Every history is one
 * `decide` can produce, which is what a store must keep.
 *
 * @since 0.1.0
 * @category models
 */
export interface History {
  readonly code: TicketCode.TicketCode
  readonly events: ReadonlyArray<TicketEvent.TicketEvent>
  /** The batches of events, one per accepted command, as they would be appended. */
  readonly batches: ReadonlyArray<ReadonlyArray<TicketEvent.TicketEvent>>
  readonly state: Ticket.State
  readonly idempotencyKey?: string
}

/**
 * Options of {@link history}.
 *
 * @since 0.1.0
 * @category models
 */
export interface HistoryOptions extends CommandOptions {
  /** Calendar, policies and channels (default: the Department's). */
  readonly env?: Ticket.Environment
  readonly maxLength?: number
  /** Receipt between these years (default 2026–2029). */
  readonly years?: readonly [number, number]
}

/**
 * The Department's environment: default calendar, policy book and channel registry.
 *
 * @since 0.1.0
 * @category commands
 */
export const departmentEnvironment: Ticket.Environment = {
  calendar: Calendar.departmentDefault,
  policies: Policy.departmentDefault,
  channels: Channel.defaultRegistry
}

/**
 * Replays steps through the decider from a `Receive` at `receivedAt`: the accepted batches
 * and the final state (refused commands are skipped).
 *
 * @since 0.1.0
 * @category commands
 */
export const replay = (
  receiveCommand: TicketCommand.TicketCommand,
  receivedAt: number,
  stepList: ReadonlyArray<Step>,
  env: Ticket.Environment = departmentEnvironment
): { readonly batches: ReadonlyArray<ReadonlyArray<TicketEvent.TicketEvent>>; readonly state: Ticket.State } => {
  const batches: Array<ReadonlyArray<TicketEvent.TicketEvent>> = []
  let state: Ticket.State = Ticket.unreceived
  let now = receivedAt
  for (const step of [{ command: receiveCommand, advance: 0 }, ...stepList]) {
    now += step.advance
    const result = Decider.run(step.command, state, { ...env, now })
    if (Result.isSuccess(result)) {
      state = result.success.state
      batches.push(result.success.events)
    }
  }
  return { batches, state }
}

/**
 * A history produced by the decider (see {@link History}).
 *
 * @since 0.1.0
 * @category commands
 */
export const history = (options: HistoryOptions = {}): fc.Arbitrary<History> => {
  const env = options.env ?? departmentEnvironment
  const [fromYear, toYear] = options.years ?? [2026, 2029]
  const chs = [...env.channels.channels.values()]
  return fc
    .tuple(
      fc.constantFrom(...chs).chain((ch) => receive(ch, { policy: Policy.inForce(env.policies, `${fromYear}-01-01`) })),
      fc.integer({ min: Date.UTC(fromYear, 0, 1) / MINUTE, max: Date.UTC(toYear, 11, 31) / MINUTE }).map((m) => m * MINUTE),
      steps(options)
    )
    .map(([rc, receivedAt, stepList]) => {
      const { batches, state } = replay(rc, receivedAt, stepList, env)
      return readable(env.calendar.timeZone, {
        code: rc.code,
        events: batches.flat(),
        batches,
        state,
        ...(rc.idempotencyKey === undefined ? {} : { idempotencyKey: rc.idempotencyKey })
      })
    })
}

/**
 * Every schema a generated command or event must satisfy, for checks that the hand-written
 * arbitraries stay within core's models.
 *
 * @since 0.1.0
 * @category schemas
 */
export const schemas = {
  requester: Requester.Requester,
  content: Request.Content,
  attachment: Request.Attachment,
  command: TicketCommand.TicketCommand,
  event: TicketEvent.TicketEvent,
  term: Sla.Term,
  calendarInput: Calendar.CalendarInput,
  ticketCode: TicketCode.TicketCode
} as const
