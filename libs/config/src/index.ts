export * from './load-config';
export * from './common-schema';
export * from './service-catalog';
