export * from './envelope';
export * from './registry';
export * from './validation';
export * from './events/contact-received.v1';
export * from './events/ticket-events.v1';
export * from './events/dead-letter.v1';
export * from './identity';
export * from './message-ids';
