/**
 * Outbound HTTP for receivers: the host checked against the allow list and its addresses against the forbidden
 * ranges, then the connection made to the checked address (TLS still verifies the name), with a deadline on the
 * whole exchange and a cap on the answer read.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Resolver } from './host-guard.js';
import { HostRefused, checkedAddress } from './host-guard.js';
import type { Outcome } from './retry.js';
import { parseRetryAfter, retryableStatus } from './retry.js';
import { redactCredentials } from '../telemetry/redact.js';

const MAX_ANSWER_BYTES = 64 * 1024;

export interface HttpAnswer {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

export interface Egress {
  allowedHosts: readonly string[];
  resolve?: Resolver | undefined;
}

export async function send(url: string, init: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number }, egress: Egress): Promise<HttpAnswer> {
  const target = new URL(url);
  const { address, family } = await checkedAddress(target.hostname, egress.allowedHosts, egress.resolve);
  const lookup: LookupFunction = (_host, options, callback) => {
    if (options.all === true) (callback as unknown as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const body = init.body === undefined ? undefined : Buffer.from(init.body);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(target, {
      method: init.method, lookup,
      headers: { ...init.headers, ...(body === undefined ? {} : { 'content-length': String(body.length) }) },
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_ANSWER_BYTES) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => {
        clearTimeout(deadline);
        const retryAfter = res.headers['retry-after'];
        resolve({ status: res.statusCode ?? 0, retryAfter, body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_ANSWER_BYTES) });
      });
      res.on('error', reject);
    });
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${init.timeoutMs} ms`)), init.timeoutMs);
    req.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    req.end(body);
  });
}

/** An answer as an outcome: 2xx delivered; 408, 429 and 5xx retried (after Retry-After when given); other refusals failed. */
export function answerOutcome(answer: HttpAnswer, now: number): Outcome {
  if (answer.status >= 200 && answer.status < 300) return { ok: true };
  return {
    ok: false, error: `HTTP ${answer.status}: ${redactCredentials(answer.body.slice(0, 200))}`,
    retryable: retryableStatus(answer.status), retryAfterMs: parseRetryAfter(answer.retryAfter, now),
  };
}

/** A failure to reach the receiver: refused hosts are final, the rest (timeouts, resets, refusals) are tried again. */
export function failureOutcome(error: unknown): Outcome {
  const message = redactCredentials(error instanceof Error ? error.message : String(error));
  return { ok: false, error: message, retryable: !(error instanceof HostRefused) };
}
