/** Tests of the streaming template miner: stable ids, refinement, no growth on repeats, persistence, bounds, bad input. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TemplateMiner } from './template-miner.js';

function mine(miner: TemplateMiner, lines: readonly string[], entity = ''): string[] {
  return lines.map((line) => miner.add(line, entity).templateId);
}

const users = ['webmaster', 'test', 'admin', 'oracle', 'guest', 'pi', 'ubnt'];

describe('TemplateMiner', () => {
  it('masks values and extracts them as parameters, one per <*>', () => {
    const line = new TemplateMiner().add('Received block blk_-1608999687919862906 of size 91178 from /10.250.10.6');
    assert.equal(line.template, 'Received block <*> of size <*> from <*>');
    assert.deepEqual(line.params, ['blk_-1608999687919862906', '91178', '/10.250.10.6']);
    assert.equal(line.created, true);
  });

  it('widens a word position once it holds enough distinct words, keeping the first id', () => {
    const miner = new TemplateMiner();
    const ids = mine(miner, users.map((user, i) => `Invalid user ${user} from 10.0.0.${i}`));
    const first = ids[0] ?? '';
    assert.equal(miner.templateOf(first), 'Invalid user <*> from <*>');
    assert.ok(ids.every((id) => miner.resolve(id) === first), 'every earlier id resolves to the first');
    assert.equal(miner.templates().length, 1);
    assert.deepEqual(miner.templates('', [ids[1] ?? '', 'T999']).map((t) => t.id), [first], 'a merged id names the template that absorbed it');
    const after = miner.add('Invalid user nobody from 10.0.0.9');
    assert.equal(after.templateId, first);
    assert.deepEqual(after.params, ['nobody', '10.0.0.9']);
  });

  it('refines a position to <*> at once when a later line holds a value there, keeping the id', () => {
    const miner = new TemplateMiner();
    const first = miner.add('job backup owned by root finished');
    assert.equal(first.template, 'job backup owned by root finished');
    const second = miner.add('job backup owned by 1001 finished');
    assert.equal(second.templateId, first.templateId);
    assert.equal(second.template, 'job backup owned by <*> finished');
    assert.deepEqual(miner.add('job backup owned by alice finished').params, ['alice']);
  });

  it('keeps lines apart whose only difference is a constant word that takes few values', () => {
    const miner = new TemplateMiner();
    const lines = Array.from({ length: 20 }, (_, i) => `Failed ${i % 2 === 0 ? 'password' : 'none'} for invalid user x${i} from 1.2.3.${i} port ${i} ssh2`);
    mine(miner, lines);
    const templates = miner.templates().map((t) => t.template).sort();
    assert.deepEqual(templates, [
      'Failed none for invalid user <*> from <*> port <*> ssh2',
      'Failed password for invalid user <*> from <*> port <*> ssh2',
    ]);
  });

  it('never merges upper-case keywords (modes such as GET or FOLLOWING)', () => {
    const miner = new TemplateMiner();
    mine(miner, ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH'].map((verb) => `"${verb} /v2/servers HTTP/1.1" status: 200`));
    assert.equal(miner.templates().length, 6);
  });

  it('opens a first word that varies beside many constants, and keeps one that names the event beside few', () => {
    const miner = new TemplateMiner();
    const programs = ['chrome.exe', 'firefox.exe', 'svchost.exe', 'git.exe', 'ssh.exe', 'curl.exe'];
    const opened = programs.map((p, i) => miner.add(`${p} - mail.example.com:443 open through proxy proxy-${i}.corp.net:8080 HTTPS`));
    assert.equal(miner.templateOf(opened[0]?.templateId ?? ''), '<*> - <*> open through proxy <*> HTTPS');
    assert.deepEqual(opened.at(-1)?.params, ['curl.exe', 'mail.example.com:443', 'proxy-5.corp.net:8080']);
    const commands = ['boot', 'wait', 'halt', 'risBoot', 'reboot', 'clusterAddMember'];
    const events = commands.map((c, i) => miner.add(`${c} (command ${i})`).templateId);
    assert.equal(new Set(events).size, commands.length, 'only one constant besides the word: each word is its own event');
  });

  it('widens a word inside a token up to its delimiters (name=com.a.b and name=com.c.d give name=<*>)', () => {
    const miner = new TemplateMiner();
    const lines = ['com.android.phone', 'com.example.mail', 'org.demo.app', 'com.android.systemui', 'net.sample.reader', 'com.tools.clock']
      .map((pkg, i) => `release lock=${i}, flags=0x1, name=${pkg}, ws=null, uid=1000`);
    const [first] = mine(miner, lines);
    assert.equal(miner.templateOf(first ?? ''), 'release lock=<*>, flags=<*>, name=<*>, ws=<*>, uid=<*>');
  });

  it('does not grow on repeated input, even for templates that are nearly all parameters', () => {
    const miner = new TemplateMiner();
    const lines = [
      'BLOCK* ask 10.250.17.177:50010 to delete  blk_-8570780307468499817 blk_-9122557405432088649',
      '10.251.30.85:50010:Got exception while serving blk_-2918118818249673980 to /10.251.90.64:',
      '1 2 3 4',
      '5 6 7 8',
      ...users.map((user) => `session opened for user ${user} by (uid=0)`),
    ];
    mine(miner, lines);
    const before = miner.templates().length;
    for (let pass = 0; pass < 100; pass += 1) mine(miner, lines);
    assert.equal(miner.templates().length, before);
    const repeated = new TemplateMiner({ maxCachedLines: 1 }); // no fast path: the slow path alone must not grow either
    for (let pass = 0; pass < 20; pass += 1) mine(repeated, lines);
    assert.equal(repeated.templates().length, before);
  });

  it('reads a number and its size unit as one parameter, on a new line and on a cached one', () => {
    const miner = new TemplateMiner();
    const first = miner.add('Block stored (estimated size 384.0 B, free 317.5 KB)');
    const second = miner.add('Block stored (estimated size 16.2 KB, free 2 GB)');
    assert.equal(first.template, 'Block stored (estimated size <*>, free <*>)');
    assert.deepEqual(first.params, ['384.0 B', '317.5 KB']);
    assert.equal(second.templateId, first.templateId);
    assert.deepEqual(second.params, ['16.2 KB', '2 GB']);
  });

  it('gives the same ids and parameters whether a line key is cached or not', () => {
    const lines = [
      ...users.map((user, i) => `Accepted password for ${user} from 10.0.${i}.1 port ${2200 + i} ssh2`),
      ...users.map((user, i) => `session opened for user ${user} by (uid=${i}) took 1${i} ms, free ${i}.5 MB`),
      'GET /v2/servers/detail HTTP/1.1 status: 200 len: 1893 time: 0.26',
      'GET /v2/servers/detail HTTP/1.1 status: 404 len: 12 time: 1.5',
    ];
    const cached = new TemplateMiner();
    const uncached = new TemplateMiner({ maxCachedLines: 1 });
    for (let pass = 0; pass < 3; pass += 1) {
      for (const line of lines) assert.deepEqual(cached.add(line), uncached.add(line), line);
    }
  });

  it('keeps each entity apart', () => {
    const miner = new TemplateMiner();
    const a = miner.add('disk full on /dev/sda1', 'host-a');
    const b = miner.add('disk full on /dev/sda1', 'host-b');
    assert.notEqual(a.templateId, b.templateId);
    assert.equal(miner.templates('host-a').length, 1);
  });

  it('snapshots an entity to plain JSON and restores a miner that behaves the same', () => {
    const miner = new TemplateMiner();
    const lines = [...users.map((user) => `login ${user} ok after 3 tries`), 'connection reset by peer 10.0.0.1:22'];
    mine(miner, lines);
    const restored = new TemplateMiner();
    restored.restoreCounters(JSON.parse(JSON.stringify(miner.counters())) as ReturnType<TemplateMiner['counters']>);
    restored.restoreEntity(JSON.parse(JSON.stringify(miner.snapshotEntity(''))) as NonNullable<ReturnType<TemplateMiner['snapshotEntity']>>);
    assert.deepEqual(restored.templates(), miner.templates());
    const next = 'login mallory ok after 4 tries';
    assert.equal(restored.add(next).templateId, miner.add(next).templateId);
    const fresh = 'a brand new line';
    assert.equal(restored.add(fresh).templateId, miner.add(fresh).templateId, 'ids continue from the same counter');
  });

  it('forgets an entity whole, and restores an entity from parts of its snapshot', () => {
    const miner = new TemplateMiner();
    mine(miner, ['alpha one', 'beta two three', 'gamma four five six'], 'host-a');
    mine(miner, ['alpha one'], 'host-b');
    const whole = miner.snapshotEntity('host-a');
    assert.ok(whole !== undefined);
    miner.forget('host-a');
    assert.deepEqual(new Set(miner.templates().map((t) => t.entityId)), new Set(['host-b']));
    assert.deepEqual(miner.templates('host-a'), []);
    assert.equal(miner.snapshotEntity('host-a'), undefined);
    miner.restoreEntity({ ...whole, templates: whole.templates.slice(0, 1) });
    miner.restoreEntity({ ...whole, templates: whole.templates.slice(1), aliases: [] });
    assert.deepEqual(miner.snapshotEntity('host-a'), whole);
  });

  it('caps templates per entity, evicting the least recently matched', () => {
    const miner = new TemplateMiner({ maxTemplates: 3 });
    const ids = mine(miner, ['alpha one', 'beta two three', 'gamma four five six']);
    miner.add('alpha one');
    miner.add('delta seven eight nine ten');
    assert.equal(miner.templates().length, 3);
    assert.equal(miner.templateOf(ids[1] ?? ''), undefined, 'beta was matched least recently');
    assert.equal(miner.templateOf(ids[0] ?? ''), 'alpha one');
  });

  describe('bad input', () => {
    it('gives empty and blank lines one empty template', () => {
      const miner = new TemplateMiner();
      const [a, b] = mine(miner, ['', '   \t ']);
      assert.equal(a, b);
      assert.equal(miner.templateOf(a ?? ''), '');
    });

    it('treats binary junk and invalid UTF-8 (decoded as U+FFFD) as ordinary tokens', () => {
      const miner = new TemplateMiner();
      const junk = String.fromCharCode(...Array.from({ length: 300 }, (_, i) => (i * 37) % 256));
      const decoded = Buffer.from([0xff, 0xfe, 0x41, 0xc3, 0x28, 0x20, 0x80]).toString('utf8');
      assert.doesNotThrow(() => mine(miner, [junk, decoded, junk]));
      assert.equal(miner.add(junk).created, false);
    });

    it('bounds a 1 MB line: only the first maxLineChars count, the tail of many tokens is one parameter', () => {
      const miner = new TemplateMiner();
      const huge = 'start '.repeat(200_000);
      const line = miner.add(huge);
      assert.ok(line.template.length < 2000);
      assert.equal(line.template.split(' ').length, 128);
      assert.equal(miner.add(huge + 'x').templateId, line.templateId);
      const oneToken = miner.add('x'.repeat(1_000_000));
      assert.ok(oneToken.template.length <= 8192);
    });

    it('reads a 1 MB line of one token or of numbers in bounded time, as one parameter past the limits', () => {
      const miner = new TemplateMiner();
      const digits = miner.add('7'.repeat(1_000_000));
      assert.equal(digits.template, '<*>');
      assert.equal(digits.params[0]?.length, 8192);
      const numbers = miner.add('12 '.repeat(400_000));
      assert.equal(numbers.params.length, 128);
      assert.equal(numbers.params.at(-1)?.length, 8192 - 127 * 3);
    });

    it('masks lines that are all numbers into one template per token count', () => {
      const miner = new TemplateMiner();
      const ids = mine(miner, ['1 2 3', '4 5 6', '7.5 -8 0x9']);
      assert.equal(new Set(ids).size, 1);
      assert.equal(miner.templateOf(ids[0] ?? ''), '<*> <*> <*>');
    });
  });
});
