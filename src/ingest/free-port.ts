/** Free and held TCP ports on loopback, for tests and benchmarks that start real servers of their own. */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface HeldPort {
  port: number;
  release(): Promise<void>;
}

/** Listens on `port` (0: a free one) of `host` until released: the clash a listener under test meets. Rejects when it is taken. */
export async function holdPort(host = '127.0.0.1', port = 0): Promise<HeldPort> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen({ host, port }, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    release: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
