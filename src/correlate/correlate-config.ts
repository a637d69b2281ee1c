/** Configuration of incident grouping and the incident life cycle (docs/incidents.md). */
import { z } from 'zod';
import { durationField } from '../config/duration.js';
import { compileRules } from './rules.js';
import { flappingConfigSchema, inhibitRuleSchema } from '../suppress/index.js';

const ruleSchema = z.strictObject({
  /** Names the rule in correlation reasons ("rule payments-db: same cluster=eu-1") and in errors. */
  name: z.string().trim().min(1).max(100),
  /** CEL over `labels`, `severity`, `source`, `entity` and `title`; must be a bool. */
  match: z.string().min(1).max(4096),
  /** Labels whose values make the group; an alert lacking one of them is not grouped by the rule. @default [] */
  groupBy: z.array(z.string().min(1)).default([]),
  /** An alert joins its group's incident while that incident's last activity is at most this long before it. @default "30m" */
  window: durationField.refine((ms) => ms > 0, 'must be longer than 0s').default(30 * 60_000),
}).superRefine((rule, context) => {
  // A rule that does not compile stops start-up naming it, rather than never matching.
  try {
    compileRules([{ ...rule, windowMs: rule.window }]);
  } catch (error) {
    context.addIssue({ code: 'custom', path: ['match'], message: (error as Error).message });
  }
});

/** Learned co-occurrence of kinds of alert (docs/incidents.md). */
const cooccurrenceSchema = z.strictObject({
  /** Learn which kinds of alert fire together from resolved incidents, and group by it. @default true */
  enabled: z.boolean().default(true),
  /** Event time in which what was learned counts half. @default "90d" */
  halfLife: durationField.refine((ms) => ms > 0, 'must be longer than 0s').default(90 * 86_400_000),
  /** Incidents two kinds must have fired together in (decayed) before they link. @default 3 */
  minTogether: z.number().int().min(1).max(1000).default(3),
  /** Share of the rarer kind's incidents the two must have fired together in. @default 0.6 */
  minShare: z.number().gt(0.5).max(1).default(0.6),
  /** Incidents that started at most this far apart count as fired together. @default "2m" */
  within: durationField.default(2 * 60_000),
});

/** Alerts alike: the same log template, a similar title (docs/incidents.md). */
const similaritySchema = z.strictObject({
  /** Link alerts by the same log template, and strengthen other links by a similar title. @default true */
  enabled: z.boolean().default(true),
  /** Score of the link to an active incident whose alerts carried the same log template on another entity; 0.7 or more may merge two incidents, 0 turns templates off. @default 0.75 */
  templateWeight: z.number().min(0).max(1).default(0.75),
  /** What a similar title adds to another link at full similarity (combined as independent evidence); 0 turns titles off. @default 0.3 */
  titleWeight: z.number().min(0).max(1).default(0.3),
  /** Token-set (Jaccard) similarity of two masked titles from which they count as similar. @default 0.75 */
  titleThreshold: z.number().gt(0).max(1).default(0.75),
});

export const correlateConfigSchema = z.strictObject({
  /** An alert joins an open incident of its entity whose last activity is at most this long before it. @default "30m" */
  window: durationField.default(30 * 60_000),
  /** An alert joins an open incident of a caller or callee only if the incident started at most this long per call before it, one of its service or pods only if it was active this long before: a fault spreads to its neighbours within minutes. @default "5m" */
  relatedWindow: durationField.default(5 * 60_000),
  /** An incident whose alerts have all resolved resolves once nothing fired for this long (0s: at once). @default "5m" */
  resolveAfter: durationField.default(5 * 60_000),
  /** An alert of a resolved incident that fires again within this long of the resolution reopens it; later, it opens a new one (0s: never reopen). @default "1h" */
  reopenWindow: durationField.default(60 * 60_000),
  /** Grouping rules in CEL; the first that matches an alert groups it, before the learned grouping. @default [] */
  rules: z.array(ruleSchema).default([]).refine((rules) => new Set(rules.map((rule) => rule.name)).size === rules.length, 'rule names must be unique'),
  /** Kinds of alert learned to fire together link even with no topology between them. */
  cooccurrence: cooccurrenceSchema.prefault({}),
  /** Alerts carrying the same log template link with no edge between them; a similar title strengthens other evidence. */
  similarity: similaritySchema.prefault({}),
  /** Inhibition rules, as in Alertmanager: a firing alert matching a rule's sources holds back the alerts matching its targets that share its `equal` labels (see docs/silences.md). @default [] */
  inhibit: z.array(inhibitRuleSchema).default([]),
  /** An alert that changes state too often is held back from incidents until it is stable (see docs/silences.md). */
  flapping: flappingConfigSchema.prefault({}),
  /** How often silences, maintenance windows and firing alerts are read again without a change through this process's API (other processes on the same PostgreSQL). @default "30s" */
  suppressionReload: durationField.refine((ms) => ms > 0, 'must be longer than 0s').default(30_000),
});
export type CorrelateConfig = z.infer<typeof correlateConfigSchema>;
