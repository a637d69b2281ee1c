/** LogRecord: one log line from any source (OTLP, syslog, files), before and after template mining. */
import { z } from 'zod';
import { attributesSchema } from './labels.js';
import { severitySchema } from './severity.js';
import { timeMsSchema } from './time.js';

export const logRecordSchema = z.object({
  entityId: z.string().min(1),
  time: timeMsSchema,
  severity: severitySchema,
  body: z.string(),
  attributes: attributesSchema,
  /** Set by the log miner: the template this line belongs to. */
  templateId: z.string().optional(),
});
export type LogRecord = z.infer<typeof logRecordSchema>;
