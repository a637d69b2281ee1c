/**
 * Test support: remote-write fixtures as byte arrays, to splice into bodies no encoder would write
 * (broken framing, wrong wire types, fields out of order). Built with the shared wire writer,
 * which is checked against protobufjs on its own.
 */
import { WireWriter } from '../protobuf/writer.js';

const bytesOf = (write: (writer: WireWriter) => unknown): number[] => {
  const writer = new WireWriter();
  write(writer);
  return [...writer.finish()];
};

export const varint = (value: number): number[] => bytesOf((w) => w.rawVarint(value));
export const text = (value: string): number[] => [...Buffer.from(value, 'utf8')];
/** A length-delimited field. */
export const field = (number: number, body: number[]): number[] => bytesOf((w) => w.bytes(number, Uint8Array.from(body)));
/** A Label field of a TimeSeries. */
export const label = (name: string, value: string): number[] => bytesOf((w) => w.message(1, (l) => l.string(1, name).string(2, value)));
export const double = (value: number): number[] => bytesOf((w) => w.rawDouble(value));
/** A Sample field of a TimeSeries; `value` is the 8 bytes of the double. */
export const sample = (value: number[], timestamp: number): number[] =>
  bytesOf((w) => w.message(2, (s) => s.fixed64(1, Buffer.from(value).readBigUInt64LE()).varint(2, timestamp)));
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
