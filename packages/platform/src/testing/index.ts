export * from './database';
export * from './fake-server';
export * from './gateway';
export * from './rabbitmq';
export * from './tcp-proxy';
