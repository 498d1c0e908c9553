export * from './client';
export * from './topics';
export * from './headers';
export * from './event-publisher';
export * from './event-consumer';
export * from './transient-errors';
export * from './delivery-news';
export * from './key-partition';
