/**
 * Inhibition rules, as in Alertmanager: a firing alert that matches a rule's target matchers is inhibited
 * while another firing alert matches its source matchers and has the same values of the `equal` labels (a
 * label both lack counts as equal). An alert never inhibits itself.
 */
import { z } from 'zod';
import type { Alert, Labels } from '../signals/index.js';
import { matchAll, matchLabels, matcherText } from './matchers.js';

export const inhibitRuleSchema = z.strictObject({
  /** What the inhibiting alert matches (`severity=critical`). */
  sourceMatchers: z.array(matcherText).min(1),
  /** What the inhibited alert matches (`severity=~warning|info`). */
  targetMatchers: z.array(matcherText).min(1),
  /** Labels whose values the two alerts must share (`entity`, `cluster`). */
  equal: z.array(z.string().min(1)).default([]),
});
export type InhibitRule = z.infer<typeof inhibitRuleSchema>;

interface CompiledRule {
  index: number;
  equal: readonly string[];
  isSource(labels: Labels): boolean;
  isTarget(labels: Labels): boolean;
}

interface Source {
  fingerprint: string;
  title: string;
  labels: Labels;
}

export interface Inhibitor {
  /** Position of the rule in `correlate.inhibit`. */
  rule: number;
  source: Source;
}

/**
 * The firing alerts that match some rule's source matchers, kept up to date as alerts change, and the rules
 * that ask them. Holds one entry per firing source alert, no more.
 */
export class Inhibition {
  private readonly rules: CompiledRule[];
  private readonly sources = new Map<string, Source>();

  constructor(rules: readonly InhibitRule[]) {
    this.rules = rules.map((rule, index) => ({ index, equal: rule.equal, isSource: matchAll(rule.sourceMatchers), isTarget: matchAll(rule.targetMatchers) }));
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /** Learns the alert's current state: a firing source is kept, anything else forgotten. */
  observe(alert: Alert): void {
    const labels = matchLabels(alert);
    if (alert.status === 'firing' && this.rules.some((rule) => rule.isSource(labels))) {
      this.sources.set(alert.fingerprint, { fingerprint: alert.fingerprint, title: alert.title, labels });
    } else {
      this.sources.delete(alert.fingerprint);
    }
  }

  /** The first rule and firing source alert that inhibit `alert`, if any. */
  inhibitorOf(alert: Alert): Inhibitor | undefined {
    const labels = matchLabels(alert);
    for (const rule of this.rules) {
      if (!rule.isTarget(labels)) continue;
      for (const source of this.sources.values()) {
        if (source.fingerprint === alert.fingerprint || !rule.isSource(source.labels)) continue;
        if (rule.equal.every((name) => (source.labels[name] ?? '') === (labels[name] ?? ''))) return { rule: rule.index, source };
      }
    }
    return undefined;
  }
}
