/** Where the sla service reads "now": the system clock, or one a test moves by hand. */
export interface TimeSource {
  now(): Date;
}

export const systemTime: TimeSource = { now: () => new Date() };

export const TIME_SOURCE = Symbol('TIME_SOURCE');
