/**
 * Schema-less protobuf wire format: a message parsed into a tree of fields (a length-delimited
 * field whose content parses cleanly is taken as a nested message) and written back byte for byte,
 * so field-level mutations can be made without knowing the .proto.
 */

export interface WireField {
  field: number;
  wire: number;
  /** The tag as it was read (kept so an unmutated tree writes back identical bytes). */
  tag: Uint8Array;
  /** Varint bytes, 8 or 4 fixed bytes, or the content of a length-delimited field. */
  value: Uint8Array;
  /** The parsed content of a length-delimited field, when it is a message. */
  children?: WireField[];
  /** Written verbatim instead of tag, length and value (mutations that break the framing). */
  raw?: Uint8Array;
}

const MAX_DEPTH = 12;

export function varint(value: bigint | number): Uint8Array {
  const out: number[] = [];
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    // Plain arithmetic for the common case: BigInt costs microseconds per call, and deep nesting makes thousands.
    for (; value >= 0x80; value = Math.floor(value / 128)) out.push((value % 128) | 0x80);
    out.push(value);
    return Uint8Array.from(out);
  }
  let v = BigInt.asUintN(64, BigInt(value));
  for (; v >= 0x80n; v >>= 7n) out.push(Number(v & 0x7fn) | 0x80);
  out.push(Number(v));
  return Uint8Array.from(out);
}

export function tagOf(field: number, wire: number): Uint8Array {
  return varint(field * 8 + wire);
}

/** A length-delimited field with `content`. */
export function lenField(field: number, content: Uint8Array): Uint8Array {
  return Buffer.concat([tagOf(field, 2), varint(content.length), content]);
}

/** Reads a varint at `at`: its end, or -1 when it is cut off or longer than ten bytes. */
function varintEnd(buf: Uint8Array, at: number): number {
  for (let i = at; i < buf.length && i < at + 10; i++) if (((buf[i] as number) & 0x80) === 0) return i + 1;
  return -1;
}

function varintValue(bytes: Uint8Array): number {
  let value = 0;
  for (let i = bytes.length - 1; i >= 0; i--) value = value * 128 + ((bytes[i] as number) & 0x7f);
  return value;
}

/** One field at `at`, or undefined when the bytes there are not a well-formed field. */
function readField(buf: Uint8Array, at: number, depth: number): [WireField, number] | undefined {
  const tagEnd = varintEnd(buf, at);
  if (tagEnd < 0 || tagEnd - at > 5) return undefined;
  const tag = buf.subarray(at, tagEnd);
  const key = varintValue(tag);
  const field = Math.floor(key / 8);
  const wire = key % 8;
  if (field < 1) return undefined;
  if (wire === 0) {
    const end = varintEnd(buf, tagEnd);
    return end < 0 ? undefined : [{ field, wire, tag, value: buf.subarray(tagEnd, end) }, end];
  }
  if (wire === 1 || wire === 5) {
    const end = tagEnd + (wire === 1 ? 8 : 4);
    return end > buf.length ? undefined : [{ field, wire, tag, value: buf.subarray(tagEnd, end) }, end];
  }
  if (wire !== 2) return undefined;
  const lengthEnd = varintEnd(buf, tagEnd);
  if (lengthEnd < 0) return undefined;
  const end = lengthEnd + varintValue(buf.subarray(tagEnd, lengthEnd));
  if (end > buf.length) return undefined;
  const value = buf.subarray(lengthEnd, end);
  const children = depth < MAX_DEPTH && value.length > 0 ? parseMessage(value, depth + 1) : undefined;
  return [{ field, wire, tag, value, ...(children === undefined ? {} : { children }) }, end];
}

/** The fields of a message, or undefined when `buf` is not a well-formed message. */
export function parseMessage(buf: Uint8Array, depth = 0): WireField[] | undefined {
  const fields: WireField[] = [];
  for (let at = 0; at < buf.length;) {
    const read = readField(buf, at, depth);
    if (read === undefined) return undefined;
    fields.push(read[0]);
    at = read[1];
  }
  return fields;
}

export function writeField(field: WireField): Uint8Array {
  if (field.raw !== undefined) return field.raw;
  if (field.wire !== 2) return Buffer.concat([field.tag, field.value]);
  const content = field.children === undefined ? field.value : writeMessage(field.children);
  return Buffer.concat([field.tag, varint(content.length), content]);
}

export function writeMessage(fields: readonly WireField[]): Uint8Array {
  return Buffer.concat(fields.map(writeField));
}

/** One nesting step: `before` then a length-delimited `field` holding what is inside. */
export interface NestStep {
  field: number;
  before?: Uint8Array;
}

const varintLength = (value: number): number => (value < 0x80 ? 1 : 1 + varintLength(Math.floor(value / 128)));

function putVarint(buf: Uint8Array, at: number, value: number): number {
  let pos = at;
  for (; value >= 0x80; value = Math.floor(value / 128)) buf[pos++] = (value % 128) | 0x80;
  buf[pos++] = value;
  return pos;
}

/**
 * `inner` wrapped in `steps` (innermost first), in linear time with one allocation: lengths are
 * summed from the inside out, then the headers are written from the outside in.
 */
export function nest(inner: Uint8Array, steps: readonly NestStep[]): Uint8Array {
  const sizes: number[] = [];
  let size = inner.length;
  for (const step of steps) {
    sizes.push(size);
    size += (step.before?.length ?? 0) + varintLength(step.field * 8 + 2) + varintLength(size);
  }
  const out = Buffer.allocUnsafe(size);
  let pos = 0;
  for (let k = steps.length - 1; k >= 0; k--) {
    const step = steps[k] as NestStep;
    if (step.before !== undefined) {
      out.set(step.before, pos);
      pos += step.before.length;
    }
    pos = putVarint(out, putVarint(out, pos, step.field * 8 + 2), sizes[k] as number);
  }
  out.set(inner, pos);
  return out;
}
