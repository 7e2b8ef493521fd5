export * from './conversations';
export * from './envelope';
export * from './events';
export * from './paging';
