export * from './connection';
export * from './errors';
export * from './ids';
export * from './workspace-scope';
export * from './audit-log';
export * from './window-counter';
export * from './secret-box';
