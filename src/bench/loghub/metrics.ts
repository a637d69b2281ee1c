/** Loghub-2.0 parsing metrics (GA, PA, FGA, FTA) over aligned per-line ground-truth and parsed templates; pure. */

export interface ParseScores {
  /** Grouping accuracy: share of lines whose parsed group holds exactly the lines of their true group. */
  ga: number;
  /** Parsing accuracy: share of lines whose parsed template equals the true one exactly. */
  pa: number;
  /** F1 over groups: a true group is found when one parsed group holds exactly its lines. */
  fga: number;
  /** F1 over templates: a parsed template is right when it holds exactly one true group's lines and equals its template. */
  fta: number;
}

/** Counts of each key, in first-seen order. */
function countBy(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** Members of each group: for every key, the set of keys the same lines carry on the other side. */
function partnersBy(keys: readonly string[], others: readonly string[]): Map<string, Set<string>> {
  const partners = new Map<string, Set<string>>();
  keys.forEach((key, line) => {
    let set = partners.get(key);
    if (set === undefined) partners.set(key, (set = new Set()));
    set.add(others[line] ?? '');
  });
  return partners;
}

function f1(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/**
 * Scores parsed templates against the truth, line by line, as Loghub-2.0's evaluator does: groups are keyed by
 * their template text on both sides (two parsed groups with the same text count as one), and lines whose true
 * template is missing are left out.
 */
export function scoreParse(truth: readonly string[], parsed: readonly string[]): ParseScores {
  if (truth.length !== parsed.length) throw new Error(`truth has ${truth.length} lines, parsed ${parsed.length}`);
  const kept = truth.map((_, line) => line).filter((line) => truth[line] !== '');
  const t = kept.map((line) => truth[line] ?? '');
  const p = kept.map((line) => parsed[line] ?? '');
  if (t.length === 0) return { ga: 0, pa: 0, fga: 0, fta: 0 };
  const parsedSizes = countBy(p);
  const truthSizes = countBy(t);
  const parsedOfTruth = partnersBy(t, p);
  let accurateLines = 0;
  let accurateGroups = 0;
  for (const [group, parsedGroups] of parsedOfTruth) {
    const [only] = parsedGroups;
    if (parsedGroups.size !== 1 || only === undefined) continue;
    const size = truthSizes.get(group) ?? 0;
    if (parsedSizes.get(only) === size) {
      accurateLines += size;
      accurateGroups += 1;
    }
  }
  let exact = 0;
  for (let i = 0; i < t.length; i += 1) if (t[i] === p[i]) exact += 1;
  let rightTemplates = 0;
  for (const [template, truthGroups] of partnersBy(p, t)) {
    if (truthGroups.size === 1 && truthGroups.has(template)) rightTemplates += 1;
  }
  return {
    ga: accurateLines / t.length,
    pa: exact / t.length,
    fga: f1(accurateGroups / parsedSizes.size, accurateGroups / truthSizes.size),
    fta: f1(rightTemplates / parsedSizes.size, rightTemplates / truthSizes.size),
  };
}
