export * from './business-calendar';
export * from './polish-holidays';
