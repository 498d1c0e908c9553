export * from './stand-in-server';
export * from './twilio';
export * from './meta';
export * from './slack';
export * from './twilio-call';
