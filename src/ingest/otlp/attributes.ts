/**
 * Turns OTLP attribute lists into opsight's flat attribute maps and string labels: nested kvlists
 * become `parent.child` keys, arrays become JSON text, bytes become base64, and doubles that are
 * not finite become their name ("NaN"), since an attribute is a description, not a measurement.
 */
import type { Attributes, EntityRef, Labels } from '../../signals/index.js';
import { resolveEntity } from '../../signals/index.js';
import type { AnyValue, KeyValue, KeyValueList } from './model.js';

type Flat = string | number | boolean | null;

function isKvList(value: AnyValue): value is KeyValueList {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** A JSON-friendly form of a value, for arrays and non-string bodies. */
export function plainValue(value: AnyValue): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(plainValue);
  if (isKvList(value)) return Object.fromEntries(value.kvlist.map((pair) => [pair.key, plainValue(pair.value)]));
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

function flatValue(value: AnyValue): Flat {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return JSON.stringify(plainValue(value));
}

/**
 * Most attributes one flattened map keeps (the OpenTelemetry SDKs' default attribute count limit);
 * later ones are dropped, as an SDK drops them.
 */
export const MAX_FLAT_ATTRIBUTES = 128;
/** Longest prefix a nested kvlist is flattened under; deeper, the kvlist is kept whole as JSON text. */
export const MAX_FLAT_PREFIX = 256;

interface FlatMap {
  out: Attributes;
  count: number;
  limit: number;
}

// Every flattened name repeats its parents' keys: the caps keep the names' total size linear in the input.
function flattenInto(map: FlatMap, prefix: string, pairs: readonly KeyValue[]): void {
  for (const { key, value } of pairs) {
    if (map.count >= map.limit) return;
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (isKvList(value) && name.length <= MAX_FLAT_PREFIX) {
      flattenInto(map, name, value.kvlist);
    } else {
      if (!(name in map.out)) map.count++;
      map.out[name] = flatValue(value);
    }
  }
}

/** `limit` attributes at most are kept. @default MAX_FLAT_ATTRIBUTES */
export function flattenAttributes(pairs: readonly KeyValue[], limit = MAX_FLAT_ATTRIBUTES): Attributes {
  const map: FlatMap = { out: {}, count: 0, limit };
  flattenInto(map, '', pairs);
  return map.out;
}

/**
 * Attributes as Prometheus-style labels: every value as text (null as ""). One more than
 * MAX_FLAT_ATTRIBUTES is kept, so a caller can refuse an oversized set rather than truncate it:
 * a truncated label set could merge two series into one.
 */
export function labelsOf(pairs: readonly KeyValue[], into: Labels = {}): Labels {
  const flat = flattenAttributes(pairs, MAX_FLAT_ATTRIBUTES + 1);
  for (const key of Object.keys(flat)) {
    const value = flat[key];
    into[key] = value === null || value === undefined ? '' : String(value);
  }
  return into;
}

/** A log body: strings as they are, bytes as base64, anything else as JSON text. */
export function bodyText(value: AnyValue): string {
  if (typeof value === 'string') return value;
  if (value === null) return '';
  const flat = flatValue(value);
  return typeof flat === 'string' ? flat : JSON.stringify(flat);
}

export interface ResourceInfo {
  entity: EntityRef;
  attributes: Attributes;
}

export function resourceInfo(pairs: readonly KeyValue[]): ResourceInfo {
  const attributes = flattenAttributes(pairs);
  return { entity: resolveEntity(attributes), attributes };
}
