import { SmsGateway } from "@sportello/core"
import { SmsGatewaySuite } from "@sportello/testkit"
import { Context, Effect, Layer } from "effect"

const memory = Layer.effectContext(Effect.map(SmsGateway.makeMemory, (gateway) =>
  Context.make(SmsGateway.SmsGateway, gateway).pipe(Context.add(SmsGatewaySuite.Sent, { sent: Effect.sync(gateway.sent) }))))

SmsGatewaySuite.smsGatewaySuite("in-memory", memory, { honoursDeliveryKeys: true, deliveryReports: true, inspectable: true })
SmsGatewaySuite.smsGatewaySuite("in-memory, through the port only", SmsGateway.layerMemory)
