/** Test support: the JSON fixtures in testdata/, read from the source tree. */
import { readFileSync } from 'node:fs';

export function fixture(name: 'traces' | 'metrics' | 'logs'): Buffer {
  return readFileSync(new URL(`../../../src/ingest/otlp/testdata/${name}.json`, import.meta.url));
}
