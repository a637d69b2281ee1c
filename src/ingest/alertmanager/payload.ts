/** The Alertmanager webhook payload, version 4, as Alertmanager's webhook notifier sends it. */
import { z } from 'zod';
import { labelsSchema } from '../../signals/index.js';
import { optionalGoTimestampField } from '../timestamps.js';

/** Most labels (or annotations) in one map: real alerts carry tens. */
export const MAX_LABELS_PER_MAP = 256;
/**
 * Most label and annotation entries the events of one payload may hold: the group's common maps are
 * copied onto every alert, so a small body with many alerts and large common maps would otherwise
 * expand into hundreds of millions of entries.
 */
export const MAX_ENTRIES_PER_PAYLOAD = 500_000;

const labelMapSchema = labelsSchema.refine((labels) => Object.keys(labels).length <= MAX_LABELS_PER_MAP, `at most ${MAX_LABELS_PER_MAP} entries`);

export const alertmanagerAlertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labelMapSchema,
  annotations: labelMapSchema.default({}),
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
  groupLabels: labelMapSchema.default({}),
  commonLabels: labelMapSchema.default({}),
  commonAnnotations: labelMapSchema.default({}),
  externalURL: z.string().default(''),
  alerts: z.array(alertmanagerAlertSchema).max(10_000),
};

type GroupShape = { commonLabels: Record<string, string>; commonAnnotations: Record<string, string>; alerts: { labels: Record<string, string>; annotations: Record<string, string> }[] };

/** Refuses a payload whose events would together hold more than MAX_ENTRIES_PER_PAYLOAD entries. */
export function checkPayloadEntries(payload: GroupShape, context: z.RefinementCtx): void {
  const common = Object.keys(payload.commonLabels).length + Object.keys(payload.commonAnnotations).length;
  let entries = 0;
  for (const alert of payload.alerts) entries += common + Object.keys(alert.labels).length + Object.keys(alert.annotations).length;
  if (entries > MAX_ENTRIES_PER_PAYLOAD) {
    context.addIssue({ code: 'custom', path: ['alerts'], message: `the alerts would hold ${entries} labels and annotations with the common ones copied onto each, more than ${MAX_ENTRIES_PER_PAYLOAD}: send fewer alerts per request` });
  }
}

export const alertmanagerPayloadSchema = z.object({
  version: z.literal('4', { error: 'unsupported webhook payload version: only version "4" is understood' }),
  ...alertGroupFields,
}).superRefine(checkPayloadEntries);
export type AlertmanagerPayload = z.infer<typeof alertmanagerPayloadSchema>;
