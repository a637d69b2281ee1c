import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { storeTargets } from '../store/testing.js';
import type { TestApp } from '../runtime/testing.js';
import { startTestApp } from '../runtime/testing.js';

interface RawConnection {
  socket: Socket;
  /** Everything the server sent, once it closed the connection. */
  closed: Promise<string>;
}

function open(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve({ socket, closed }));
    let received = '';
    socket.on('data', (chunk) => { received += chunk.toString('latin1'); });
    socket.on('error', () => undefined);
    const closed = new Promise<string>((done) => socket.on('close', () => done(received)));
    socket.once('error', reject);
  });
}

/** Starts a POST whose body never finishes arriving. */
function startTrickle(connection: RawConnection, headers: string): void {
  connection.socket.write(`POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n${headers}\r\n{`);
}

async function healthz(url: string): Promise<number> {
  return (await fetch(`${url}/healthz`)).status;
}

describe('HTTP listener limits', { timeout: 60_000 }, () => {
  let t: TestApp;
  let url: string;
  before(async () => {
    t = await startTestApp(storeTargets[0]!, { server: { requestTimeout: '1500ms', headersTimeout: '1s', maxConnections: 8 } });
    url = (await t.app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
  });
  after(async () => { await t.close(); });

  it('answers 401 to an unauthenticated body trickle and closes the connection without waiting for the body', async () => {
    const connection = await open(url);
    startTrickle(connection, '');
    const reply = await connection.closed;
    assert.match(reply, /^HTTP\/1\.1 401/);
    assert.match(reply, /connection: close/i);
  });

  it('cuts an authenticated request whose body does not arrive within server.requestTimeout', async () => {
    const connection = await open(url);
    startTrickle(connection, `Authorization: Bearer ${t.tokens.ingest}\r\n`);
    const timer = setInterval(() => connection.socket.write(' '), 200);
    const reply = await connection.closed;
    clearInterval(timer);
    assert.match(reply, /^HTTP\/1\.1 408/);
    assert.equal(await healthz(url), 200);
  });

  it('cuts a client that never finishes its headers', async () => {
    const connection = await open(url);
    connection.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const timer = setInterval(() => connection.socket.write('X-Slow: 1\r\n'), 200);
    await connection.closed;
    clearInterval(timer);
    assert.equal(await healthz(url), 200);
  });

  it('holds no more than server.maxConnections connections, and serves again once they go', async () => {
    const idle = await Promise.all(Array.from({ length: 12 }, () => open(url)));
    const count = await new Promise<number>((resolve, reject) => t.app.server.getConnections((error, n) => (error ? reject(error) : resolve(n))));
    assert.ok(count <= 8, `${count} connections open`);
    for (const connection of idle) connection.socket.destroy();
    await Promise.all(idle.map((connection) => connection.closed));
    assert.equal(await healthz(url), 200);
  });
});

describe('response headers', () => {
  let t: TestApp;
  before(async () => { t = await startTestApp(storeTargets[0]!); });
  after(async () => { await t.close(); });

  it('tells browsers not to sniff, frame or cache, on success and on errors', async () => {
    for (const response of [await t.app.inject({ url: '/api/v1/alerts', headers: t.as('viewer') }), await t.app.inject({ url: '/api/v1/alerts' })]) {
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.equal(response.headers['x-frame-options'], 'DENY');
      assert.match(String(response.headers['content-security-policy']), /frame-ancestors 'none'/);
      assert.equal(response.headers['cache-control'], 'no-store');
    }
  });

  it('marks the response that carries a new token secret no-store', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: t.as('admin'), payload: { role: 'viewer', name: 'x' } });
    assert.equal(created.statusCode, 201);
    assert.equal(created.headers['cache-control'], 'no-store');
    assert.equal(created.json<{ warning?: string }>().warning, undefined);
  });
});

describe('open mode', () => {
  let t: TestApp;
  before(async () => { t = await startTestApp(storeTargets[0]!, { auth: { open: true } }); });
  after(async () => { await t.close(); });

  it('says so in /readyz and in the opsight_auth_open gauge', async () => {
    const ready = (await t.app.inject({ url: '/readyz' })).json<{ auth: string }>();
    assert.match(ready.auth, /^open/);
    assert.match((await t.app.inject({ url: '/metrics' })).body, /^opsight_auth_open 1$/m);
  });

  it('warns that a token created while open stays valid later', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', payload: { role: 'admin', name: 'demo' } });
    assert.equal(created.statusCode, 201);
    assert.match(created.json<{ warning: string }>().warning, /stays valid after tokens are turned on/);
  });
});
