/** Metadata key written by `@Contract()`: the route's {@link CompiledContract}. */
export const CONTRACT_KEY = 'bff:contract';
