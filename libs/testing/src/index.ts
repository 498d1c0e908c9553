export * from './infra-mode';
export * from './wait-for';
export * from './test-env';
export * from './running-service';
export * from './event-probe';
export * from './factories';
export * from './raw-mail';
export * from './http-json';
