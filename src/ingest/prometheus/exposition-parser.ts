/**
 * Parser of the Prometheus text exposition format (0.0.4): HELP and TYPE comments, samples with
 * escaped label values, +Inf/-Inf/NaN values and optional millisecond timestamps. Pure; a
 * malformed line throws ExpositionError naming its line number, and nothing is returned.
 */
import type { FamilyType } from './metric-kind.js';

export interface ExpositionSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** Epoch milliseconds written by the target, if any. */
  timestampMs: number | undefined;
}

export interface Exposition {
  samples: ExpositionSample[];
  /** Family name → its `# TYPE`. */
  types: Map<string, FamilyType>;
  /** Family name → its `# HELP`, unescaped. */
  help: Map<string, string>;
}

export class ExpositionError extends Error {
  constructor(readonly line: number, readonly problem: string) {
    super(`line ${line}: ${problem}`);
    this.name = 'ExpositionError';
  }
}

const familyTypes = new Set<string>(['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset', 'unknown', 'untyped']);
const metricNameStart = /[a-zA-Z_:]/;
const metricNameChars = /[a-zA-Z0-9_:]*/y;
const labelNamePattern = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const decimal = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const integer = /^[+-]?\d+$/;

/** Go's strconv.ParseFloat spellings as Prometheus accepts them: decimals, exponents, Inf, NaN. */
export function parseValue(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (lower === '+inf' || lower === 'inf' || lower === '+infinity' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  return decimal.test(text) ? Number(text) : undefined;
}

function unescapeHelp(text: string): string {
  return text.replace(/\\([\\n])/g, (_, char: string) => (char === 'n' ? '\n' : '\\'));
}

function skipBlanks(line: string, pos: number): number {
  while (line[pos] === ' ' || line[pos] === '\t') pos++;
  return pos;
}

function readComment(line: string, exposition: Exposition, seenTypes: Set<string>): void {
  const match = /^#[ \t]+(HELP|TYPE)[ \t]+([a-zA-Z_:][a-zA-Z0-9_:]*)(?:[ \t]+(.*))?$/.exec(line);
  if (match === null) return; // Any other comment is free text.
  const [, keyword, name = '', rest = ''] = match;
  if (keyword === 'HELP') {
    exposition.help.set(name, unescapeHelp(rest));
    return;
  }
  const type = rest.trim();
  if (!familyTypes.has(type)) throw new Error(`unknown metric type ${JSON.stringify(type)} for ${name}`);
  if (seenTypes.has(name)) throw new Error(`second TYPE line for ${name}`);
  seenTypes.add(name);
  exposition.types.set(name, type as FamilyType);
}

function readLabelValue(line: string, pos: number): [string, number] {
  if (line[pos] !== '"') throw new Error(`expected " to open a label value at column ${pos + 1}`);
  let value = '';
  for (let i = pos + 1; i < line.length; i++) {
    const char = line[i];
    if (char === '"') return [value, i + 1];
    if (char !== '\\') {
      value += char;
      continue;
    }
    const next = line[++i];
    if (next === undefined) break;
    value += next === 'n' ? '\n' : next === '"' || next === '\\' ? next : `\\${next}`;
  }
  throw new Error('label value is not closed with "');
}

function readLabels(line: string, start: number, labels: Record<string, string>): number {
  let pos = skipBlanks(line, start + 1);
  while (line[pos] !== '}') {
    labelNamePattern.lastIndex = pos;
    const name = labelNamePattern.exec(line)?.[0];
    if (name === undefined) throw new Error(`expected a label name or } at column ${pos + 1}`);
    pos = skipBlanks(line, pos + name.length);
    if (line[pos] !== '=') throw new Error(`expected = after label name ${name}`);
    const [value, end] = readLabelValue(line, skipBlanks(line, pos + 1));
    if (Object.hasOwn(labels, name)) throw new Error(`duplicate label name ${name}`);
    labels[name] = value;
    pos = skipBlanks(line, end);
    if (line[pos] === ',') pos = skipBlanks(line, pos + 1);
    else if (line[pos] !== '}') throw new Error(`expected , or } after the value of label ${name}`);
  }
  return pos + 1;
}

function readSample(line: string): ExpositionSample {
  if (!metricNameStart.test(line[0] ?? '')) throw new Error('a sample must start with a metric name');
  metricNameChars.lastIndex = 1;
  const name = line.slice(0, 1 + (metricNameChars.exec(line)?.[0].length ?? 0));
  const labels: Record<string, string> = {};
  let pos = skipBlanks(line, name.length);
  if (line[pos] === '{') pos = readLabels(line, pos, labels);
  const fields = line.slice(pos).trim().split(/[ \t]+/);
  const [valueText = '', timestampText, extra] = fields;
  if (extra !== undefined) throw new Error(`unexpected ${JSON.stringify(extra)} after the timestamp`);
  const value = parseValue(valueText);
  if (valueText === '' || value === undefined) throw new Error(`${name}: ${valueText === '' ? 'no value' : `invalid value ${JSON.stringify(valueText)}`}`);
  if (timestampText !== undefined && !integer.test(timestampText)) throw new Error(`${name}: invalid timestamp ${JSON.stringify(timestampText)} (expected integer milliseconds)`);
  return { name, labels, value, timestampMs: timestampText === undefined ? undefined : Number(timestampText) };
}

/** Parses a whole exposition; throws ExpositionError at the first malformed line. */
export function parseExposition(text: string): Exposition {
  const exposition: Exposition = { samples: [], types: new Map(), help: new Map() };
  const seenTypes = new Set<string>();
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] as string).replace(/\r$/, '').trimStart();
    if (line === '') continue;
    if (line === '# EOF') break; // OpenMetrics' terminator, for targets that send it anyway.
    try {
      if (line.startsWith('#')) readComment(line, exposition, seenTypes);
      else exposition.samples.push(readSample(line));
    } catch (error) {
      throw new ExpositionError(index + 1, (error as Error).message);
    }
  }
  return exposition;
}
