export { systemTime, type TimeSource } from '@threadline/persistence';

export const TIME_SOURCE = Symbol('TIME_SOURCE');
