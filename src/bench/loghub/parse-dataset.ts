/** Parses one dataset's lines with a fresh miner (in its default configuration unless given one) and scores them against the truth. */
import type { MinerOptions } from '../../detect/log/miner-config.js';
import { TemplateMiner } from '../../detect/log/template-miner.js';
import type { Dataset } from './dataset.js';
import { scoreParse, type ParseScores } from './metrics.js';

export interface ParsedDataset {
  name: string;
  /** Per line, the template id and the template's final text. */
  eventIds: string[];
  templates: string[];
  templateCount: number;
  truthTemplateCount: number | undefined;
  scores: ParseScores | undefined;
}

/** The event time of a dataset's first line in the benchmark: each later line comes a millisecond after the last. */
export const FIRST_EVENT_TIME = Date.UTC(2026, 0, 1);

/**
 * Streams the lines through the miner in order; each line reports its template's final (most refined) text. Lines
 * carry event times as live logs do (they count toward template rates, which no score reads), so the miner runs
 * the code live logs run and the throughput run after this one does not start by recompiling it.
 */
export function parseDataset(dataset: Dataset, options: MinerOptions = {}): ParsedDataset {
  const miner = new TemplateMiner(options);
  const mined = dataset.lines.map((line, i) => miner.add(line.Content ?? '', '', FIRST_EVENT_TIME + i).templateId);
  const eventIds = mined.map((id) => miner.resolve(id));
  const final = new Map(miner.templates().map((t) => [t.id, t.template]));
  const templates = eventIds.map((id) => final.get(id) ?? '');
  const truth = dataset.truth;
  return {
    name: dataset.name,
    eventIds,
    templates,
    templateCount: final.size,
    truthTemplateCount: truth === undefined ? undefined : new Set(truth.filter((t) => t !== '')).size,
    scores: truth === undefined ? undefined : scoreParse(truth, templates),
  };
}
