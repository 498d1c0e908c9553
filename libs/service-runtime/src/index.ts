export * from './tokens';
export * from './bootstrap';
export * from './platform.module';
export * from './health/health-registry';
export * from './messaging/consumer-host';
export * from './http/correlation.middleware';
export * from './http/parse';
export * from './platform-only-service';
