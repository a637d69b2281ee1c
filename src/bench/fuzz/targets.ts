/**
 * The protocols the fuzzer drives: per protocol, where inputs go and how one is built from a seed
 * (JSON or protobuf structure, raw bytes, and the gzip or snappy layer the protocol wraps them in).
 */
import { gzipSync } from 'node:zlib';
import { compressSync } from 'snappy';
import { mutateBytes } from './byte-mutators.js';
import type { JsonMutation } from './json-mutators.js';
import { RawJson, mutateJson } from './json-mutators.js';
import type { Rng } from './prng.js';
import { inputRng } from './prng.js';
import type { AnyValueHost } from './proto-mutators.js';
import { mutateProto } from './proto-mutators.js';
import { varint } from './proto-wire.js';
import { seeds } from './seeds.js';

export type Transport = 'http' | 'udp' | 'tcp';

export interface Built {
  body: Uint8Array;
  headers: Record<string, string>;
}

export interface FuzzTarget {
  name: string;
  transport: Transport;
  /** HTTP path; empty for syslog. */
  path: string;
  maxBytes: number;
  seeds: readonly Uint8Array[];
  /** One mutated input; each mutation applied is named in `steps`. */
  build(rng: Rng, steps: string[]): Built;
}

const HTTP_MAX = 64 * 1024;
/** The largest UDP payload over IPv4. */
const UDP_MAX = 65_507;
const tokens = (...items: string[]): Buffer[] => items.map((item) => Buffer.from(item, 'latin1'));
const JSON_TOKENS = tokens('{', '}', '[', ']', '"', ':', ',', '\\', '\\u0000', '\\ud800', 'null', 'true', '-', '1e999', '{"a":', '[[[[', '\xff', '\xc3\x28');
const PROTO_TOKENS = tokens('\x80\x80\x80\x80\x80', '\xff\xff\xff\xff\x0f', '\x0a\xff\xff\xff\xff\x0f', '\x0b', '\x0c', '\x00');
const SYSLOG_TOKENS = tokens('<13>', '<999>', '<-1>', '<>', '1 ', '- ', '[', ']', '"', '\\', '=', '@', '\n', '\r\n', '99999999999 ', '0 ', '\xef\xbb\xbf',
  '\x00', 'Jan 32 25:61:61 ', '2026-13-45T99:99:99Z ', '[a@1 b="', ' ');

const JSON_HEADERS = { 'content-type': 'application/json' };
const PROTO_HEADERS = { 'content-type': 'application/x-protobuf' };

/** Either structure-aware, or byte-level, or both, so both shallow and deep decoder paths are reached. */
function layered(seed: Uint8Array, rng: Rng, steps: string[], structural: () => Uint8Array, maxBytes: number, others: readonly Uint8Array[], dictionary: Buffer[]): Uint8Array {
  const mode = rng.int(3);
  const body = mode === 2 ? seed : structural();
  return mode === 0 ? body : mutateBytes(body, rng, { maxBytes, others, dictionary }, steps);
}

/** OTLP AnyValue-shaped JSON objects ({"stringValue": ...}) may be replaced by one nested thousands of levels. */
const deepJsonAnyValue: JsonMutation = {
  name: 'deep-any-value',
  applies: (node) => node !== null && typeof node === 'object' && Object.keys(node).some((key) => key.endsWith('Value')),
  apply(_node, rng, budget) {
    const [open, close] = rng.pick([['{"arrayValue":{"values":[', ']}}'], ['{"kvlistValue":{"values":[{"key":"k","value":', '}]}}']] as const);
    const depth = rng.size(Math.max(1, Math.floor(budget / (open.length + close.length))));
    return new RawJson(`${open.repeat(depth)}{"stringValue":"leaf"}${close.repeat(depth)}`);
  },
};

let gzipBomb: Buffer | undefined;
/** 48 MiB of zeros in about 48 KiB: whatever caps decompressed size must refuse it. */
const bomb = (): Buffer => (gzipBomb ??= gzipSync(Buffer.alloc(48 * 1024 * 1024)));

function gzipLayer(built: Built, rng: Rng, steps: string[]): Built {
  if (!rng.chance(1 / 3)) return built;
  const headers = { ...built.headers, 'content-encoding': 'gzip' };
  if (rng.chance(0.02)) {
    steps.push('gzip:bomb');
    return { body: bomb(), headers };
  }
  steps.push('gzip');
  const body = gzipSync(built.body);
  return { body: rng.chance(0.2) ? mutateBytes(body, rng, { maxBytes: HTTP_MAX, others: [], dictionary: [] }, steps) : body, headers };
}

function jsonTarget(name: string, path: string, seedList: Buffer[], extra: JsonMutation[] = [], gzip = false): FuzzTarget {
  return {
    name, transport: 'http', path, maxBytes: HTTP_MAX, seeds: seedList,
    build(rng, steps) {
      const seed = rng.pick(seedList);
      const body = layered(seed, rng, steps, () => mutateJson(seed, rng, HTTP_MAX, steps, extra), HTTP_MAX, seedList, JSON_TOKENS);
      return gzip ? gzipLayer({ body, headers: JSON_HEADERS }, rng, steps) : { body, headers: JSON_HEADERS };
    },
  };
}

/** Resource attributes: Export*ServiceRequest.resource_*(1).resource(1).attributes(1). */
const RESOURCE_ATTRIBUTES: AnyValueHost = { path: [1, 1], attributesField: 1 };

function otlpProtoTarget(name: string, path: string, seedList: Buffer[]): FuzzTarget {
  return {
    name, transport: 'http', path, maxBytes: HTTP_MAX, seeds: seedList,
    build(rng, steps) {
      const seed = rng.pick(seedList);
      const body = layered(seed, rng, steps, () => mutateProto(seed, rng, HTTP_MAX, steps, RESOURCE_ATTRIBUTES), HTTP_MAX, seedList, PROTO_TOKENS);
      return gzipLayer({ body, headers: PROTO_HEADERS }, rng, steps);
    },
  };
}

const REMOTE_WRITE_HEADERS = { ...PROTO_HEADERS, 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' };
const SNAPPY_LENGTHS = [0n, 1n, 0x7fffffffn, 0xffffffffn, 2n ** 40n];

/** Replaces the snappy block's leading varint (the uncompressed length) with a lie. */
function snappyPreamble(body: Uint8Array, rng: Rng, steps: string[]): Uint8Array {
  let end = 0;
  while (end < body.length && ((body[end] as number) & 0x80) !== 0) end++;
  steps.push('snappy:preamble');
  return Buffer.concat([varint(rng.pick(SNAPPY_LENGTHS)), body.subarray(end + 1)]);
}

function remoteWriteTarget(): FuzzTarget {
  const seedList = seeds.remoteWrite();
  const compressedSeeds = seedList.map((seed) => compressSync(seed));
  return {
    name: 'remote-write', transport: 'http', path: '/api/v1/write', maxBytes: HTTP_MAX, seeds: seedList,
    build(rng, steps) {
      const seed = rng.pick(seedList);
      const beforeSnappy = rng.chance(0.5);
      const proto = beforeSnappy ? layered(seed, rng, steps, () => mutateProto(seed, rng, HTTP_MAX, steps), HTTP_MAX, seedList, PROTO_TOKENS) : seed;
      steps.push('snappy');
      const compressed = compressSync(proto);
      if (beforeSnappy) return { body: compressed, headers: REMOTE_WRITE_HEADERS };
      const body = rng.chance(0.2) ? snappyPreamble(compressed, rng, steps)
        : mutateBytes(compressed, rng, { maxBytes: HTTP_MAX, others: compressedSeeds, dictionary: PROTO_TOKENS }, steps);
      return { body, headers: REMOTE_WRITE_HEADERS };
    },
  };
}

function syslogTarget(name: string, transport: 'udp' | 'tcp', seedList: Buffer[]): FuzzTarget {
  const maxBytes = transport === 'udp' ? UDP_MAX : HTTP_MAX;
  return {
    name, transport, path: '', maxBytes, seeds: seedList,
    build: (rng, steps) => ({ body: mutateBytes(rng.pick(seedList), rng, { maxBytes, others: seedList, dictionary: SYSLOG_TOKENS }, steps), headers: {} }),
  };
}

/** Every protocol, in the order they run; a target (and its seeds) is built only when it is run. */
const builders: Record<string, () => FuzzTarget> = {
  alertmanager: () => jsonTarget('alertmanager', '/api/v1/ingest/alertmanager', seeds.alertmanager()),
  grafana: () => jsonTarget('grafana', '/api/v1/ingest/grafana', seeds.grafana()),
  events: () => jsonTarget('events', '/api/v1/events', seeds.events()),
  'remote-write': remoteWriteTarget,
  'otlp-traces-proto': () => otlpProtoTarget('otlp-traces-proto', '/v1/traces', seeds.tracesProto()),
  'otlp-metrics-proto': () => otlpProtoTarget('otlp-metrics-proto', '/v1/metrics', seeds.metricsProto()),
  'otlp-logs-proto': () => otlpProtoTarget('otlp-logs-proto', '/v1/logs', seeds.logsProto()),
  'otlp-traces-json': () => jsonTarget('otlp-traces-json', '/v1/traces', seeds.tracesJson(), [deepJsonAnyValue], true),
  'otlp-metrics-json': () => jsonTarget('otlp-metrics-json', '/v1/metrics', seeds.metricsJson(), [deepJsonAnyValue], true),
  'otlp-logs-json': () => jsonTarget('otlp-logs-json', '/v1/logs', seeds.logsJson(), [deepJsonAnyValue], true),
  'syslog-udp': () => syslogTarget('syslog-udp', 'udp', seeds.syslogDatagrams()),
  'syslog-tcp': () => syslogTarget('syslog-tcp', 'tcp', seeds.syslogStream()),
};

export const PROTOCOLS: readonly string[] = Object.keys(builders);

/** The targets of `names` (all by default), in PROTOCOLS order. */
export function fuzzTargets(names: readonly string[] = PROTOCOLS): FuzzTarget[] {
  return PROTOCOLS.filter((name) => names.includes(name)).map((name) => (builders[name] as () => FuzzTarget)());
}

export interface FuzzInput extends Built {
  protocol: string;
  index: number;
  /** The mutations applied, in order (for the saved input's description). */
  steps: string[];
}

/** Input `index` of `target` for run seed `seed`: the same three numbers always give the same bytes. */
export function generateInput(target: FuzzTarget, seed: number, index: number): FuzzInput {
  const steps: string[] = [];
  const built = target.build(inputRng(seed, target.name, index), steps);
  const body = built.body.length > target.maxBytes ? built.body.subarray(0, target.maxBytes) : built.body;
  return { protocol: target.name, index, body, headers: built.headers, steps };
}
