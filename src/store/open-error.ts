/**
 * Why a store could not be opened, in words that name the store, the file or server, the setting
 * that chose it and what to check: the drivers' own messages ("unable to open database file",
 * "connect ECONNREFUSED") say neither which store nor which setting.
 */
import { dirname, resolve } from 'node:path';
import { redactCredentials } from '../telemetry/redact.js';

export class StoreOpenError extends Error {
  constructor(message: string, options: ErrorOptions) {
    super(message, options);
    this.name = 'StoreOpenError';
  }
}

/** The error code of a driver or system error; a connection tried on several addresses fails with an AggregateError of them. */
function codeOf(error: unknown): string | undefined {
  const { code, errors } = error as { code?: unknown; errors?: unknown[] };
  if (typeof code === 'string') return code;
  return errors === undefined ? undefined : codeOf(errors[0]);
}

function messageOf(error: unknown): string {
  const { message, errors } = error as { message?: string; errors?: unknown[] };
  if (message) return message;
  return errors?.[0] === undefined ? String(error) : messageOf(errors[0]);
}

const DATA_DIR_SETTING = 'dataDir (--data-dir, OPSIGHT_DATA_DIR)';

function sqliteAdvice(code: string | undefined, file: string): string {
  const folder = dirname(file);
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR': return `The folder ${folder} cannot be created: part of its path is missing or is a file. Set ${DATA_DIR_SETTING} to a folder that can be.`;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM': return `This user may not write there: check the owner and permissions of ${folder} and ${file}, or set ${DATA_DIR_SETTING} to another folder.`;
    case 'EISDIR': return `${file} is a folder, not the database: move it away or set ${DATA_DIR_SETTING} to another folder.`;
    case 'SQLITE_NOTADB': return `${file} is not a SQLite database: check that ${DATA_DIR_SETTING} names opsight's folder.`;
    default: return `Check that the folder ${folder} exists, that this user may write it (SQLite creates opsight.db-wal and opsight.db-shm beside the database) `
      + `and that the path is not too long, or set ${DATA_DIR_SETTING} to another folder.`;
  }
}

/** An error opening or migrating the SQLite store in `file`. */
export function sqliteOpenError(error: unknown, file: string): StoreOpenError {
  const path = resolve(file);
  return new StoreOpenError(`cannot open the SQLite store ${path}: ${messageOf(error)}. ${sqliteAdvice(codeOf(error), path)}`, { cause: error });
}

/** `host:port` of a PostgreSQL URL as pg reads it (a `host` parameter wins; no host is localhost). */
function postgresAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.searchParams.get('host') ?? (parsed.hostname || 'localhost')}:${parsed.port || '5432'}`;
  } catch {
    return 'the server';
  }
}

/** An error connecting to, or migrating, the PostgreSQL store at `url`; the URL is shown with its password masked. */
export function postgresOpenError(error: unknown, url: string): StoreOpenError {
  const at = `PostgreSQL at ${postgresAddress(url)} (store.postgresUrl ${redactCredentials(url)})`;
  const message = messageOf(error);
  const sentence = (() => {
    switch (codeOf(error)) {
      case 'ECONNREFUSED': return `${at} refused the connection: check that PostgreSQL runs and listens on that address and port`;
      case 'ENOTFOUND':
      case 'EAI_AGAIN': return `${at}: the host name does not resolve`;
      case 'ETIMEDOUT':
      case 'EHOSTUNREACH':
      case 'ENETUNREACH': return `${at} cannot be reached (${message}): check the address and the network in between`;
      case '28P01':
      case '28000': return `${at} refused the login: ${message}`;
      case '3D000': return `${at}: ${message}; create it or name another database in the URL`;
      default: return `${at}: ${message}`;
    }
  })();
  return new StoreOpenError(sentence, { cause: error });
}
