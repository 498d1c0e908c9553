export { systemTime, type TimeSource } from '@threadline/persistence';

/** Where the sla service reads "now": the system clock, or one a test moves by hand. */
export const TIME_SOURCE = Symbol('TIME_SOURCE');
