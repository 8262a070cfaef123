export * from './downstream.options';
export * from './downstream.errors';
export {
  FAILURE_STATUSES,
  TIMEOUT_ERROR_CODES,
  UNAVAILABLE_ERROR_CODES,
  BAD_GATEWAY_ERROR_CODES,
  mapTransportError,
} from './upstream-failure';
export { IDENTITY_HEADERS, REQUEST_TIMEOUT_HEADER } from './upstream-headers';
export {
  UpstreamClient,
  createUpstreamClient,
  type HttpMethod,
  type SharedClientOptions,
} from './upstream.client';
export {
  DOWNSTREAM_MODULE_OPTIONS,
  DOWNSTREAM_OPTIONS_TYPE,
  DOWNSTREAM_ASYNC_OPTIONS_TYPE,
} from './downstream.module-definition';
export { DownstreamRegistry } from './downstream.registry';
export { DownstreamModule } from './downstream.module';
export * from './aggregate';
export * from './batch-loader';
export * from './downstream.env';
