/** The Alertmanager webhook payload, version 4, as Alertmanager's webhook notifier sends it. */
import { z } from 'zod';
import { labelsSchema } from '../../signals/index.js';
import { optionalGoTimestampField } from '../timestamps.js';

export const alertmanagerAlertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labelsSchema,
  annotations: labelsSchema.default({}),
  startsAt: optionalGoTimestampField,
  endsAt: optionalGoTimestampField.optional(),
  generatorURL: z.string().default(''),
  fingerprint: z.string().default(''),
});

/** The group fields Alertmanager and Grafana share; each adds its version and extras. */
export const alertGroupFields = {
  groupKey: z.string(),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: labelsSchema.default({}),
  commonLabels: labelsSchema.default({}),
  commonAnnotations: labelsSchema.default({}),
  externalURL: z.string().default(''),
  alerts: z.array(alertmanagerAlertSchema).max(10_000),
};

export const alertmanagerPayloadSchema = z.object({
  version: z.literal('4', { error: 'unsupported webhook payload version: only version "4" is understood' }),
  ...alertGroupFields,
});
export type AlertmanagerPayload = z.infer<typeof alertmanagerPayloadSchema>;
