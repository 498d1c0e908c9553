export * from './outbound-sender';
export * from './send-claims.repository';
