import { Telephony } from "@sportello/core"
import { TelephonySuite } from "@sportello/testkit"
import { Context, Effect, Layer } from "effect"

// The harness makes calls happen with the in-memory line's own `emit`.
const memory = Layer.effectContext(Effect.map(Telephony.makeMemory, (telephony) =>
  Context.make(Telephony.Telephony, telephony).pipe(Context.add(TelephonySuite.Line, { emit: telephony.emit }))))

TelephonySuite.telephonySuite("in-memory", memory)
