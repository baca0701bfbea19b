/**
 * Intake through the engine: the web form of a citizen (name, e-mail, kind, subject, Italian
 * text, no declared language — so the language detector reads every request — no
 * attachments), each with a new submission id, through `Engine.submit` on the SQL ports: one
 * transaction per request with its events, status, worklist row, statistics fact, timers,
 * acknowledgement in the outbox and idempotency key.
 *
 * The engine is wired as production wires it (packages/cli `serve`, examples/contact-center,
 * `createSportello`): `Engine.layer()` with the department's defaults, `TicketCodes.layer`
 * (cryptographic codes) and `LanguageDetector.layer` (eld, the real detector).
 */
import { Engine, LanguageDetector, type StorageError, TicketCodes } from "@sportello/core"
import { Pglite, PgServer, Storage } from "@sportello/storage-postgres"
import { Effect, Layer } from "effect"
import type { SqlClient } from "effect/sql"

export const subjects: ReadonlyArray<readonly [string, string]> = [
  [
    "Piano di emergenza comunale",
    "Buongiorno, vorrei sapere dove posso trovare il piano di emergenza del mio comune e quali sono le aree di attesa " +
    "previste per il mio quartiere in caso di terremoto. Sul sito del comune non sono riuscita a trovarlo. Grazie per l'attenzione."
  ],
  [
    "Allerta meteo arancione",
    "Salve, domani è prevista un'allerta arancione per la mia provincia. Vorrei capire se le scuole resteranno chiuse e " +
    "quali comportamenti sono consigliati per chi abita al piano terra vicino al torrente. Cordiali saluti."
  ],
  [
    "Volontariato di protezione civile",
    "Gentili signori, sono uno studente universitario e vorrei diventare volontario di protezione civile. Potete indicarmi " +
    "le associazioni della mia zona e i requisiti per partecipare ai corsi di formazione? Vi ringrazio."
  ],
  [
    "Contributi per i danni dell'alluvione",
    "Buonasera, la mia abitazione ha subito danni durante l'alluvione dello scorso autunno. Vorrei sapere quali documenti " +
    "servono per chiedere il contributo e entro quale data bisogna presentare la domanda al comune. Distinti saluti."
  ],
  [
    "Campagna antincendio boschivo",
    "Buongiorno, abito vicino a un bosco e in estate c'è molta erba secca lungo la strada provinciale. A chi devo " +
    "segnalarlo perché venga tagliata prima della stagione degli incendi? Grazie mille per la risposta."
  ],
  [
    "Rischio sismico della mia casa",
    "Salve, vorrei sapere come posso conoscere la classificazione sismica del mio comune e se esistono incentivi per " +
    "la verifica strutturale di un edificio costruito negli anni sessanta. Resto in attesa di un vostro riscontro."
  ],
  [
    "Esercitazione nella mia città",
    "Buongiorno, ho letto che il mese prossimo ci sarà un'esercitazione di protezione civile nella mia città. Vorrei sapere " +
    "se i cittadini possono partecipare e se ci saranno strade chiuse al traffico durante la mattina."
  ],
  [
    "Numero per le segnalazioni",
    "Gentile Contact Center, mia madre è anziana e vive da sola in una zona a rischio frana. Vorrei sapere se esiste un " +
    "servizio di avviso per telefono quando viene diramata un'allerta e come iscriverla. Grazie."
  ]
]

const people: ReadonlyArray<readonly [string, string]> = [
  ["Maria", "Rossi"],
  ["Giuseppe", "Bianchi"],
  ["Francesca", "Esposito"],
  ["Luca", "Romano"],
  ["Giulia", "Colombo"],
  ["Marco", "Ricci"],
  ["Chiara", "Marino"],
  ["Alessandro", "Greco"]
]

let forms = 0

/** A web-form submission as `Engine.submit` receives it (see packages/http WebForm.toSubmission). */
export const webForm = (key: string = crypto.randomUUID()) => {
  const i = forms++
  const [subject, text] = subjects[i % subjects.length]!
  const [firstName, lastName] = people[i % people.length]!
  return {
    channel: "web-form",
    idempotencyKey: key,
    requester: {
      kind: "citizen",
      identity: { _tag: "Person", firstName, lastName },
      contacts: [{ _tag: "Email", address: `${firstName}.${lastName}${i % 97}@example.it`.toLowerCase() }]
    },
    content: { kind: "information", subject, text },
    attachments: []
  }
}

/** The engine as production wires it, on a ports layer. */
export const engineOn = <E>(ports: Layer.Layer<Storage.Ports | SqlClient.SqlClient, E>) =>
  Engine.layer().pipe(Layer.provideMerge(Layer.mergeAll(ports, TicketCodes.layer, LanguageDetector.layer)))

/** The engine on the server, in `schema` (migrated on start), with a pool of `connections`. */
export const engineOnServer = (serverUrl: string, schema: string, connections: number, applicationName: string) =>
  engineOn(Storage.layerServer({
    url: PgServer.url(serverUrl),
    maxConnections: connections,
    applicationName,
    // Keep the connections between the points of a round (the default closes them after 60 s idle).
    idleTimeout: "1 hour",
    startupParameters: { search_path: schema }
  }))

/** The engine on PGlite in `dataDir` (migrated on start). */
export const engineOnPglite = (dataDir: string) => engineOn(Storage.layerPglite({ dataDir } satisfies Pglite.Options))

/** One client: submits forms until the deadline (epoch ms); each submission's latency in ms. */
export const engineClient = (deadline: number) =>
  Effect.gen(function*() {
    const engine = yield* Engine.Engine
    const latencies: Array<number> = []
    let failures = 0
    let firstFailure: string | undefined
    while (Date.now() < deadline) {
      const start = performance.now()
      const result = yield* Effect.result(engine.submit(webForm()))
      if (result._tag === "Failure") {
        failures++
        firstFailure ??= String(result.failure)
      } else latencies.push(performance.now() - start)
    }
    return { latencies, failures, firstFailure }
  })

/** Submissions before measuring: JIT, prepared statements, connections. */
export const engineWarmup = (
  clients: number,
  count = 200
): Effect.Effect<void, Engine.InvalidInput | StorageError.StorageError, Engine.Engine> =>
  Effect.gen(function*() {
    const engine = yield* Engine.Engine
    yield* Effect.forEach(Array.from({ length: count }), () => engine.submit(webForm()), { discard: true, concurrency: clients })
  })
