import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { holdPort } from '../ingest/free-port.js';
import type { ServeProcess } from './testing.js';
import { cliMain, ServeExited, serveProcess, stopProcess } from './testing.js';

/** The arguments to node of the command the "no token used yet" warning gives, if it was logged. */
function recoveryCommand(output: string): string[] | undefined {
  const warning = output.split('\n').filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg?: string })
    .find((entry) => entry.msg?.startsWith('no API token has been used yet'));
  return /: node (\S+ token create .*)$/.exec(warning?.msg ?? '')?.[1]?.split(' ');
}

async function status(served: ServeProcess, token: string): Promise<number> {
  return (await fetch(`${served.url}/api/v1/tokens`, { headers: { authorization: `Bearer ${token}` } })).status;
}

describe('opsight serve: the first admin token', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'opsight-first-start-'));
  let served: ServeProcess | undefined;
  after(async () => {
    if (served !== undefined) await stopProcess(served, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is not created by a start whose listener cannot bind, which exits naming the listener', async () => {
    const held = await holdPort();
    try {
      const failed = await serveProcess(dataDir, ['--otlp-port', String(held.port)]).then(() => assert.fail('it started on a port in use'), (error: unknown) => error);
      assert.ok(failed instanceof ServeExited, String(failed));
      assert.equal(failed.code, 1);
      assert.match(failed.output, new RegExp(`error: OTLP listener: port ${held.port} on 127\\.0\\.0\\.1 is in use \\(otlp\\.port\\)`));
      assert.doesNotMatch(failed.output, /admin token/);
    } finally {
      await held.release();
    }
  });

  it('is shown by the next start that listens', async () => {
    served = await serveProcess(dataDir);
    assert.ok(served.token !== undefined, `no admin token shown:\n${served.output}`);
    assert.equal(recoveryCommand(served.output), undefined);
  });

  it('is not shown again; while no token was used, each start says how to create one, and that command works', async () => {
    const first = served?.token ?? assert.fail('no first token');
    await stopProcess(served!, 'SIGTERM');
    served = await serveProcess(dataDir);
    assert.equal(served.token, undefined);
    const command = recoveryCommand(served.output) ?? assert.fail(`no hint on how to get a token:\n${served.output}`);
    assert.equal(resolve(command[0] ?? ''), cliMain, 'the command runs another opsight');
    const created = execFileSync(process.execPath, command, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop() ?? '';
    assert.equal(await status(served, created), 200);
    assert.equal(await status(served, first), 200);
  });

  it('stops saying how to create a token once one was used', async () => {
    await stopProcess(served!, 'SIGTERM');
    served = await serveProcess(dataDir);
    assert.equal(served.token, undefined);
    assert.equal(recoveryCommand(served.output), undefined, served.output);
  });
});
