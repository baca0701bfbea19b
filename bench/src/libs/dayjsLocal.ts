/** dayjs-business-time on plain local dayjs objects (TZ=Europe/Rome); see dayjs.ts. */
import { makeDayjs } from "./dayjs.ts"

export const make = makeDayjs(false)
