/**
 * W3C trace and span ids. They must be unique, not secret, so they come from a fast PRNG rather than a
 * synchronous CSPRNG call per id (OpenTelemetry's RandomIdGenerator does the same); a request makes one
 * per upstream call, so this is on the hot path.
 * @see https://www.w3.org/TR/trace-context/#trace-id
 */
function hex8(): string {
  // 32 random bits, zero-padded to 8 hex characters.
  return ((Math.random() * 0x100000000) >>> 0).toString(16).padStart(8, '0');
}

const ZERO_SPAN = '0000000000000000';

/** A new 16-hex-character span id, never all zeros. */
export function newSpanId(): string {
  let id = hex8() + hex8();
  while (id === ZERO_SPAN) id = hex8() + hex8();
  return id;
}

/** A new 32-hex-character trace id, never all zeros. */
export function newTraceId(): string {
  return newSpanId() + newSpanId();
}
