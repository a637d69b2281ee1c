/**
 * Structured logs (pino): JSON lines for machines, or readable colour lines when stdout is a terminal.
 * Credentials never reach a log line: authorization headers and secret fields are censored by path,
 * and user:password in any URL inside a message, an error or a field is masked (see redact.ts).
 */
import { pino } from 'pino';
import type { Logger, LoggerOptions } from 'pino';
import { redactCredentials, redactFields } from './redact.js';

const censoredPaths = [
  'req.headers.authorization', 'headers.authorization', '*.headers.authorization',
  'password', '*.password', 'bearerToken', '*.bearerToken', 'token', '*.token', 'secret', '*.secret',
];

const errorSerializer = (error: Error): Record<string, unknown> => redactFields(pino.stdSerializers.err(error));

export const loggerOptions = (level: string): LoggerOptions => ({
  level,
  redact: { paths: censoredPaths, censor: '[redacted]' },
  serializers: { err: errorSerializer },
  formatters: { log: redactFields },
  hooks: {
    logMethod(args, method) {
      const redacted = args.map((arg) => (typeof arg === 'string' ? redactCredentials(arg) : arg)) as Parameters<typeof method>;
      method.apply(this, redacted);
    },
  },
});

export function createLogger(level: string, pretty: boolean = process.stdout.isTTY): Logger {
  const options = loggerOptions(level);
  if (!pretty) return pino(options);
  return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } });
}
