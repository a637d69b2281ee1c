/**
 * The syslog scenario: a stream of RFC 5424 lines over one TCP connection; the rate is lines the
 * server accepted onto the bus (its own counter) per second from the first byte sent.
 */
import { encodeSyslogLines } from '../../ingest/syslog/index.js';
import { freePort } from '../../ingest/free-port.js';
import { startOpsight } from './receivers.js';
import { sendSyslogInWorker } from './run-in-worker.js';

export interface StreamResult {
  accepted: number;
  seconds: number;
}

async function acceptedSyslogLines(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = /^opsight_ingest_accepted_total\{source="syslog"\} (\d+)/m.exec(text);
  return match?.[1] === undefined ? 0 : Number(match[1]);
}

export async function runSyslogStream(lines: number, timeoutMs = 300_000): Promise<StreamResult> {
  const port = await freePort();
  const opsight = await startOpsight(port);
  try {
    const payload = encodeSyslogLines({ count: lines, startTime: Date.UTC(2026, 0, 1) });
    const started = performance.now();
    const sending = sendSyslogInWorker(port, payload);
    let accepted = 0;
    while (accepted < lines && performance.now() - started < timeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      accepted = await acceptedSyslogLines(opsight.url);
    }
    const seconds = (performance.now() - started) / 1000;
    await sending;
    return { accepted, seconds };
  } finally {
    await opsight.stop();
  }
}
