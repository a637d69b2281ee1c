/**
 * The pure core of an OTLP export: bytes in a known encoding → decoded request → opsight signals
 * plus rejections. A body that cannot be decoded throws one OpsightError naming the problem; a
 * request whose every item is rejected throws too, so nothing of it is written.
 */
import { isUtf8 } from 'node:buffer';
import { OpsightError, validationError } from '../../http/errors.js';
import type { OtlpEncoding } from './content.js';
import type { MapResult } from './rejections.js';
import type { OtlpSignal } from './signals.js';
import { WireError } from '../protobuf/reader.js';

function decodeProto<R>(signal: OtlpSignal<R, unknown>, body: Buffer): R {
  try {
    return signal.decodeProto(body);
  } catch (error) {
    if (!(error instanceof WireError)) throw error;
    throw new OpsightError('OPS_ERR_VALIDATION', `the body is not a valid ${signal.message} protobuf: ${error.message}`);
  }
}

function decodeJson<R>(signal: OtlpSignal<R, unknown>, body: Buffer): R {
  if (!isUtf8(body)) throw new OpsightError('OPS_ERR_VALIDATION', 'the JSON body is not valid UTF-8');
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new OpsightError('OPS_ERR_INVALID_JSON', `the body is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = signal.json.safeParse(json);
  if (!parsed.success) throw validationError('body', parsed.error.issues);
  return parsed.data;
}

/**
 * Runs a step over the body. A RangeError there (a stack or string length the body pushed past what
 * the runtime allows) is the body's fault, not the server's: 400, so the client does not retry it.
 */
function bounded<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new OpsightError('OPS_ERR_VALIDATION', `the body is too deeply nested or too large to decode: ${error.message}`);
  }
}

export function decodeExport<R, I>(signal: OtlpSignal<R, I>, encoding: OtlpEncoding, body: Buffer): MapResult<I> {
  const request = bounded(() => (encoding === 'protobuf' ? decodeProto(signal, body) : decodeJson(signal, body)));
  const result = bounded(() => signal.map(request));
  if (result.items.length === 0 && result.rejections.count > 0) {
    throw new OpsightError('OPS_ERR_VALIDATION', `nothing accepted: ${result.rejections.message(signal.unit)}`);
  }
  return result;
}
