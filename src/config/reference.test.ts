/**
 * docs/config.md is written by hand; this test holds it to the schema: every key the schema declares is
 * listed with its default (or as required / unset), every key listed exists, and the environment variables
 * and flags it lists set the keys it says.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { configSchema, environmentKeys } from './schema.js';
import { dataFlagKeys, serveFlagKeys } from '../cli/config-options.js';

type Presence = 'default' | 'optional' | 'required';

interface SchemaKey {
  key: string;
  presence: Presence;
  /** The field as declared, default included: parsing undefined gives the default, parsing a value checks it. */
  field: z.ZodType;
}

/** The schema a field stands for once defaults, optionality and pipes are peeled off, and whether it has a default or may be left out. */
function unwrap(field: z.ZodType): { node: z.ZodType; presence: Presence } {
  let node = field;
  let presence: Presence = 'required';
  for (;;) {
    if (node instanceof z.ZodDefault || node instanceof z.ZodPrefault) {
      presence = 'default';
      node = node.unwrap() as z.ZodType;
    } else if (node instanceof z.ZodOptional) {
      if (presence === 'required') presence = 'optional';
      node = node.unwrap() as z.ZodType;
    } else if (node instanceof z.ZodPipe) {
      node = node.in as z.ZodType;
    } else {
      return { node, presence };
    }
  }
}

/** The objects a value may be: the node itself, or the object options of a union (`files.inputs` takes a path or an object). */
function objectsOf(node: z.ZodType): z.ZodObject[] {
  if (node instanceof z.ZodObject) return [node];
  if (node instanceof z.ZodUnion) return (node.options as z.ZodType[]).flatMap((option) => objectsOf(unwrap(option).node));
  return [];
}

/** Every settable key under `path`: sections are walked, not listed; a list is a key, and the fields of its items are keys too (`list[].field`). */
function schemaKeys(field: z.ZodType, path: string): SchemaKey[] {
  const { node, presence } = unwrap(field);
  if (node instanceof z.ZodObject) {
    return Object.entries(node.shape as Record<string, z.ZodType>).flatMap(([name, child]) => schemaKeys(child, path === '' ? name : `${path}.${name}`));
  }
  const own: SchemaKey = { key: path, presence, field };
  if (!(node instanceof z.ZodArray)) return [own];
  const items = objectsOf(unwrap(node.element as z.ZodType).node);
  return [own, ...items.flatMap((item) => schemaKeys(item, `${path}[]`))];
}

/** The cells of a markdown table row; `\|` inside a cell is not a separator. */
function cells(row: string): string[] {
  return row.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((cell) => cell.trim());
}

/** The rows of every table in `doc` whose header is exactly `header`. */
function tableRows(doc: string, header: readonly string[]): string[][] {
  const lines = doc.split('\n');
  const rows: string[][] = [];
  lines.forEach((line, i) => {
    if (!line.startsWith('|') || cells(line).join('|') !== header.join('|')) return;
    for (let j = i + 2; j < lines.length && (lines[j] ?? '').startsWith('|'); j++) rows.push(cells(lines[j] ?? ''));
  });
  return rows;
}

/** The text of a cell that is one code span, else undefined. */
function codeSpan(cell: string): string | undefined {
  return /^`([^`]+)`$/.exec(cell)?.[1];
}

const doc = readFileSync(new URL('../../docs/config.md', import.meta.url), 'utf8');
const keysInSchema = schemaKeys(configSchema, '');
const keyRows = tableRows(doc, ['key', 'type', 'default', 'meaning']);

describe('docs/config.md', () => {
  it('lists every key of the schema once, and no other', () => {
    const listed = keyRows.map((row) => codeSpan(row[0] ?? '') ?? `(not a code span: ${row[0]})`);
    const inSchema = new Set(keysInSchema.map((entry) => entry.key));
    for (const key of inSchema) assert.ok(listed.includes(key), `${key} is in the schema but not in docs/config.md`);
    for (const key of listed) assert.ok(inSchema.has(key), `${key} is in docs/config.md but not in the schema`);
    const repeated = listed.filter((key, i) => listed.indexOf(key) !== i);
    assert.deepEqual(repeated, [], `listed more than once in docs/config.md: ${repeated.join(', ')}`);
  });

  it('gives each key its default from the schema, or says it is required or unset', () => {
    const rows = new Map(keyRows.map((row) => [codeSpan(row[0] ?? ''), row]));
    for (const { key, presence, field } of keysInSchema) {
      const [, type = '', cell = '', meaning = ''] = rows.get(key) ?? [];
      assert.notEqual(type, '', `${key}: no type in docs/config.md`);
      assert.notEqual(meaning, '', `${key}: no meaning in docs/config.md`);
      const written = codeSpan(cell);
      if (presence === 'required') assert.equal(cell, 'required', `${key} is required: its default cell must read "required", not ${cell}`);
      if (presence === 'optional') assert.match(cell, /^unset\b/, `${key} has no default: its default cell must start with "unset", not ${cell}`);
      if (presence !== 'default') continue;
      assert.ok(written !== undefined, `${key}: the default must be one code span holding a YAML value, not ${cell}`);
      const documented = field.safeParse(parseYaml(written));
      assert.ok(documented.success, `${key}: the documented default ${written} is not a valid value: ${documented.error?.message ?? ''}`);
      assert.deepEqual(documented.data, field.parse(undefined), `${key}: documented default ${written} is not the schema's`);
    }
  });

  it('lists every environment variable with the key it sets, and no other', () => {
    const listed = new Map(tableRows(doc, ['environment variable', 'key']).map((row) => [codeSpan(row[0] ?? ''), codeSpan(row[1] ?? '')]));
    for (const [name, path] of Object.entries(environmentKeys)) {
      assert.equal(listed.get(name), path.join('.'), `${name} sets ${path.join('.')}: docs/config.md says ${listed.get(name)}`);
    }
    for (const name of listed.keys()) assert.ok(name !== undefined && name in environmentKeys, `${name} is in docs/config.md but sets no config key`);
  });

  it('lists every flag with the key it sets and the commands that take it, and no other', () => {
    const flags = new Map<string, { key: string; commands: string[] }>();
    for (const { flag, key } of Object.values(serveFlagKeys)) flags.set(flag, { key, commands: ['serve'] });
    for (const { flag } of Object.values(dataFlagKeys)) flags.get(flag)?.commands.push('token');
    const listed = tableRows(doc, ['flag', 'key', 'commands']);
    for (const [flag, { key, commands }] of flags) {
      const row = listed.find((cellsOfRow) => codeSpan(cellsOfRow[0] ?? '') === flag);
      assert.ok(row !== undefined, `${flag} is missing from docs/config.md`);
      assert.equal(codeSpan(row[1] ?? ''), key, `${flag} sets ${key}`);
      assert.equal(row[2], commands.map((command) => `\`${command}\``).join(', '), `${flag} is taken by ${commands.join(', ')}`);
    }
    for (const row of listed) assert.ok(flags.has(codeSpan(row[0] ?? '') ?? ''), `${row[0]} is in docs/config.md but sets no config key`);
  });
});
