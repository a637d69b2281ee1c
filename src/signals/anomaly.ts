/** Anomaly: what a detector found, with the evidence a person needs to check it. */
import { z } from 'zod';
import { timeMsSchema } from './time.js';

export const anomalySchema = z.object({
  id: z.string().min(1),
  detector: z.string().min(1),
  signal: z.enum(['metric', 'log', 'trace']),
  entityId: z.string().min(1),
  /** The series, log template or operation the anomaly is about. */
  subject: z.string().min(1),
  time: timeMsSchema,
  /** How unusual, in [0, 1]. */
  score: z.number().min(0).max(1),
  actual: z.number().optional(),
  expected: z.number().optional(),
  lower: z.number().optional(),
  upper: z.number().optional(),
  /** When the unusual behaviour began. */
  since: timeMsSchema.optional(),
  explanation: z.string(),
  /** The log template it is about (log anomalies; a burst of errors names its most frequent error template). */
  templateId: z.string().min(1).optional(),
});
export type Anomaly = z.infer<typeof anomalySchema>;
