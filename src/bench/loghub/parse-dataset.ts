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

/** Streams the lines through the miner in order; each line reports its template's final (most refined) text. */
export function parseDataset(dataset: Dataset, options: MinerOptions = {}): ParsedDataset {
  const miner = new TemplateMiner(options);
  const eventIds = dataset.lines.map((line) => miner.add(line.Content ?? '').templateId).map((id) => miner.resolve(id));
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
