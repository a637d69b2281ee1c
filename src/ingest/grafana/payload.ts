/** Grafana alerting's webhook payload: Alertmanager's group shape plus Grafana's own fields. */
import { z } from 'zod';
import { alertGroupFields, alertmanagerAlertSchema, checkPayloadEntries } from '../alertmanager/payload.js';

export const grafanaAlertSchema = alertmanagerAlertSchema.extend({
  silenceURL: z.string().default(''),
  dashboardURL: z.string().default(''),
  panelURL: z.string().default(''),
  imageURL: z.string().default(''),
  /** Values of the rule's expressions at evaluation (Grafana 9.4+). */
  values: z.record(z.string(), z.number().nullable()).nullable().default(null),
  /** The same as text (older Grafana). */
  valueString: z.string().default(''),
});

export const grafanaPayloadSchema = z.object({
  ...alertGroupFields,
  version: z.string().default('1'),
  alerts: z.array(grafanaAlertSchema).max(10_000),
  orgId: z.number().int().optional(),
  title: z.string().default(''),
  state: z.string().default(''),
  message: z.string().default(''),
}).superRefine(checkPayloadEntries);
export type GrafanaPayload = z.infer<typeof grafanaPayloadSchema>;
