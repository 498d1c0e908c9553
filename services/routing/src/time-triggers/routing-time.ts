/** Where the routing service reads "now" for its time rules (tests pass a clock they move by hand). */
export const ROUTING_TIME = Symbol('ROUTING_TIME');
