/** Label sets (string to string) and attribute maps shared by every signal. */
import { z } from 'zod';

export const labelsSchema = z.record(z.string(), z.string());
export type Labels = z.infer<typeof labelsSchema>;

export const attributeValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const attributesSchema = z.record(z.string(), attributeValueSchema);
export type Attributes = z.infer<typeof attributesSchema>;

/** A copy of the labels with keys in sorted order, so equal sets serialise equally. */
export function sortedLabels(labels: Labels): Labels {
  const sorted: Labels = {};
  for (const key of Object.keys(labels).sort()) sorted[key] = labels[key] as string;
  return sorted;
}
