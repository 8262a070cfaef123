import type { AttributeValue, Attributes, HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** Span flags of OTLP: the low byte is the W3C trace flags, then "has is-remote" and "is remote". */
const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;
/** Worst case of UTF-8 bytes per UTF-16 code unit: what a string may take once written. */
const MAX_BYTES_PER_UNIT = 3;

/** `{"key":"<key>","value":` per attribute name: the names are the same few dozen on every span. */
const keyPrefixes = new Map<string, string>();
/** The `{"resource":...,"scopeSpans":[` opening per resource: one resource per provider, written once. */
const resourceOpenings = new WeakMap<object, string>();

function keyPrefix(key: string): string {
  let prefix = keyPrefixes.get(key);
  if (prefix === undefined) {
    prefix = `{"key":${JSON.stringify(key)},"value":`;
    if (keyPrefixes.size < 1024) keyPrefixes.set(key, prefix);
  }
  return prefix;
}

/** An OTLP `AnyValue`, as the SDK's JSON serializer maps attribute values (integers as `intValue`). */
function anyValue(value: AttributeValue | null | undefined): string {
  switch (typeof value) {
    case 'string':
      return `{"stringValue":${JSON.stringify(value)}}`;
    case 'number':
      if (Number.isInteger(value)) return `{"intValue":${value}}`;
      // proto3 JSON spells the non-finite doubles as strings ("NaN", "Infinity", "-Infinity")
      return Number.isFinite(value) ? `{"doubleValue":${value}}` : `{"doubleValue":"${value}"}`;
    case 'boolean':
      return value ? '{"boolValue":true}' : '{"boolValue":false}';
  }
  if (Array.isArray(value)) {
    let out = '{"arrayValue":{"values":[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + anyValue(value[i] as AttributeValue);
    return `${out}]}}`;
  }
  return '{}';
}

function attributeList(attributes: Attributes): string {
  let out = '[';
  let first = true;
  for (const key in attributes) {
    const value = attributes[key];
    if (value === undefined) continue;
    out += (first ? '' : ',') + keyPrefix(key) + anyValue(value) + '}';
    first = false;
  }
  return out + ']';
}

/** Nanoseconds since the epoch as a decimal string (an int64: past 2^53, so never a JS number). */
function unixNanos([seconds, nanos]: HrTime): string {
  const ns = String(nanos);
  return seconds === 0 ? ns : `${seconds}${'000000000'.slice(ns.length)}${ns}`;
}

function spanJson(span: ReadableSpan): string {
  const context = span.spanContext();
  const parent = span.parentSpanContext;
  let out = `{"traceId":"${context.traceId}","spanId":"${context.spanId}"`;
  if (parent?.spanId) out += `,"parentSpanId":"${parent.spanId}"`;
  const traceState = context.traceState?.serialize();
  if (traceState) out += `,"traceState":${JSON.stringify(traceState)}`;
  out +=
    `,"name":${JSON.stringify(span.name)},"kind":${span.kind + 1}` +
    `,"startTimeUnixNano":"${unixNanos(span.startTime)}","endTimeUnixNano":"${unixNanos(span.endTime)}"` +
    `,"attributes":${attributeList(span.attributes)}`;
  if (span.droppedAttributesCount > 0) out += `,"droppedAttributesCount":${span.droppedAttributesCount}`;
  if (span.events.length > 0) {
    out += ',"events":[';
    span.events.forEach((event, i) => {
      out +=
        `${i === 0 ? '' : ','}{"timeUnixNano":"${unixNanos(event.time)}","name":${JSON.stringify(event.name)}` +
        `,"attributes":${attributeList(event.attributes ?? {})}` +
        (event.droppedAttributesCount ? `,"droppedAttributesCount":${event.droppedAttributesCount}` : '') +
        '}';
    });
    out += ']';
  }
  if (span.droppedEventsCount > 0) out += `,"droppedEventsCount":${span.droppedEventsCount}`;
  if (span.links.length > 0) {
    out += ',"links":[';
    span.links.forEach((link, i) => {
      const linked = link.context;
      const linkedState = linked.traceState?.serialize();
      out +=
        `${i === 0 ? '' : ','}{"traceId":"${linked.traceId}","spanId":"${linked.spanId}"` +
        (linkedState ? `,"traceState":${JSON.stringify(linkedState)}` : '') +
        `,"attributes":${attributeList(link.attributes ?? {})}` +
        (link.droppedAttributesCount ? `,"droppedAttributesCount":${link.droppedAttributesCount}` : '') +
        `,"flags":${spanFlags(linked.traceFlags, linked.isRemote)}}`;
    });
    out += ']';
  }
  if (span.droppedLinksCount > 0) out += `,"droppedLinksCount":${span.droppedLinksCount}`;
  const { code, message } = span.status;
  out += `,"status":{"code":${code}${message ? `,"message":${JSON.stringify(message)}` : ''}}`;
  return `${out},"flags":${spanFlags(context.traceFlags, parent?.isRemote)}}`;
}

function spanFlags(traceFlags: number, isRemote: boolean | undefined): number {
  return (traceFlags & 0xff) | HAS_IS_REMOTE | (isRemote ? IS_REMOTE : 0);
}

function resourceOpening(resource: ReadableSpan['resource']): string {
  let opening = resourceOpenings.get(resource);
  if (opening === undefined) {
    const schemaUrl = resource.schemaUrl ? `,"schemaUrl":${JSON.stringify(resource.schemaUrl)}` : '';
    opening = `{"resource":{"attributes":${attributeList(resource.attributes)},"droppedAttributesCount":0}${schemaUrl},"scopeSpans":[`;
    // a resource still detecting attributes may gain some: cache only a settled one
    if (resource.asyncAttributesPending !== true) resourceOpenings.set(resource, opening);
  }
  return opening;
}

function scopeOpening(scope: ReadableSpan['instrumentationScope']): string {
  let out = `{"scope":{"name":${JSON.stringify(scope.name)}`;
  if (scope.version !== undefined) out += `,"version":${JSON.stringify(scope.version)}`;
  out += '}';
  if (scope.schemaUrl) out += `,"schemaUrl":${JSON.stringify(scope.schemaUrl)}`;
  return `${out},"spans":[`;
}

/** Text appended span by span into one buffer, grown by doubling: no string of the whole batch is ever built. */
class JsonBuffer {
  private buf: Buffer;
  private length = 0;

  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  write(text: string): void {
    const needed = this.length + text.length * MAX_BYTES_PER_UNIT;
    if (needed > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, this.length);
      this.buf = grown;
    }
    this.length += this.buf.write(text, this.length, 'utf8');
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

/**
 * An OTLP/HTTP JSON `ExportTraceServiceRequest` of one resource and one instrumentation scope, the body the SDK's
 * `JsonTraceSerializer` sends (ids in hex, times as decimal strings of nanoseconds, span kind and flags as OTLP
 * numbers them), its spans written as they end (what {@link OtlpJsonSpanProcessor} batches): each span's JSON is one flat string from then on, so
 * the SDK's span objects and what they hold die young instead of waiting for the export (the garbage
 * collector's work in a traced app, libs/observability/README.md, "Tracing"). The body's bytes are written in
 * one pass at export: written span by span as they end, into a buffer that is cold by then, they cost five
 * times more.
 * @example const batch = new OtlpJsonBatch(span.resource, span.instrumentationScope); batch.add(span); batch.bytes();
 */
export class OtlpJsonBatch {
  private readonly opening: string;
  private readonly spans: string[] = [];
  private units = 0;
  private longest = 0;

  constructor(resource: ReadableSpan['resource'], scope: ReadableSpan['instrumentationScope']) {
    this.opening = `{"resourceSpans":[${resourceOpening(resource)}${scopeOpening(scope)}`;
  }

  /** Spans written so far. */
  get count(): number {
    return this.spans.length;
  }

  /** Writes `span` (of this batch's resource and scope). */
  add(span: ReadableSpan): void {
    const json = (this.spans.length === 0 ? '' : ',') + spanJson(span);
    // reading a character flattens the string built piece by piece: one string survives, not its pieces
    json.charCodeAt(0);
    this.spans.push(json);
    this.units += json.length;
    if (json.length > this.longest) this.longest = json.length;
  }

  /** The request body. */
  bytes(): Uint8Array {
    // ASCII fits without growing (JsonBuffer makes room for a write's worst case, three bytes per unit)
    const out = new JsonBuffer(this.opening.length * 3 + this.units + this.longest * 2 + 32);
    out.write(this.opening);
    for (const json of this.spans) out.write(json);
    out.write(']}]}]}');
    return out.bytes();
  }
}
