import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SqliteDatabase } from './database.js';

describe('SqliteDatabase', () => {
  it('creates its folder and files readable by their owner only', async () => {
    const root = mkdtempSync(join(tmpdir(), 'opsight-sqlite-'));
    try {
      const file = join(root, 'data', 'opsight.db');
      const db = new SqliteDatabase(file);
      await db.run('CREATE TABLE t (x INTEGER)');
      await db.run('INSERT INTO t VALUES (1)');
      assert.equal(statSync(join(root, 'data')).mode & 0o777, 0o700);
      for (const path of [file, `${file}-wal`]) assert.equal(statSync(path).mode & 0o777, 0o600, path);
      await db.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('syncs every commit by default, and only at checkpoints when asked for normal', async () => {
    const full = new SqliteDatabase(':memory:');
    const normal = new SqliteDatabase(':memory:', 'normal');
    assert.deepEqual(await full.query('PRAGMA synchronous'), [{ synchronous: 2 }]);
    assert.deepEqual(await normal.query('PRAGMA synchronous'), [{ synchronous: 1 }]);
    await Promise.all([full.close(), normal.close()]);
  });
});
