/** A line read from a file → a LogRecord: entity from the input's config, time and severity guessed from the text. */
import type { Attributes, LogRecord } from '../../signals/index.js';
import { resolveEntity } from '../../signals/index.js';
import type { FileInput } from './config.js';
import { guessSeverity } from './guess-severity.js';
import type { Line } from './line-splitter.js';
import { lineTime } from './line-time.js';

export interface FileRecordContext {
  /** Wall time of the read (epoch ms): the time of lines without a leading timestamp. */
  readAt: number;
  /** This machine's name: the entity of inputs with neither `entity` nor `service`. */
  hostname: string;
  /** The concrete file the line came from. */
  path: string;
  offsetMinutes: number;
}

/** The entity rule for files: `entity`, else `service` (a service), else this host. */
export function entityOfInput(input: FileInput, hostname: string): string {
  return resolveEntity({ entity: input.entity, 'service.name': input.service, 'host.name': hostname }).id;
}

/** Attributes every line of a file shares: the input's labels, the file path, this host, the service. */
export function fileAttributes(input: FileInput, path: string, hostname: string): Attributes {
  const attributes: Attributes = { ...input.labels, 'log.file.path': path, 'host.name': hostname };
  if (input.service !== undefined) attributes['service.name'] = input.service;
  return attributes;
}

/** `base` is fileAttributes(...) of the file; each record gets its own copy, since later stages may add to it. */
export function toFileRecord(line: Line, entityId: string, base: Attributes, context: FileRecordContext): LogRecord {
  const attributes = { ...base };
  if (line.truncated) attributes['log.truncated'] = true;
  if (line.invalidUtf8) attributes['log.invalid_utf8'] = true;
  return {
    entityId,
    time: lineTime(line.text, context.readAt, context.offsetMinutes),
    severity: guessSeverity(line.text),
    body: line.text,
    attributes,
  };
}
