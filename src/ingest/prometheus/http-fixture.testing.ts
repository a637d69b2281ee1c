/** Test support: a loopback HTTP server whose answer a test sets per path. */
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  status?: number;
  contentType?: string;
  body: string;
  delayMs?: number;
}

export class HttpFixture {
  readonly answers = new Map<string, Answer>();
  readonly requests: IncomingMessage[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.requests.push(request);
      const answer = this.answers.get((request.url ?? '/').split('?')[0] ?? '/') ?? { status: 404, body: 'not found' };
      setTimeout(() => {
        response.writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'text/plain; version=0.0.4' });
        response.end(answer.body);
      }, answer.delayMs ?? 0);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
