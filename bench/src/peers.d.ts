/** Types for the methods that moment-business-time (which ships none) adds to moment. */
import "moment"

declare module "moment" {
  interface Moment {
    addWorkingTime(amount: number, unit: string): Moment
    workingDiff(other: Moment, unit?: string, precise?: boolean): number
    isWorkingDay(): boolean
    isWorkingTime(): boolean
    nextWorkingTime(): Moment
  }
}
