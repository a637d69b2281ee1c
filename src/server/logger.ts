/** Structured logs (pino): JSON lines for machines, or readable colour lines when stdout is a terminal. */
import { pino } from 'pino';
import type { Logger } from 'pino';

export function createLogger(level: string, pretty: boolean = process.stdout.isTTY): Logger {
  if (!pretty) return pino({ level });
  return pino({ level, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } });
}
