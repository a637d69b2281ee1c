/**
 * Alerts that say the same thing: the same log template (the same exception logged by a service and its caller,
 * whether or not a span shows the call), or titles alike once their variable parts are masked. An incident keeps
 * its alerts' templates and masked titles as marks (`<entity> <text>`), and a new alert is held against them.
 *
 * The same template is strong evidence of one cause: it links on its own, with the configured weight (at 0.7 or
 * more it may merge incidents, like the other firm links). A similar title is weak: two services alerting
 * `HighLatencyP95` at the same time in parts of the graph that do not touch are two faults as often as one, so a
 * similar title never links on its own; it strengthens another link to the same incident. Both hold only while
 * the incident was active within `correlate.relatedWindow` of the alert. Pure.
 */
import type { Alert, Incident } from '../signals/index.js';
import { markOf, parseMark } from '../signals/index.js';
import { maskToken, WILDCARD } from '../detect/log/index.js';
import type { Link } from './evidence.js';
import { MERGE_SCORE, labelEntities, rounded } from './evidence.js';

export interface SimilarityConfig {
  /** Score of the link to an incident holding the alert's log template on another entity (0: templates do not link). */
  templateWeight: number;
  /** What a similar title adds to another link at full similarity, combined as independent evidence (0: titles add nothing). */
  titleWeight: number;
  /** Token-set similarity (Jaccard) of two masked titles from which they count as similar. */
  titleThreshold: number;
}

/** Marks of each sort an incident keeps: enough for a fault's entities, bounded for a storm. */
export const MAX_MARKS = 50;
/** A template in words counts when it has this many words besides its placeholders: "error lines" says nothing of a cause. */
export const MIN_TEMPLATE_WORDS = 3;
/** A title counts when this many words are left once masked: a one-word title is like too many others. */
export const MIN_TITLE_WORDS = 2;
/** Longest template text kept in a mark. */
const MAX_TEMPLATE_LENGTH = 200;

/** Where other tools put the id or text of a log template, in labels or annotations, in this order. */
const TEMPLATE_KEYS = ['template_id', 'templateId', 'log_template_id', 'template', 'log_template'];
/** Labels whose values name entities, masked in titles besides the alert's own entity. */
const ENTITY_LABELS = ['entity', 'service', 'pod', 'node', 'host', 'instance', 'container', 'namespace', 'job'];
const STOPWORDS: ReadonlySet<string> = new Set(['a', 'an', 'the', 'on', 'of', 'in', 'for', 'to', 'at', 'by', 'is', 'are', 'was', 'from', 'with', 'and', 'or']);

const isPlaceholder = (word: string) => word === WILDCARD || /^<[^<>]*>$/.test(word) || !/[\p{L}\p{N}]/u.test(word);

/** A template as a key: its whitespace collapsed; undefined unless informative (MIN_TEMPLATE_WORDS, or an id with a digit). */
function templateKey(raw: string): string | undefined {
  const text = raw.trim().replace(/\s+/g, ' ').slice(0, MAX_TEMPLATE_LENGTH);
  const words = text.split(' ').filter((word) => word !== '' && !isPlaceholder(word));
  const isId = words.length === 1 && !text.includes(' ') && /\d/.test(text);
  return isId || words.length >= MIN_TEMPLATE_WORDS ? text : undefined;
}

/**
 * The log template an alert carries: a template id or text in its labels or annotations (`template_id`,
 * `template`, ...), or the template opsight's log detectors name (`subject` of a `log.*` detector).
 */
export function templateOf(alert: Pick<Alert, 'labels' | 'annotations'>): string | undefined {
  for (const source of [alert.labels, alert.annotations]) {
    const found = TEMPLATE_KEYS.map((key) => source[key]).find((value) => value !== undefined && value.trim() !== '');
    if (found !== undefined) return templateKey(found);
  }
  const { detector, subject } = alert.labels;
  return detector?.startsWith('log.') === true && subject !== undefined ? templateKey(subject) : undefined;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The names of the entities an alert is about, longest first: its entity id, the name in it, the last part of a path, named by labels. */
function entityNames(alert: Pick<Alert, 'entityId' | 'labels'>): string[] {
  const ids = [alert.entityId, ...labelEntities(alert)];
  const names = ids.flatMap((id) => {
    const name = id.slice(id.indexOf(':') + 1);
    return [id, name, name.slice(name.lastIndexOf('/') + 1)];
  });
  const labelled = ENTITY_LABELS.map((label) => alert.labels[label]).filter((value): value is string => value !== undefined);
  return [...new Set([...names, ...labelled].filter((name) => name.length > 1))].sort((a, b) => b.length - a.length);
}

/** Words of a token: split at punctuation and camel case ("HighLatencyP95" → High, Latency, P95). */
const wordsOf = (token: string) => token.split(/[^\p{L}\p{N}]+|(?<=\p{Ll})(?=\p{Lu})|(?<=\p{L})(?=\p{Lu}\p{Ll})/u);

/**
 * The words of an alert's title with its variable parts masked: quoted values, the names of the entities it is
 * about, numbers, hex, ids, paths and durations (as log lines are masked into templates), and any word with a
 * digit left; lower case, without short filler words, each once, sorted.
 */
export function titleWords(alert: Pick<Alert, 'title' | 'entityId' | 'labels'>): string[] {
  let title = alert.title.replace(/"[^"]*"|'[^']*'|`[^`]*`/g, ' ');
  for (const name of entityNames(alert)) title = title.replace(new RegExp(`(?<![\\w./-])${escaped(name)}(?![\\w/-])`, 'g'), ' ');
  const words = title.split(/\s+/).filter((token) => token !== '').flatMap((token) => wordsOf(maskToken(token, [])))
    .map((word) => word.toLowerCase())
    .filter((word) => word.length > 0 && !/\d/.test(word) && !STOPWORDS.has(word));
  return [...new Set(words)].sort();
}

/** Token-set (Jaccard) similarity of two sets of words: shared words over all words, 0 to 1. */
export function wordSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const inA = new Set(a);
  const shared = b.filter((word) => inA.has(word)).length;
  return shared / (a.length + b.length - shared);
}

/** The mark an alert leaves on its incident for its log template, if it carries one. */
export function templateMarkOf(alert: Pick<Alert, 'entityId' | 'labels' | 'annotations'>): string | undefined {
  const template = templateOf(alert);
  return template === undefined ? undefined : markOf(alert.entityId, template);
}

/** The mark an alert leaves on its incident for its masked title, if enough of it is left. */
export function titleMarkOf(alert: Pick<Alert, 'entityId' | 'labels' | 'title'>): string | undefined {
  const words = titleWords(alert);
  return words.length < MIN_TITLE_WORDS ? undefined : markOf(alert.entityId, words.join(' '));
}

const activeWithin = (alert: Alert, incident: Incident, windowMs: number) => incident.lastActivityAt >= alert.activeSince - windowMs;
const quoted = (text: string) => JSON.stringify(text.length > 120 ? `${text.slice(0, 119)}…` : text);

/** The link of an alert to an incident one of whose alerts on another entity carried the same log template, active within `windowMs`. */
export function templateLink(alert: Alert, incident: Incident, config: SimilarityConfig, windowMs: number): Link | undefined {
  const template = templateOf(alert);
  if (config.templateWeight <= 0 || template === undefined || !activeWithin(alert, incident, windowMs)) return undefined;
  const same = (incident.templates ?? []).map(parseMark).find((mark) => mark.text === template && mark.entityId !== alert.entityId);
  if (same === undefined) return undefined;
  return { score: config.templateWeight, reason: `same log template as an alert on ${same.entityId}: ${quoted(template)}`, relatedTo: same.entityId, firm: true };
}

/**
 * `link` strengthened by the most similar title among the incident's, at `titleThreshold` or above: the two
 * combined as independent evidence (1 − (1 − link)(1 − weight × similarity)). What merges incidents stays what
 * `link` alone could merge.
 */
export function withSimilarTitle(link: Link, alert: Alert, incident: Incident, config: SimilarityConfig, windowMs: number): Link {
  if (config.titleWeight <= 0 || !activeWithin(alert, incident, windowMs)) return link;
  const own = titleWords(alert);
  if (own.length < MIN_TITLE_WORDS) return link;
  let best: { entityId: string; similarity: number } | undefined;
  for (const mark of (incident.titles ?? []).map(parseMark)) {
    const similarity = wordSimilarity(own, mark.text.split(' '));
    if (similarity >= config.titleThreshold && similarity > (best?.similarity ?? 0)) best = { entityId: mark.entityId, similarity };
  }
  if (best === undefined) return link;
  const score = rounded(1 - (1 - link.score) * (1 - config.titleWeight * best.similarity));
  if (score <= link.score) return link;
  return { ...link, score, reason: `${link.reason}; similar title to an alert on ${best.entityId}`, firm: link.firm && link.score >= MERGE_SCORE };
}
