export * from './contract.types';
export * from './contract.decorator';
export {
  compileHeaderValidator,
  compileRequestValidator,
  compileSchema,
  type RequestPart,
  type RequestValidator,
} from './contract.validator';
export * from './contract-validation.interceptor';
export * from './contracts.constants';
export * from './contracts.env';
export * from './contracts.module';
export * from './contracts.module-options';
export { CONTRACTS_MODULE_OPTIONS } from './contracts.module-definition';
export * from './deprecation.headers';
export * from './openapi/openapi.types';
export * from './openapi/openapi-document.builder';
export * from './openapi/openapi-documents';
export { contractRoutes } from './openapi/contract-routes';
export * from './schemas';
