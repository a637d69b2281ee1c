/** Test support: a hand-rolled protobuf writer for remote-write fixtures, independent of the code under test. */

export function varint(value: number): number[] {
  const bytes: number[] = [];
  while (value >= 128) {
    bytes.push((value % 128) | 0x80);
    value = Math.floor(value / 128);
  }
  bytes.push(value);
  return bytes;
}

export const text = (value: string): number[] => [...Buffer.from(value, 'utf8')];
/** A length-delimited field. */
export const field = (number: number, body: number[]): number[] => [(number << 3) | 2, ...varint(body.length), ...body];
/** A Label field of a TimeSeries. */
export const label = (name: string, value: string): number[] => field(1, [...field(1, text(name)), ...field(2, text(value))]);
export const double = (value: number): number[] => { const b = Buffer.alloc(8); b.writeDoubleLE(value); return [...b]; };
/** A Sample field of a TimeSeries; `value` is the 8 bytes of the double. */
export const sample = (value: number[], timestamp: number): number[] => field(2, [0x09, ...value, 0x10, ...varint(timestamp)]);
/** Prometheus's StaleNaN, little-endian. */
export const staleNaN = [0x02, 0, 0, 0, 0, 0, 0xf0, 0x7f];

/** `count` copies of `unit` in one buffer: a large body from a few bytes without building a huge array. */
export function repeated(unit: number[], count: number, prefix: number[] = []): Buffer {
  const out = Buffer.alloc(prefix.length + unit.length * count);
  out.set(prefix);
  const one = Buffer.from(unit);
  for (let i = 0; i < count; i++) one.copy(out, prefix.length + i * unit.length);
  return out;
}
