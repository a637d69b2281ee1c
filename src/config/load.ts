/** Builds the configuration from a YAML file, the environment and command-line flags, in that order. */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import type { Config } from './schema.js';
import { configSchema, environmentKeys } from './schema.js';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface ConfigSources {
  /** Path of a YAML file; `OPSIGHT_CONFIG` when not given; none when neither is set. */
  file?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Values from command-line flags: the key path they set, the flag's name, and the value if given. */
  flags?: readonly { key: string; flag: string; value: string | boolean | undefined }[];
}

type Tree = Record<string, unknown>;

function setPath(tree: Tree, path: readonly string[], value: unknown): void {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    const child = node[key];
    node = (node[key] = typeof child === 'object' && child !== null && !Array.isArray(child) ? child : {}) as Tree;
  }
  node[path[path.length - 1] as string] = value;
}

function readFile(file: string): Tree {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`config file ${file} is not valid YAML: ${(error as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(`config file ${file} must hold a mapping of keys`);
  return parsed as Tree;
}

function describeIssues(issues: readonly z.core.$ZodIssue[], origins: Map<string, string>): string {
  return issues.map((issue) => {
    const key = issue.path.join('.');
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => (key === '' ? k : `${key}.${k}`)).join(', ') : key;
    const message = issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message;
    const origin = origins.get(key);
    return `  ${keys || '(root)'}: ${message}${origin !== undefined ? ` (from ${origin})` : ''}`;
  }).join('\n');
}

/** Freezes `value` and everything it holds, so no part of the loaded configuration can change under a running server. */
export function deepFreeze<T>(value: T): Readonly<T> {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Loads, validates and freezes the configuration all the way down; throws ConfigError naming each bad key. */
export function loadConfig(sources: ConfigSources = {}): Readonly<Config> {
  const env = sources.env ?? process.env;
  // An empty variable counts as unset, as it does for every other OPSIGHT_ variable.
  const file = sources.file ?? (env.OPSIGHT_CONFIG || undefined);
  const tree = file !== undefined ? readFile(file) : {};
  const origins = new Map<string, string>();
  for (const [name, path] of Object.entries(environmentKeys)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    setPath(tree, path, value);
    origins.set(path.join('.'), `${name}=${JSON.stringify(value)}`);
  }
  for (const { key, flag, value } of sources.flags ?? []) {
    if (value === undefined) continue;
    setPath(tree, key.split('.'), value);
    origins.set(key, `${flag} ${JSON.stringify(value)}`);
  }
  const result = configSchema.safeParse(tree);
  if (!result.success) {
    throw new ConfigError(`invalid configuration${file !== undefined ? ` (${file})` : ''}:\n${describeIssues(result.error.issues, origins)}`);
  }
  return deepFreeze(result.data);
}
