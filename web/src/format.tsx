/** Times, durations and severities as an on-call engineer reads them. */
export function ago(ms: number, now = Date.now()): string {
  return duration(Math.max(0, now - ms));
}

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export const clock = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

export function Time({ ms }: { ms: number | null | undefined }) {
  if (ms === null || ms === undefined) return <span class="muted">–</span>;
  return <time dateTime={new Date(ms).toISOString()} title={new Date(ms).toISOString()}>{clock(ms)}</time>;
}

export function Severity({ value }: { value: string }) {
  return <span class={`sev sev-${value}`}>{value}</span>;
}

export function Status({ value }: { value: string }) {
  return <span class={`status status-${value}`}>{value}</span>;
}

export const number = (value: number, digits = 2): string =>
  Math.abs(value) >= 1000 ? value.toFixed(0) : Number(value.toPrecision(digits + 1)).toString();
