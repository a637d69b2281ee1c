/**
 * Log file tailing: follows files (and globs) through rename and truncate rotation, resuming
 * from saved positions after a restart.
 *
 * ```ts
 * const files = new FileSource({ config: filesConfigSchema.parse(config.files), dataDir: config.dataDir, sink, metrics, logger });
 * await files.start();    // loads positions, reads what is new, then follows
 * await files.stop();
 * ```
 */
export { filesConfigSchema, fileInputSchema, type FilesConfig, type FileInput } from './config.js';
export { FileSource, FILE_SOURCE, type FileSourceOptions, type Timers } from './file-source.js';
export { guessSeverity } from './guess-severity.js';
export { splitLines, type Line, type Split } from './line-splitter.js';
export { PositionStore, type FilePosition } from './position-store.js';
