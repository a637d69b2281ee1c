/**
 * Keeps the first few failing inputs of each kind per protocol: the raw body (`.bin`) and what is
 * needed to replay it (`.json`: headers, path, the mutations, the server's answer, a curl or nc line).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FuzzInput, FuzzTarget } from './targets.js';

export type FailureKind = 'crash' | '5xx' | 'stall' | 'connection-error';

const PER_KIND = 5;

function replayCommand(target: FuzzTarget, input: FuzzInput, file: string): string {
  if (target.transport === 'udp') return `nc -u -w1 127.0.0.1 5514 < ${file}`;
  if (target.transport === 'tcp') return `nc -N 127.0.0.1 5514 < ${file}`;
  const headers = Object.entries(input.headers).map(([name, value]) => `-H '${name}: ${value}'`).join(' ');
  return `curl -sS -i -X POST "$OPSIGHT_URL${target.path}" -H "Authorization: Bearer $TOKEN" ${headers} --data-binary @${file}`;
}

export class InputArchive {
  private readonly kept = new Map<string, number>();

  constructor(readonly dir: string, private readonly seed: number) {}

  /** Empties the folders of the protocols about to run, so no file is left from an earlier run. */
  reset(protocols: readonly string[]): void {
    for (const protocol of protocols) rmSync(join(this.dir, protocol), { recursive: true, force: true });
  }

  /**
   * Writes the inputs of one failure (one input for a 5xx; every candidate for a crash or stall)
   * unless PER_KIND failures of this kind were kept already; returns the `.bin` paths written.
   */
  save(target: FuzzTarget, inputs: readonly FuzzInput[], kind: FailureKind, detail: string): string[] {
    const key = `${target.name}/${kind}`;
    const kept = this.kept.get(key) ?? 0;
    if (kept >= PER_KIND || inputs.length === 0) return [];
    this.kept.set(key, kept + 1);
    const folder = join(this.dir, target.name);
    mkdirSync(folder, { recursive: true });
    return inputs.map((input) => this.write(target, input, join(folder, `${kind}-${input.index}.bin`), kind, detail));
  }

  private write(target: FuzzTarget, input: FuzzInput, file: string, kind: FailureKind, detail: string): string {
    writeFileSync(file, input.body);
    const meta = {
      protocol: target.name, kind, seed: this.seed, index: input.index, transport: target.transport, path: target.path, headers: input.headers,
      bytes: input.body.length, mutations: input.steps, detail, replay: replayCommand(target, input, file),
    };
    writeFileSync(file.replace(/\.bin$/, '.json'), `${JSON.stringify(meta, null, 2)}\n`);
    return file;
  }
}
