import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './load.js';

function yamlFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'opsight-config-')), 'opsight.yaml');
  writeFileSync(file, text);
  return file;
}

describe('loadConfig', () => {
  it('gives the documented defaults with no file, environment or flags', () => {
    const config = loadConfig({ env: {} });
    assert.equal(config.server.port, 8080);
    assert.equal(config.dataDir, './data');
    assert.equal(config.store.driver, 'sqlite');
    assert.equal(config.auth.open, false);
    assert.equal(config.correlate.window, 30 * 60_000);
    assert.ok(Object.isFrozen(config));
  });

  it('refuses an unknown key at any depth, the log miner and anomaly settings included', () => {
    assert.throws(() => loadConfig({ env: {}, file: yamlFile('detect:\n  logs:\n    miner:\n      maxTemplate: 10\n') }), /maxTemplate/);
    assert.throws(() => loadConfig({ env: {}, file: yamlFile('detect:\n  logs:\n    anomalies:\n      windowMS: 10\n') }), /windowMS/);
  });

  it('reads no file when OPSIGHT_CONFIG is empty', () => {
    assert.equal(loadConfig({ env: { OPSIGHT_CONFIG: '' } }).server.port, 8080);
  });

  it('freezes the configuration all the way down', () => {
    const config = loadConfig({ env: {} }) as unknown as { server: { port: number }; detect: { logs: { miner: { maxTemplates: number } } } };
    assert.throws(() => { config.server.port = 1; }, TypeError);
    assert.throws(() => { config.detect.logs.miner.maxTemplates = 1; }, TypeError);
  });

  it('layers the file, then the environment, then flags', () => {
    const file = yamlFile('server:\n  port: 9000\n  host: 127.0.0.1\ncorrelate:\n  window: 10m\n');
    const config = loadConfig({ file, env: { OPSIGHT_PORT: '9100', OPSIGHT_DATA_DIR: '/var/lib/opsight' },
      flags: [{ key: 'server.port', flag: '--port', value: '9200' }] });
    assert.equal(config.server.port, 9200);
    assert.equal(config.server.host, '127.0.0.1');
    assert.equal(config.dataDir, '/var/lib/opsight');
    assert.equal(config.correlate.window, 600_000);
  });

  it('gives every listener the server\'s address unless its section sets its own', () => {
    const flags = [{ key: 'server.host', flag: '--host', value: '127.0.0.1' }];
    const inherited = loadConfig({ env: {}, flags });
    assert.deepEqual([inherited.otlp.host, inherited.syslog.host], ['127.0.0.1', '127.0.0.1']);
    const own = loadConfig({ file: yamlFile('syslog:\n  host: 0.0.0.0\n'), env: { OPSIGHT_OTLP_HOST: '::1' }, flags });
    assert.deepEqual([own.server.host, own.otlp.host, own.syslog.host], ['127.0.0.1', '::1', '0.0.0.0']);
  });

  it('names the key, the problem and where the value came from', () => {
    assert.throws(() => loadConfig({ env: { OPSIGHT_PORT: 'eighty' } }), /server\.port: .*\(from OPSIGHT_PORT="eighty"\)/);
    assert.throws(() => loadConfig({ file: yamlFile('server:\n  prot: 1\n'), env: {} }), /server\.prot: unknown key/);
    assert.throws(() => loadConfig({ file: yamlFile('correlate:\n  window: soon\n'), env: {} }), /correlate\.window: not a duration/);
    assert.throws(() => loadConfig({ file: yamlFile('correlate:\n  rules:\n    - { name: payments-db, match: "cluster ==" }\n'), env: {} }),
      /correlate\.rules\.0\.match: correlate\.rules: rule payments-db does not compile: /);
    assert.throws(() => loadConfig({ env: { OPSIGHT_STORE: 'postgres' } }), /store\.postgresUrl: postgresUrl is required/);
    assert.throws(() => loadConfig({ file: yamlFile('server: [1, 2'), env: {} }), /not valid YAML/);
    assert.throws(() => loadConfig({ file: '/nonexistent/opsight.yaml', env: {} }), /cannot read config file/);
  });
});
