/** Injection token of the clock business hours and wait times are read from (tests pass a fixed one). */
export const VOICE_CLOCK = Symbol('VOICE_CLOCK');
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
