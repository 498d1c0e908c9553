export { systemTime, type TimeSource } from '@threadline/persistence';

/** Where the tickets service's scheduled work reads "now" (tests pass a clock they move by hand). */
export const TIME_SOURCE = Symbol('TIME_SOURCE');
