export * from './provider-breaker';
export * from './send-errors';
export * from './send-with-retries';
export * from './admin-given-hosts';
