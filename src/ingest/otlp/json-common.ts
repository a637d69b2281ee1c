/**
 * zod schemas for OTLP/JSON's shared pieces, which turn it into the OTLP model: lowerCamelCase keys
 * (unknown keys ignored), ids as hex, int64/fixed64 as decimal strings or numbers, doubles also
 * as "NaN"/"Infinity"/"-Infinity", enums as numbers (names accepted too), bytes as base64.
 */
import { z } from 'zod';
import type { AnyValue, KeyValue, ResourceGroup } from './model.js';
import { MAX_ANY_VALUE_DEPTH, tooDeepMessage } from './model.js';

/** Trace and span ids: hex of any length here; the mapping rejects a span whose length is wrong. */
export const hexId = z.string().regex(/^[0-9a-fA-F]*$/, 'not a hex string (OTLP/JSON writes ids as hex, not base64)')
  .transform((text) => text.toLowerCase());

const decimal = /^-?\d+$/;

/** int64: a number when exact, else the decimal string. */
export const int64 = z.union([z.number().int(), z.string().regex(decimal, 'not a decimal integer')])
  .transform((value) => (typeof value === 'number' || Number.isSafeInteger(Number(value)) ? Number(value) : BigInt(value).toString()));

/** Counts (fixed64/uint64) as numbers. */
export const uint64 = z.union([z.number().int().min(0), z.string().regex(/^\d+$/, 'not an unsigned decimal integer')]).transform(Number);

/** Unix nanoseconds (fixed64) to whole milliseconds; the string path is exact. */
export const nanosToMs = z.union([z.number().min(0), z.string().regex(/^\d+$/, 'not a decimal count of nanoseconds')])
  .transform((value) => (typeof value === 'number' ? Math.floor(value / 1e6) : value.length > 6 ? Number(value.slice(0, -6)) : 0));

/** A double: JSON number, or proto3 JSON's string forms. */
export const double = z.union([z.number(), z.string()]).transform((value, ctx) => {
  if (typeof value === 'number') return value;
  const parsed = Number(value);
  if (value.trim() === '' || (Number.isNaN(parsed) && value !== 'NaN')) {
    ctx.addIssue({ code: 'custom', message: `not a number: ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return parsed;
});

/** An enum field: its number, or its name from `names` (index = number). */
export function enumField(names: readonly string[]) {
  return z.union([z.number().int(), z.string()]).transform((value, ctx) => {
    if (typeof value === 'number') return value;
    const index = names.indexOf(value);
    if (index < 0) {
      ctx.addIssue({ code: 'custom', message: `unknown enum value ${JSON.stringify(value)} (expected one of ${names.join(', ')})` });
      return z.NEVER;
    }
    return index;
  });
}

const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'not base64').transform((text) => new Uint8Array(Buffer.from(text, 'base64')));

interface AnyValueJson {
  stringValue?: string | null | undefined;
  boolValue?: boolean | null | undefined;
  intValue?: number | string | null | undefined;
  doubleValue?: number | null | undefined;
  arrayValue?: { values: AnyValue[] } | null | undefined;
  kvlistValue?: { values: KeyValue[] } | null | undefined;
  bytesValue?: Uint8Array | null | undefined;
}

function toAnyValue(json: AnyValueJson): AnyValue {
  if (json.stringValue != null) return json.stringValue;
  if (json.boolValue != null) return json.boolValue;
  if (json.intValue != null) return json.intValue;
  if (json.doubleValue != null) return json.doubleValue;
  if (json.arrayValue != null) return json.arrayValue.values;
  if (json.kvlistValue != null) return { kvlist: json.kvlistValue.values };
  if (json.bytesValue != null) return json.bytesValue;
  return null;
}

/** Where nesting passes the limit: any value there is refused, without looking inside it. */
const tooDeep = z.custom<AnyValue>(() => false, tooDeepMessage);

const anyValues: z.ZodType<AnyValue, unknown>[] = [];
const keyValues: z.ZodType<KeyValue, unknown>[] = [];

/**
 * The AnyValue schema at nesting level `depth` (1 = an attribute's value). One schema per level,
 * not one recursive schema, so validating a deeply nested body stops at the limit.
 */
function anyValueAt(depth: number): z.ZodType<AnyValue, unknown> {
  if (depth > MAX_ANY_VALUE_DEPTH) return tooDeep;
  return anyValues[depth] ??= z.object({
    stringValue: z.string().nullish(),
    boolValue: z.boolean().nullish(),
    intValue: int64.nullish(),
    doubleValue: double.nullish(),
    arrayValue: z.object({ values: z.array(anyValueAt(depth + 1)).default([]) }).nullish(),
    kvlistValue: z.object({ values: z.array(keyValueAt(depth + 1)).default([]) }).nullish(),
    bytesValue: base64.nullish(),
  }).transform(toAnyValue);
}

/** A KeyValue whose value is at nesting level `depth`. */
function keyValueAt(depth: number): z.ZodType<KeyValue, unknown> {
  return keyValues[depth] ??= z.object({
    key: z.string(),
    value: anyValueAt(depth).nullish(),
  }).transform((pair) => ({ key: pair.key, value: pair.value ?? null }));
}

export const anyValue = anyValueAt(1);
export const keyValue = keyValueAt(1);

export const attributes = z.array(keyValue).nullish().transform((list) => list ?? []);

/** The envelope of every signal: resourceX[].{resource, scopeX[].{items}} flattened to resource groups. */
export function exportRequest<T>(resourceKey: string, scopeKey: string, itemsKey: string, item: z.ZodType<T, unknown>) {
  const scope = z.object({ [itemsKey]: z.array(item).nullish() });
  const group = z.object({
    resource: z.object({ attributes }).nullish(),
    [scopeKey]: z.array(scope).nullish(),
  }).transform((json): ResourceGroup<T> => ({
    resource: (json.resource as { attributes: KeyValue[] } | null | undefined)?.attributes ?? [],
    items: ((json[scopeKey] ?? []) as Record<string, T[] | null | undefined>[]).flatMap((entry) => entry[itemsKey] ?? []),
  }));
  return z.object({ [resourceKey]: z.array(group).nullish() })
    .transform((json) => json[resourceKey] ?? []);
}
