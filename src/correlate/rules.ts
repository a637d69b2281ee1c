/**
 * Grouping rules written by the team: alerts a CEL expression matches are grouped by the values of the listed
 * labels within a window ("every alert of payments' databases in one cluster is one incident"). A rule takes
 * precedence over the learned grouping. Expressions are compiled and type-checked once, at start-up, so a rule
 * that does not compile stops opsight naming the rule instead of never matching.
 */
import { Environment } from '@marcbachmann/cel-js';
import type { Alert } from '../signals/index.js';

export interface GroupingRule {
  name: string;
  /** CEL over `labels` (map of string), `severity`, `source`, `entity` and `title` (strings). */
  match: string;
  /** Labels whose values make the group: alerts with equal values of all of them group together. */
  groupBy: readonly string[];
  /** An alert joins its group's incident while that incident's last activity is at most this long before it. */
  windowMs: number;
}

/** The group a rule puts an alert in. */
export interface RuleGroup {
  /** "payments-db: cluster=eu-1": the rule and the values of its labels. */
  key: string;
  windowMs: number;
  /** Why the alert joined an incident of the group. */
  reason: string;
}

export interface CompiledRule extends GroupingRule {
  matches(alert: Alert): boolean;
}

export class GroupingRuleError extends Error {
  constructor(rule: string, problem: string) {
    super(`correlate.rules: rule ${rule} does not compile: ${problem}`);
    this.name = 'GroupingRuleError';
  }
}

const environment = new Environment()
  .registerVariable('labels', 'map<string, string>')
  .registerVariable('severity', 'string')
  .registerVariable('source', 'string')
  .registerVariable('entity', 'string')
  .registerVariable('title', 'string');

function compile(rule: GroupingRule): CompiledRule {
  let expression: ReturnType<typeof environment.parse>;
  try {
    expression = environment.parse(rule.match);
  } catch (error) {
    throw new GroupingRuleError(rule.name, firstLine(error));
  }
  const checked = expression.check();
  if (!checked.valid) throw new GroupingRuleError(rule.name, firstLine(checked.error));
  if (checked.type !== 'bool') throw new GroupingRuleError(rule.name, `the expression is a ${String(checked.type)}, not a bool`);
  return {
    ...rule,
    matches(alert) {
      try {
        return expression({ labels: alert.labels, severity: alert.severity, source: alert.source, entity: alert.entityId, title: alert.title }) === true;
      } catch {
        // A label the expression reads that the alert lacks: the rule does not apply to it.
        return false;
      }
    },
  };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/** Compiles every rule; throws a GroupingRuleError naming the first that does not compile. */
export function compileRules(rules: readonly GroupingRule[]): CompiledRule[] {
  return rules.map(compile);
}

/** The group of the first rule that matches the alert and whose labels it all has, if any. */
export function ruleGroupOf(alert: Alert, rules: readonly CompiledRule[]): RuleGroup | undefined {
  for (const rule of rules) {
    if (!rule.groupBy.every((label) => alert.labels[label] !== undefined) || !rule.matches(alert)) continue;
    const values = rule.groupBy.map((label) => `${label}=${alert.labels[label]}`).join(', ');
    if (values === '') return { key: rule.name, windowMs: rule.windowMs, reason: `rule ${rule.name}` };
    return { key: `${rule.name}: ${values}`, windowMs: rule.windowMs, reason: `rule ${rule.name}: same ${values}` };
  }
  return undefined;
}
