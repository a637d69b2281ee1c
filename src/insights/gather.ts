/** Reads what insights are computed from out of the store: the incidents and alerts of a range, page by page. */
import type { Page, Store } from '../store/index.js';
import type { InsightsReport } from './insights.js';
import { computeInsights } from './insights.js';

const PAGE = 1000;
/** Most incidents and most alerts read for one report: a bound on memory for a range of a busy year. */
export const MAX_ITEMS = 200_000;

async function all<T>(list: (limit: number, offset: number) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; offset < MAX_ITEMS; offset += PAGE) {
    const page = await list(PAGE, offset);
    items.push(...page.items);
    if (page.items.length < PAGE) break;
  }
  return items;
}

export async function insightsFromStore(store: Store, from: number, to: number): Promise<InsightsReport> {
  const [incidents, alerts] = await Promise.all([
    all((limit, offset) => store.incidents.list({ from, to, limit, offset })),
    all((limit, offset) => store.alerts.list({ from, to, limit, offset })),
  ]);
  return computeInsights({ from, to, incidents, alerts });
}
