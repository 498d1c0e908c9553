export * from './provider-breaker';
