/**
 * The words of the pages, in Italian and English, in plain language. Every text a page shows
 * comes from here, so the English catalogue is checked against the Italian one by the compiler.
 */

/** The languages of the pages. */
export type Lang = "it" | "en"

/** Both languages, Italian first (the service's language). */
export const langs: ReadonlyArray<Lang> = ["it", "en"]

/** A language from a path segment or a header; Italian when unknown. */
export const parseLang = (value: string | undefined): Lang => (value === "en" ? "en" : "it")

const it = {
  lang: "it",
  otherLang: "en" as Lang,
  otherLangName: "English",
  languageLabel: "Lingua",
  owner: "Dipartimento della Protezione Civile",
  siteName: "Contact Center",
  tagline: "Informazioni, segnalazioni e proposte",
  skipToContent: "Vai al contenuto",
  mainMenu: "Menu principale",
  nav: {
    form: "Scrivici",
    status: "Stato della richiesta",
    transparency: "Trasparenza",
    console: "Area operatori"
  },
  emergencyBanner: "Modalità emergenza attiva: il Contact Center lavora 24 ore su 24.",
  notEmergency: {
    title: "Questo non è un servizio di emergenza",
    body: "Se c'è un pericolo in corso chiami subito:",
    n112: "112, numero unico di emergenza",
    n115: "115, Vigili del Fuoco",
    n118: "118, emergenza sanitaria"
  },
  footer: {
    about: "Un esempio di Sportello, software libero (licenza EUPL-1.2). I dati di questa demo sono inventati.",
    dev: "Ambiente di prova: nessun messaggio viene davvero inviato.",
    api: "API HTTP (documento OpenAPI)"
  },
  form: {
    title: "Scrivi al Contact Center",
    intro:
      "Può chiederci informazioni, fare una segnalazione o una proposta. Le risponderemo per e-mail entro 7 giorni; se la domanda richiede verifiche, entro 40 giorni.",
    required: "I campi con l'asterisco (*) sono obbligatori.",
    aboutYou: "Chi scrive",
    firstName: "Nome",
    lastName: "Cognome",
    email: "E-mail",
    emailHint: "Le risponderemo a questo indirizzo.",
    phone: "Telefono (facoltativo)",
    phoneHint: "Solo se preferisce essere richiamato. Per esempio: +39 333 1234567",
    yourRequest: "La sua richiesta",
    kind: "Di che cosa si tratta?",
    kinds: { information: "Una domanda", report: "Una segnalazione", proposal: "Una proposta" },
    subject: "Oggetto (facoltativo)",
    text: "Testo della richiesta",
    textHint: "Scriva con parole sue; al massimo 5.000 caratteri.",
    attachments: "Allegati (facoltativi)",
    attachmentsHint:
      "Fino a 10 file, al massimo 10 MB l'uno e 25 MB in tutto. Formati: PDF, JPEG, PNG, TIFF, testo, Word, OpenDocument.",
    privacy: "Useremo i suoi dati solo per rispondere a questa richiesta.",
    submit: "Invia la richiesta",
    errorSummary: "Controlli questi campi",
    errors: {
      firstName: "Scriva il nome",
      lastName: "Scriva il cognome",
      email: "Scriva l'indirizzo e-mail",
      emailInvalid: "Scriva un indirizzo e-mail come nome@esempio.it",
      phoneInvalid: "Scriva il numero con sole cifre e spazi, con un + iniziale se serve",
      text: "Scriva la sua richiesta",
      kind: "Scelga il tipo di richiesta",
      tooLong: (max: number) => `Al massimo ${max.toLocaleString("it-IT")} caratteri`,
      uploadTooLarge:
        "I file allegati superano insieme i 25 MB, quindi la richiesta non è stata inviata. Riduca i file o ne alleghi meno, poi la scriva di nuovo.",
      unreadable: "Non siamo riusciti a leggere il modulo. Lo compili di nuovo, per favore."
    }
  },
  ack: {
    title: "Richiesta ricevuta",
    codeLabel: "Codice della richiesta",
    keepCode:
      "Conservi questo codice: le serve per conoscere lo stato della richiesta, su questo sito o al numero verde.",
    checkLink: "Controlla lo stato della richiesta",
    answerBy: (date: string) => `Le risponderemo entro il ${date}.`,
    confirmationSent: (email: string) => `Le abbiamo inviato una conferma all'indirizzo ${email}.`,
    alreadyReceived: "Avevamo già ricevuto questa richiesta: il codice è lo stesso.",
    summary: "Riepilogo di quanto ha inviato",
    name: "Nome e cognome",
    attachmentsReceived: "Allegati ricevuti",
    attachmentsRefused: "Allegati non accettati",
    refusal: {
      channel: "questo canale non accetta allegati",
      "media-type": "formato non accettato",
      size: "file troppo grande (oltre 10 MB)",
      count: "troppi file (al massimo 10)",
      "total-size": "i file insieme superano 25 MB"
    } as Record<string, string>,
    emergency:
      "Dal testo sembra che possa trattarsi di un'emergenza. Se c'è un pericolo in corso chiami subito il 112.",
    another: "Scrivi un'altra richiesta"
  },
  status: {
    title: "Stato della richiesta",
    intro:
      "Scriva il codice che ha ricevuto e le diremo a che punto è la sua richiesta. Questa pagina non mostra dati personali.",
    code: "Codice della richiesta",
    codeHint: "15 caratteri, per esempio 7QK-M4T-2ZP-9XW-H3D. Maiuscole, minuscole e trattini non contano.",
    submit: "Cerca",
    codeRequired: "Scriva il codice",
    notFound: "Non troviamo nessuna richiesta con questo codice: lo controlli e riprovi.",
    rateLimited: (seconds: number) => `Troppe ricerche in poco tempo: riprovi fra ${seconds} secondi.`,
    resultTitle: (code: string) => `Richiesta ${code}`,
    state: "Stato",
    channel: "Ricevuta tramite",
    receivedOn: "Ricevuta il",
    lastUpdateOn: "Ultimo aggiornamento",
    expectedAnswerBy: "Risposta prevista entro il",
    pausedSince: "In attesa dal",
    outcome: "Esito",
    closedOn: "Chiusa il"
  },
  states: {
    "in-progress": "In lavorazione",
    "awaiting-documents": "In attesa di documenti da parte sua",
    "awaiting-administration": "In attesa del parere di un'altra amministrazione",
    suspended: "Sospesa",
    closed: "Chiusa"
  } as Record<string, string>,
  outcomes: {
    answered: "Risposta inviata",
    forwarded: "Inoltrata all'ufficio competente del Dipartimento",
    redirected: "Indirizzata all'ente competente",
    "unanswerable-no-reply-address": "Chiusa: nessun recapito a cui rispondere",
    "unsupported-language": "Chiusa: lingua non gestita",
    "documents-not-received": "Chiusa: documenti non ricevuti",
    duplicate: "Unita a un'altra richiesta",
    withdrawn: "Ritirata"
  } as Record<string, string>,
  channels: {
    phone: "Numero verde",
    voicemail: "Segreteria telefonica",
    "web-form": "Modulo online",
    email: "E-mail",
    pec: "PEC",
    fax: "Fax",
    letter: "Lettera"
  } as Record<string, string>,
  replyKinds: { email: "e-mail", pec: "PEC", postal: "posta", fax: "fax", phone: "telefono" } as Record<string, string>,
  transparency: {
    title: "Trasparenza: come rispondiamo",
    intro:
      "Questi numeri sono calcolati dalle richieste registrate e cambiano con loro. Non contengono dati personali.",
    totals: "In sintesi",
    received: "Richieste ricevute",
    open: "Aperte",
    closed: "Chiuse",
    onTimeRate: "Risposte nei tempi",
    medianTime: "Tempo mediano di risposta",
    byChannelTitle: "Richieste per canale, aperte e chiuse",
    byChannelDesc: (total: number, top: string) =>
      `Barre orizzontali: per ogni canale, le richieste chiuse e quelle aperte. In tutto ${total} richieste; il canale più usato è ${top}.`,
    byMonthTitle: "Richieste ricevute per mese",
    byMonthDesc: (months: number, max: string) =>
      `Colonne: per ciascuno degli ultimi ${months} mesi, le richieste ricevute, divise in chiuse e aperte. Il mese con più richieste è ${max}.`,
    onTimeTitle: "Quota di risposte nei tempi, per mese",
    onTimeDesc: (last: string) => `Colonne: per ogni mese, la percentuale di richieste a cui abbiamo risposto entro la scadenza. Ultimo mese: ${last}.`,
    onTimeExplained:
      "Una richiesta è nei tempi se ha avuto risposta, o è stata inoltrata a chi è competente, prima della scadenza della Carta dei servizi. È in ritardo se ha avuto risposta dopo, o se la scadenza è passata mentre era ancora aperta.",
    download: "Scarica i dati per mese (CSV)",
    tableByChannel: "Richieste per canale",
    tableByMonth: "Richieste e tempi di risposta per mese",
    channel: "Canale",
    month: "Mese",
    judged: "Con scadenza già valutabile",
    onTime: "Nei tempi",
    share: "Quota nei tempi",
    median: "Tempo mediano",
    noData: "nessun dato",
    legendClosed: "Chiuse",
    legendOpen: "Aperte",
    legendOnTime: "Nei tempi",
    days: (d: number) => (d === 1 ? "1 giorno" : `${d.toLocaleString("it-IT", { maximumFractionDigits: 1 })} giorni`),
    hours: (h: number) => (h === 1 ? "1 ora" : `${h.toLocaleString("it-IT", { maximumFractionDigits: 1 })} ore`)
  },
  console: {
    signInTitle: "Accesso operatori",
    token: "Token di accesso",
    tokenHint: "In questa demo il token è scritto nel terminale all'avvio del server.",
    signIn: "Accedi",
    wrongToken: "Questo token non è valido.",
    signOut: "Esci",
    signedInAs: (id: string) => `Operatore ${id}`,
    menu: "Menu dell'area operatori",
    worklist: "Pratiche",
    outbox: "Posta in uscita",
    worklistTitle: "Pratiche da lavorare",
    worklistIntro: "In ordine di scadenza: prima le urgenti, poi quelle che scadono prima.",
    counts: "Riepilogo",
    countOpen: "Aperte",
    countAtRisk: "In scadenza",
    countBreached: "Scadute",
    countPaused: "In attesa",
    code: "Codice",
    channel: "Canale",
    received: "Ricevuta",
    queue: "Coda",
    status: "Stato",
    due: "Scadenza",
    timing: "Tempi",
    none: "Nessuna pratica aperta.",
    sla: {
      onTime: "Nei tempi",
      atRisk: "In scadenza",
      breached: "Scaduta",
      paused: "In pausa",
      noDeadline: "Senza scadenza",
      urgent: "Urgente"
    },
    ticketStatus: { open: "Aperta", suspended: "Sospesa", closed: "Chiusa" } as Record<string, string>,
    desk: "Sportello",
    emergencyTitle: "Modalità emergenza",
    emergencyOff: "Spenta: il servizio segue il calendario ordinario.",
    emergencyOn: (since: string) =>
      `Attiva dal ${since}: il servizio lavora 24 ore su 24 e le scadenze si contano anche di notte e nei giorni festivi.`,
    emergencyNote: "Nota (facoltativa)",
    emergencyDeclare: "Attiva la modalità emergenza",
    emergencyEnd: "Termina la modalità emergenza",
    emergencyDeclared: "Modalità emergenza attivata.",
    emergencyEnded: "Modalità emergenza terminata.",
    badRequest: "La richiesta non è valida: ricarichi la pagina e riprovi.",
    forbidden: "Il suo ruolo non permette questa azione."
  },
  ticket: {
    title: (code: string) => `Pratica ${code}`,
    back: "Torna alle pratiche",
    notFound: "Non c'è nessuna pratica con questo codice.",
    request: "Richiesta",
    requester: "Richiedente",
    kinds: { citizen: "Cittadino", institution: "Istituzione", organisation: "Organizzazione", company: "Impresa" } as Record<
      string,
      string
    >,
    contacts: "Recapiti",
    kind: "Tipo",
    requestKinds: { information: "Domanda", report: "Segnalazione", proposal: "Proposta" } as Record<string, string>,
    subject: "Oggetto",
    text: "Testo",
    attachments: "Allegati",
    noAttachments: "Nessuno",
    download: (name: string) => `Scarica ${name}`,
    erased: "Dati personali cancellati",
    deadline: "Scadenza",
    answerBy: "Da rispondere entro il",
    pausedSince: (date: string, reason: string) => `Termine sospeso dal ${date} (${reason}).`,
    noDeadline: "Nessuna scadenza.",
    closedOn: (date: string, outcome: string) => `Chiusa il ${date}: ${outcome}.`,
    why: "Perché questa scadenza",
    complexity: "Complessità",
    complexities: {
      "knowledge-base": "Risposta dalla base di conoscenza",
      "quick-search": "Ricerca rapida",
      complex: "Complessa"
    } as Record<string, string>,
    actions: "Azioni",
    answer: "Rispondi",
    answerText: "Testo della risposta",
    answerLanguage: "Lingua della risposta",
    answerSubmit: "Invia la risposta",
    answerTo: (to: string) => `La risposta sarà inviata a: ${to}.`,
    forward: "Inoltra a un ufficio o a un ente",
    forwardTo: "Destinatario",
    offices: "Uffici del Dipartimento",
    externalBodies: "Enti esterni",
    forwardSubmit: "Inoltra",
    classify: "Classifica",
    why_: "Motivo (facoltativo)",
    classifySubmit: "Salva la classificazione",
    requestDocuments: "Chiedi documenti al richiedente",
    documentsNeeded: "Quali documenti servono",
    requestDocumentsSubmit: "Chiedi i documenti",
    requestOpinion: "Chiedi il parere di un'altra amministrazione",
    opinionWhat: "A chi e su che cosa",
    requestOpinionSubmit: "Chiedi il parere",
    suspendHint: "Sospende il termine. Solo per le pratiche complesse (40 giorni).",
    resume: "Riprendi: è arrivato quello che aspettavamo",
    resumeVia: "Arrivato tramite",
    resumeEvidence: "Che cosa è arrivato (facoltativo)",
    resumeSubmit: "Riprendi la pratica",
    close: "Chiudi con un esito",
    outcome: "Esito",
    note: "Nota (facoltativa)",
    closeSubmit: "Chiudi la pratica",
    addNote: "Aggiungi una nota interna",
    noteText: "Nota",
    addNoteSubmit: "Aggiungi la nota",
    reopen: "Riapri la pratica",
    reopenWhy: "Perché la riapri",
    reopenSubmit: "Riapri",
    done: "Fatto: la pratica è aggiornata.",
    refused: "L'azione non è stata eseguita",
    history: "Storia della pratica",
    when: "Quando",
    what: "Che cosa",
    who: "Chi"
  },
  events: {
    Received: (channel: string) => `Ricevuta tramite ${channel}`,
    Acknowledged: (via: string) => `Conferma di ricezione inviata per ${via}`,
    LanguageResolved: (language: string) => `Lingua decisa: ${language}`,
    Classified: (complexity: string) => `Classificata: ${complexity}`,
    RoutedDesk: "Assegnata allo sportello",
    RoutedOffice: (office: string) => `Inoltrata all'ufficio ${office}`,
    RoutedExternal: (body: string) => `Indirizzata all'ente ${body}`,
    Assigned: (operator: string) => `Assegnata all'operatore ${operator}`,
    OfficeConsulted: (office: string) => `Chiesto parere all'ufficio ${office}`,
    OfficeReplied: (office: string) => `L'ufficio ${office} ha risposto`,
    Suspended: (reason: string) => `Termine sospeso: ${reason}`,
    Resumed: (channel: string) => `Ripresa: arrivato tramite ${channel}`,
    Answered: (via: string) => `Risposta inviata per ${via}`,
    Closed: (outcome: string) => `Chiusa: ${outcome}`,
    Reopened: (why: string) => `Riaperta: ${why}`,
    MergedInto: (code: string) => `Unita alla pratica ${code}`,
    DuplicateAttached: (code: string) => `Unita a questa la pratica ${code}`,
    NoteAdded: (text: string) => `Nota: ${text}`,
    PersonalDataErased: "Dati personali cancellati"
  },
  refusals: {
    closed: "la pratica è chiusa",
    suspended: "la pratica è sospesa: registri prima quello che è arrivato (Riprendi)",
    "not-suspended": "la pratica non è sospesa",
    "suspension-not-allowed": "si può sospendere solo una pratica complessa (40 giorni): la classifichi prima come complessa",
    "nothing-to-change": "non c'è niente da cambiare",
    "reopen-window-elapsed": "è passato il tempo entro cui si può riaprire",
    "language-not-supported": "le risposte si scrivono in italiano o in inglese",
    "outcome-not-allowed": "questo esito si registra con la sua azione (rispondi, inoltra)"
  } as Record<string, string>,
  reasons: {
    "awaiting-documents": "documenti richiesti al richiedente",
    "awaiting-administration": "parere di un'altra amministrazione"
  } as Record<string, string>,
  actors: {
    Operator: (id: string) => `Operatore ${id}`,
    Office: (id: string) => `Ufficio ${id}`,
    System: (component: string) => `Sistema (${component})`,
    Requester: "Richiedente"
  },
  outbox: {
    title: "Posta in uscita (sviluppo)",
    intro:
      "In sviluppo nulla viene davvero inviato: le e-mail e gli SMS che il Contact Center spedirebbe finiscono qui. I messaggi partono ogni pochi secondi, oppure subito con il pulsante.",
    deliverNow: "Consegna ora",
    delivered: (sent: number) => `Consegnati ${sent} messaggi.`,
    mail: "E-mail e PEC consegnate",
    sms: "SMS consegnati",
    pending: "In attesa o da inviare a mano",
    none: "Nessun messaggio.",
    to: "Destinatario",
    subject: "Oggetto",
    text: "Testo",
    ticket: "Pratica",
    state: "Stato",
    states: { Pending: "In attesa", DeadLetter: "Da inviare a mano", Sent: "Consegnato" } as Record<string, string>,
    showText: "Mostra il testo",
    latest: (n: number) => `Qui sotto i ${n} più recenti.`
  },
  errors: {
    notFoundTitle: "Pagina non trovata",
    notFound: "La pagina che cerca non esiste o è stata spostata.",
    home: "Vai alla pagina iniziale",
    serverTitle: "Qualcosa non ha funzionato",
    server: "Non è colpa sua: riprovi fra qualche minuto."
  }
}

/** The catalogue of one language. */
export type Messages = typeof it

const en: Messages = {
  lang: "en",
  otherLang: "it",
  otherLangName: "Italiano",
  languageLabel: "Language",
  owner: "Civil Protection Department",
  siteName: "Contact Center",
  tagline: "Information, reports and proposals",
  skipToContent: "Skip to content",
  mainMenu: "Main menu",
  nav: {
    form: "Write to us",
    status: "Check a request",
    transparency: "Transparency",
    console: "Operators"
  },
  emergencyBanner: "Emergency mode is on: the Contact Center is working round the clock.",
  notEmergency: {
    title: "This is not an emergency service",
    body: "If there is danger now, call at once:",
    n112: "112, European emergency number",
    n115: "115, Fire and Rescue",
    n118: "118, medical emergencies"
  },
  footer: {
    about: "A Sportello example, free software (EUPL-1.2 licence). The data in this demo is made up.",
    dev: "Test environment: no message is really sent.",
    api: "HTTP API (OpenAPI document)"
  },
  form: {
    title: "Write to the Contact Center",
    intro:
      "You can ask us for information, report something or make a proposal. We answer by e-mail within 7 days; if your question needs checking, within 40 days.",
    required: "Fields marked with an asterisk (*) are required.",
    aboutYou: "About you",
    firstName: "First name",
    lastName: "Last name",
    email: "E-mail",
    emailHint: "We will answer to this address.",
    phone: "Phone (optional)",
    phoneHint: "Only if you would rather be called back. For example: +39 333 1234567",
    yourRequest: "Your request",
    kind: "What is it about?",
    kinds: { information: "A question", report: "A report", proposal: "A proposal" },
    subject: "Subject (optional)",
    text: "Your message",
    textHint: "In your own words; at most 5,000 characters.",
    attachments: "Attachments (optional)",
    attachmentsHint:
      "Up to 10 files, at most 10 MB each and 25 MB in total. Formats: PDF, JPEG, PNG, TIFF, text, Word, OpenDocument.",
    privacy: "We use your details only to answer this request.",
    submit: "Send your request",
    errorSummary: "Please check these fields",
    errors: {
      firstName: "Enter your first name",
      lastName: "Enter your last name",
      email: "Enter your e-mail address",
      emailInvalid: "Enter an e-mail address like name@example.com",
      phoneInvalid: "Enter the number with digits and spaces only, with a leading + if needed",
      text: "Write your request",
      kind: "Choose what your request is about",
      tooLong: (max: number) => `At most ${max.toLocaleString("en-GB")} characters`,
      uploadTooLarge:
        "The attached files are larger than 25 MB together, so your request was not sent. Make the files smaller or attach fewer, then write it again.",
      unreadable: "We could not read the form. Please fill it in again."
    }
  },
  ack: {
    title: "Request received",
    codeLabel: "Your request code",
    keepCode: "Keep this code: you need it to check your request, on this website or on the toll-free line.",
    checkLink: "Check your request",
    answerBy: (date: string) => `We will answer by ${date}.`,
    confirmationSent: (email: string) => `We sent a confirmation to ${email}.`,
    alreadyReceived: "We had already received this request: the code is the same.",
    summary: "Summary of what you sent",
    name: "Name",
    attachmentsReceived: "Attachments received",
    attachmentsRefused: "Attachments not accepted",
    refusal: {
      channel: "this channel does not take attachments",
      "media-type": "format not accepted",
      size: "file too large (over 10 MB)",
      count: "too many files (10 at most)",
      "total-size": "the files together are over 25 MB"
    },
    emergency: "Your message reads like an emergency. If there is danger now, call 112 at once.",
    another: "Write another request"
  },
  status: {
    title: "Check a request",
    intro: "Enter the code you received and we will tell you where your request stands. This page shows no personal details.",
    code: "Request code",
    codeHint: "15 characters, like 7QK-M4T-2ZP-9XW-H3D. Capitals, small letters and dashes do not matter.",
    submit: "Look up",
    codeRequired: "Enter the code",
    notFound: "We found no request with this code: check it and try again.",
    rateLimited: (seconds: number) => `Too many lookups in a short time: try again in ${seconds} seconds.`,
    resultTitle: (code: string) => `Request ${code}`,
    state: "State",
    channel: "Received through",
    receivedOn: "Received on",
    lastUpdateOn: "Last update",
    expectedAnswerBy: "Answer expected by",
    pausedSince: "Waiting since",
    outcome: "Outcome",
    closedOn: "Closed on"
  },
  states: {
    "in-progress": "Being handled",
    "awaiting-documents": "Waiting for documents from you",
    "awaiting-administration": "Waiting for another administration's opinion",
    suspended: "On hold",
    closed: "Closed"
  },
  outcomes: {
    answered: "Answered",
    forwarded: "Forwarded to the Department's competent office",
    redirected: "Sent on to the competent body",
    "unanswerable-no-reply-address": "Closed: no address to answer to",
    "unsupported-language": "Closed: language not handled",
    "documents-not-received": "Closed: documents not received",
    duplicate: "Merged with another request",
    withdrawn: "Withdrawn"
  },
  channels: {
    phone: "Toll-free line",
    voicemail: "Voicemail",
    "web-form": "Online form",
    email: "E-mail",
    pec: "Certified e-mail (PEC)",
    fax: "Fax",
    letter: "Letter"
  },
  replyKinds: { email: "e-mail", pec: "PEC", postal: "post", fax: "fax", phone: "phone" },
  transparency: {
    title: "Transparency: how we answer",
    intro: "These figures are computed from the registered requests and change with them. They contain no personal data.",
    totals: "At a glance",
    received: "Requests received",
    open: "Open",
    closed: "Closed",
    onTimeRate: "Answered on time",
    medianTime: "Median time to answer",
    byChannelTitle: "Requests by channel, open and closed",
    byChannelDesc: (total: number, top: string) =>
      `Horizontal bars: for each channel, the closed and the open requests. ${total} requests in all; the most used channel is ${top}.`,
    byMonthTitle: "Requests received by month",
    byMonthDesc: (months: number, max: string) =>
      `Columns: for each of the last ${months} months, the requests received, split into closed and open. The busiest month is ${max}.`,
    onTimeTitle: "Share answered on time, by month",
    onTimeDesc: (last: string) => `Columns: for each month, the percentage of requests we answered by their deadline. Last month: ${last}.`,
    onTimeExplained:
      "A request is on time when it was answered, or forwarded to whoever is competent, before the deadline of the service charter. It is late when it was answered after it, or when the deadline passed while it was still open.",
    download: "Download the figures by month (CSV)",
    tableByChannel: "Requests by channel",
    tableByMonth: "Requests and answer times by month",
    channel: "Channel",
    month: "Month",
    judged: "With a deadline to judge",
    onTime: "On time",
    share: "Share on time",
    median: "Median time",
    noData: "no data",
    legendClosed: "Closed",
    legendOpen: "Open",
    legendOnTime: "On time",
    days: (d: number) => (d === 1 ? "1 day" : `${d.toLocaleString("en-GB", { maximumFractionDigits: 1 })} days`),
    hours: (h: number) => (h === 1 ? "1 hour" : `${h.toLocaleString("en-GB", { maximumFractionDigits: 1 })} hours`)
  },
  console: {
    signInTitle: "Operator sign-in",
    token: "Access token",
    tokenHint: "In this demo the token is written in the terminal when the server starts.",
    signIn: "Sign in",
    wrongToken: "This token is not valid.",
    signOut: "Sign out",
    signedInAs: (id: string) => `Operator ${id}`,
    menu: "Operators' menu",
    worklist: "Tickets",
    outbox: "Outbox",
    worklistTitle: "Worklist",
    worklistIntro: "By due date: urgent first, then the earliest due.",
    counts: "Summary",
    countOpen: "Open",
    countAtRisk: "Due soon",
    countBreached: "Overdue",
    countPaused: "Waiting",
    code: "Code",
    channel: "Channel",
    received: "Received",
    queue: "Queue",
    status: "Status",
    due: "Due",
    timing: "Timing",
    none: "No open tickets.",
    sla: {
      onTime: "On time",
      atRisk: "Due soon",
      breached: "Overdue",
      paused: "Paused",
      noDeadline: "No deadline",
      urgent: "Urgent"
    },
    ticketStatus: { open: "Open", suspended: "Suspended", closed: "Closed" },
    desk: "Desk",
    emergencyTitle: "Emergency mode",
    emergencyOff: "Off: the service follows the ordinary calendar.",
    emergencyOn: (since: string) =>
      `On since ${since}: the service works round the clock and deadlines count nights and holidays too.`,
    emergencyNote: "Note (optional)",
    emergencyDeclare: "Turn emergency mode on",
    emergencyEnd: "Turn emergency mode off",
    emergencyDeclared: "Emergency mode is on.",
    emergencyEnded: "Emergency mode is off.",
    badRequest: "This request is not valid: reload the page and try again.",
    forbidden: "Your role does not allow this action."
  },
  ticket: {
    title: (code: string) => `Ticket ${code}`,
    back: "Back to the worklist",
    notFound: "There is no ticket with this code.",
    request: "Request",
    requester: "Requester",
    kinds: { citizen: "Citizen", institution: "Institution", organisation: "Organisation", company: "Company" },
    contacts: "Contacts",
    kind: "Kind",
    requestKinds: { information: "Question", report: "Report", proposal: "Proposal" },
    subject: "Subject",
    text: "Text",
    attachments: "Attachments",
    noAttachments: "None",
    download: (name: string) => `Download ${name}`,
    erased: "Personal data erased",
    deadline: "Deadline",
    answerBy: "Answer by",
    pausedSince: (date: string, reason: string) => `Term paused since ${date} (${reason}).`,
    noDeadline: "No deadline.",
    closedOn: (date: string, outcome: string) => `Closed on ${date}: ${outcome}.`,
    why: "Why this deadline",
    complexity: "Complexity",
    complexities: {
      "knowledge-base": "Answer from the knowledge base",
      "quick-search": "Quick search",
      complex: "Complex"
    },
    actions: "Actions",
    answer: "Answer",
    answerText: "Answer text",
    answerLanguage: "Language of the answer",
    answerSubmit: "Send the answer",
    answerTo: (to: string) => `The answer goes to: ${to}.`,
    forward: "Forward to an office or a body",
    forwardTo: "Send to",
    offices: "Department offices",
    externalBodies: "Other bodies",
    forwardSubmit: "Forward",
    classify: "Classify",
    why_: "Reason (optional)",
    classifySubmit: "Save the classification",
    requestDocuments: "Ask the requester for documents",
    documentsNeeded: "Which documents are needed",
    requestDocumentsSubmit: "Ask for the documents",
    requestOpinion: "Ask another administration for an opinion",
    opinionWhat: "Whom, and about what",
    requestOpinionSubmit: "Ask for the opinion",
    suspendHint: "Pauses the term. Complex tickets (40 days) only.",
    resume: "Resume: what we waited for has arrived",
    resumeVia: "Arrived through",
    resumeEvidence: "What arrived (optional)",
    resumeSubmit: "Resume the ticket",
    close: "Close with an outcome",
    outcome: "Outcome",
    note: "Note (optional)",
    closeSubmit: "Close the ticket",
    addNote: "Add an internal note",
    noteText: "Note",
    addNoteSubmit: "Add the note",
    reopen: "Reopen the ticket",
    reopenWhy: "Why you reopen it",
    reopenSubmit: "Reopen",
    done: "Done: the ticket is updated.",
    refused: "The action was not carried out",
    history: "History",
    when: "When",
    what: "What",
    who: "Who"
  },
  events: {
    Received: (channel: string) => `Received through ${channel}`,
    Acknowledged: (via: string) => `Acknowledgement sent by ${via}`,
    LanguageResolved: (language: string) => `Language decided: ${language}`,
    Classified: (complexity: string) => `Classified: ${complexity}`,
    RoutedDesk: "Routed to the desk",
    RoutedOffice: (office: string) => `Forwarded to the office ${office}`,
    RoutedExternal: (body: string) => `Sent on to ${body}`,
    Assigned: (operator: string) => `Assigned to operator ${operator}`,
    OfficeConsulted: (office: string) => `Office ${office} consulted`,
    OfficeReplied: (office: string) => `Office ${office} replied`,
    Suspended: (reason: string) => `Term paused: ${reason}`,
    Resumed: (channel: string) => `Resumed: arrived through ${channel}`,
    Answered: (via: string) => `Answer sent by ${via}`,
    Closed: (outcome: string) => `Closed: ${outcome}`,
    Reopened: (why: string) => `Reopened: ${why}`,
    MergedInto: (code: string) => `Merged into ticket ${code}`,
    DuplicateAttached: (code: string) => `Ticket ${code} merged into this one`,
    NoteAdded: (text: string) => `Note: ${text}`,
    PersonalDataErased: "Personal data erased"
  },
  refusals: {},
  reasons: {
    "awaiting-documents": "documents asked of the requester",
    "awaiting-administration": "another administration's opinion"
  },
  actors: {
    Operator: (id: string) => `Operator ${id}`,
    Office: (id: string) => `Office ${id}`,
    System: (component: string) => `System (${component})`,
    Requester: "Requester"
  },
  outbox: {
    title: "Outbox (development)",
    intro:
      "In development nothing is really sent: the e-mails and text messages the Contact Center would send land here. Messages leave every few seconds, or at once with the button.",
    deliverNow: "Deliver now",
    delivered: (sent: number) => `${sent} messages delivered.`,
    mail: "E-mail and PEC delivered",
    sms: "Text messages delivered",
    pending: "Waiting, or to be sent by hand",
    none: "No messages.",
    to: "To",
    subject: "Subject",
    text: "Text",
    ticket: "Ticket",
    state: "State",
    states: { Pending: "Waiting", DeadLetter: "Send by hand", Sent: "Delivered" },
    showText: "Show the text",
    latest: (n: number) => `The latest ${n} are below.`
  },
  errors: {
    notFoundTitle: "Page not found",
    notFound: "The page you are looking for does not exist or has moved.",
    home: "Go to the home page",
    serverTitle: "Something went wrong",
    server: "It is not your fault: try again in a few minutes."
  }
}

/** The catalogues. */
export const messages: Record<Lang, Messages> = { it, en }

const locale = (lang: Lang) => (lang === "it" ? "it-IT" : "en-GB")

/** A local date "YYYY-MM-DD" in words: "8 marzo 2027", "8 March 2027". */
export const formatDate = (lang: Lang, localDate: string): string => {
  const [y, m, d] = localDate.split("-").map(Number)
  if (y === undefined || m === undefined || d === undefined || Number.isNaN(y + m + d)) return localDate
  return new Intl.DateTimeFormat(locale(lang), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    Date.UTC(y, m - 1, d)
  )
}

/** An instant as a date and time of the service's time zone: "8 mar 2027, 10:15". */
export const formatDateTime = (lang: Lang, epochMs: number, timeZone: string): string =>
  new Intl.DateTimeFormat(locale(lang), { dateStyle: "medium", timeStyle: "short", timeZone }).format(epochMs)

/** A month "YYYY-MM" in words: "mar 2027", "Mar 2027". */
export const formatMonth = (lang: Lang, month: string, style: "short" | "long" = "short"): string => {
  const [y, m] = month.split("-").map(Number)
  if (y === undefined || m === undefined || Number.isNaN(y + m)) return month
  return new Intl.DateTimeFormat(locale(lang), { month: style, year: "numeric", timeZone: "UTC" }).format(Date.UTC(y, m - 1, 1))
}

/** A whole number with the language's grouping. */
export const formatNumber = (lang: Lang, n: number): string => n.toLocaleString(locale(lang))

/** A share 0..1 as a percentage: "87%". */
export const formatPercent = (lang: Lang, share: number): string =>
  new Intl.NumberFormat(locale(lang), { style: "percent", maximumFractionDigits: 0 }).format(share)

/** A duration in words, in days (or hours when under a day). */
export const formatDuration = (lang: Lang, ms: number): string => {
  const t = messages[lang].transparency
  const hours = ms / 3_600_000
  return hours < 24 ? t.hours(Math.round(hours * 10) / 10) : t.days(Math.round((hours / 24) * 10) / 10)
}
