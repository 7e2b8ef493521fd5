export {
  type AnyFastify,
  createHttpApp,
  type HttpApp,
  type HttpAppOptions,
  type ReadinessCheck,
} from './app';
export { compiledSerializer, compileSerializer } from './compiled-serializer';
export { list, ok } from './envelope';
export { handleError, registerErrorHandling, routeNotFound } from './error-handler';
export { type Closer, closeInOrder, onShutdownSignal } from './lifecycle';
export { type RegisteredRoute, registeredRoutes } from './routes';
