/**
 * Sportello embedded with Promises only: no Effect in sight. A citizen writes through the
 * web form on a Monday morning and gets an acknowledgement by e-mail; she looks the request
 * up on the status page; an operator answers on Wednesday; the public status says it is
 * closed.
 *
 * Run it: `npm start -w @sportello/example-promise-embedding`
 */
import { createSportello, Sportello } from "@sportello/core"
import { fileURLToPath } from "node:url"

/** Tells the story, one line at a time, to `print`. */
export const main = async (print: (line: string) => void = console.log): Promise<void> => {
  // A simulated clock, so that the story spans three days in a few milliseconds.
  // Leave `now` out and the engine reads the real time.
  let now = Date.parse("2027-03-01T10:00:00+01:00")
  const sportello = await createSportello({
    now: () => now,
    // How e-mail leaves: here it is printed; in production, your SMTP library sends it.
    mailer: async (mail) => {
      print(`  mail to ${mail.to.address}: ${mail.subject}`)
      return { providerId: `demo-${mail.deliveryKey}` }
    }
  })
  try {
    sportello.subscribe((change) => print(`  change ${change.code} v${change.version}: ${change.events.map((e) => e._tag).join(", ")}`))

    print("Monday 1 March 2027, 10:00: Maria Rossi writes through the web form")
    const { code, status } = await sportello.submit({
      channel: "web-form",
      idempotencyKey: "form-2027-000123",
      requester: {
        kind: "citizen",
        identity: { _tag: "Person", firstName: "Maria", lastName: "Rossi" },
        contacts: [{ _tag: "Email", address: "maria.rossi@example.it" }]
      },
      content: {
        kind: "information",
        subject: "Piano di emergenza comunale",
        text: "Buongiorno, dove posso trovare il piano di emergenza del mio comune?",
        language: "it"
      },
      attachments: []
    })
    print(`  ticket ${code}: ${status.state}, answer expected by ${status.expectedAnswerBy}`)
    await sportello.deliver()

    now = Date.parse("2027-03-02T18:30:00+01:00")
    print("Tuesday evening: she looks the request up on the status page")
    const seen = await sportello.lookup(code, "203.0.113.5")
    print(`  ${seen.state}, received on ${seen.receivedOn}, answer expected by ${seen.expectedAnswerBy}`)

    now = Date.parse("2027-03-03T11:00:00+01:00")
    print("Wednesday 3 March, 11:00: an operator answers")
    await sportello.act(code, { _tag: "Answer", by: { _tag: "Operator", id: "op-7" }, via: "email", language: "it" }, {
      text: "Il piano è pubblicato sul sito del suo comune, alla pagina Protezione civile."
    })
    await sportello.deliver()

    print("The public status")
    const final = await sportello.lookup(code, "203.0.113.5")
    print(`  ${final.state} on ${final.closedOn}: ${final.outcome}`)

    print("A mistyped code")
    try {
      await sportello.lookup("ABC-DEF", "203.0.113.5")
    } catch (error) {
      if (!Sportello.isFailure(error)) throw error // a defect: let it crash
      switch (error._tag) {
        case "StatusNotFound":
          print(`  ${error.message}`)
          break
        case "RateLimited":
          print(`  too many lookups: try again in ${error.retryAfterMs} ms`)
          break
        default:
          throw error
      }
    }
  } finally {
    await sportello.close()
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main()
