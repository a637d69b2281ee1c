/** Prometheus's rules for metric and label names, with a small cache since the same names repeat in every request. */

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const CACHE_LIMIT = 50_000;

function cachedTest(pattern: RegExp): (name: string) => boolean {
  const good = new Set<string>();
  return (name) => {
    if (good.has(name)) return true;
    if (!pattern.test(name)) return false;
    if (good.size >= CACHE_LIMIT) good.clear();
    good.add(name);
    return true;
  };
}

/** `[a-zA-Z_:][a-zA-Z0-9_:]*` */
export const isValidMetricName = cachedTest(metricName);

/** `[a-zA-Z_][a-zA-Z0-9_]*` */
export const isValidLabelName = cachedTest(labelName);
