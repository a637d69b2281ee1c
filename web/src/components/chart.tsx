/** A metric series as the detector saw it: actual value, the expected value with its band, anomalous points marked. */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartPoint { time: number; actual: number; expected?: number | undefined; lower?: number | undefined; upper?: number | undefined; anomalous: boolean }

const COLORS = { actual: '#4ea1ff', expected: '#9aa4b2', band: 'rgba(154,164,178,0.18)', anomaly: '#ff5c5c' };

/**
 * The y range: the values and expected values, with the band up to half their span beyond them. After a change the
 * detector is unsure and its band grows wide; drawn whole, it would flatten the line a responder reads.
 */
function yRange(points: readonly ChartPoint[]): [number, number] {
  const values = points.flatMap((p) => (p.expected === undefined ? [p.actual] : [p.actual, p.expected]));
  const low = Math.min(...values);
  const high = Math.max(...values);
  const reach = (Math.max(high - low, Math.abs(high) * 0.1) || 1) / 2;
  const bandLow = Math.min(...points.map((p) => p.lower ?? low));
  const bandHigh = Math.max(...points.map((p) => p.upper ?? high));
  return [Math.min(low - reach / 5, Math.max(bandLow, low - reach)), Math.max(high + reach / 5, Math.min(bandHigh, high + reach))];
}

export function SeriesChart({ title, note, points, height = 180 }: { title: string; note?: string; points: readonly ChartPoint[]; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (element === null || points.length === 0) return;
    const sorted = [...points].sort((a, b) => a.time - b.time);
    const value = (v: number | undefined) => (v === undefined ? null : v);
    const data: uPlot.AlignedData = [
      sorted.map((p) => p.time / 1000),
      sorted.map((p) => value(p.upper)),
      sorted.map((p) => value(p.lower)),
      sorted.map((p) => value(p.expected)),
      sorted.map((p) => p.actual),
      sorted.map((p) => (p.anomalous ? p.actual : null)),
    ];
    const plot = new uPlot({
      width: Math.max(240, element.clientWidth), height,
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'), // the rest of the UI writes UTC
      legend: { show: true, live: false },
      scales: { y: { range: () => yRange(sorted) } },
      cursor: { show: true, drag: { x: false, y: false } },
      axes: [{ stroke: '#9aa4b2', grid: { stroke: '#2a313c' } }, { stroke: '#9aa4b2', grid: { stroke: '#2a313c' }, size: 60 }],
      series: [
        {},
        { label: 'upper', stroke: 'transparent', points: { show: false } },
        { label: 'lower', stroke: 'transparent', points: { show: false } },
        { label: 'expected', stroke: COLORS.expected, dash: [4, 4], width: 1.5, points: { show: sorted.length < 3 } },
        { label: 'actual', stroke: COLORS.actual, width: 2, points: { show: sorted.length < 3 } },
        { label: 'anomaly', stroke: COLORS.anomaly, width: 0, paths: () => null, points: { show: true, size: 9, fill: COLORS.anomaly, stroke: COLORS.anomaly } },
      ],
      bands: [{ series: [1, 2], fill: COLORS.band }],
    }, data, element);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(240, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [points, height]);
  return (
    <figure class="chart">
      <figcaption>{title} <span class="muted">({note === undefined ? '' : `${note}, `}UTC)</span></figcaption>
      <div ref={box} role="img" aria-label={`chart of ${title}: actual against expected band, anomalies marked`} />
    </figure>
  );
}
