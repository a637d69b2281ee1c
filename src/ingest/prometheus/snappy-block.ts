/**
 * Snappy block-format decompression of request bodies, refusing before allocating when the
 * declared decoded length is over the limit (a 10-byte body may claim gigabytes).
 */
import { uncompressSync } from 'snappy';
import { WriteProblem } from './write-problem.js';

/** The decoded length a snappy block declares in its varint header; undefined when the header is malformed. */
export function declaredLength(block: Uint8Array): number | undefined {
  let value = 0;
  for (let i = 0; i < 5 && i < block.length; i++) {
    const byte = block[i] as number;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) return value;
  }
  return undefined;
}

/**
 * Decompresses a snappy block of at most `maxDecodedBytes` decoded bytes; throws WriteProblem
 * otherwise. `reserve` is told the decoded size before anything is allocated (and may throw).
 */
export function uncompressBlock(block: Uint8Array, maxDecodedBytes: number, reserve: (bytes: number) => void = () => undefined): Buffer {
  if (block.length === 0) throw new WriteProblem('empty_body', 'the body is empty: expected a snappy-compressed protobuf WriteRequest');
  const length = declaredLength(block);
  if (length === undefined) throw new WriteProblem('corrupt_snappy', 'the body is not snappy block format: its length header is malformed');
  if (length > maxDecodedBytes) {
    throw new WriteProblem('too_large', `the body decompresses to ${length} bytes, more than the limit of ${maxDecodedBytes}`);
  }
  reserve(length);
  try {
    return uncompressSync(block, { asBuffer: true }) as Buffer;
  } catch (error) {
    throw new WriteProblem('corrupt_snappy', `the body is not valid snappy block format (${(error as Error).message})`);
  }
}
