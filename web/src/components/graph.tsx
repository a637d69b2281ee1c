/** The service graph (cytoscape): nodes coloured by health; the suspected cause and the affected entities outlined. */
import { useEffect, useRef } from 'preact/hooks';
import type cytoscape from 'cytoscape';
import type { Topology } from '../api.js';

const NO_ENTITIES: readonly string[] = [];
const HEALTH: Record<string, string> = { ok: '#2f9e62', info: '#4ea1ff', warning: '#e0a100', error: '#f06a35', critical: '#e03131', unknown: '#59606b' };

const STYLE: cytoscape.StylesheetJson = [
  { selector: 'node', style: { 'background-color': 'data(health)', label: 'data(label)', color: '#e6e9ee', 'font-size': 11, 'text-valign': 'bottom', 'text-margin-y': 4, width: 26, height: 26 } },
  { selector: 'node.peer', style: { shape: 'round-rectangle' } },
  { selector: 'node.pod, node.host, node.container', style: { width: 14, height: 14, 'font-size': 9 } },
  { selector: 'node.affected', style: { 'border-width': 3, 'border-color': '#e0a100' } },
  { selector: 'node.cause', style: { 'border-width': 5, 'border-color': '#ff5c5c', width: 34, height: 34, 'font-weight': 'bold' } },
  { selector: 'edge', style: { width: 1.5, 'line-color': '#59606b', 'target-arrow-color': '#59606b', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier', label: 'data(label)', 'font-size': 9, color: '#9aa4b2', 'text-rotation': 'autorotate' } },
  { selector: 'edge.hierarchy', style: { 'line-style': 'dotted', 'target-arrow-shape': 'none' } },
  { selector: 'edge.static', style: { 'line-style': 'dashed' } },
];

function elementsOf(topology: Topology, cause: string | undefined, affected: readonly string[]): cytoscape.ElementDefinition[] {
  const ids = new Set(topology.nodes.map((node) => node.id));
  const rate = (red: NonNullable<Topology['edges'][number]['red']>) =>
    `${red.ratePerSecond.toFixed(1)}/s${red.errorRatio ? ` ${(red.errorRatio * 100).toFixed(1)}% err` : ''}`;
  return [
    ...topology.nodes.map((node) => ({
      data: { id: node.id, label: node.name, health: HEALTH[node.health] ?? HEALTH.unknown },
      classes: [node.id === cause ? 'cause' : '', affected.includes(node.id) ? 'affected' : '', node.kind].join(' '),
    })),
    ...topology.edges.filter((edge) => ids.has(edge.from) && ids.has(edge.to)).map((edge) => ({
      data: { id: `${edge.from}->${edge.to}:${edge.kind}`, source: edge.from, target: edge.to, label: edge.red === null ? '' : rate(edge.red) },
      classes: edge.kind,
    })),
  ];
}

export function ServiceGraph({ topology, cause, affected = NO_ENTITIES, onOpen, height = 360 }: {
  topology: Topology; cause?: string | undefined; affected?: readonly string[]; onOpen?: (id: string) => void; height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  // Pages pass a new function each render: read the latest through a ref rather than redraw for it.
  const open = useRef(onOpen);
  open.current = onOpen;
  useEffect(() => {
    const container = box.current;
    if (container === null) return;
    let graph: cytoscape.Core | undefined;
    let gone = false;
    // cytoscape is most of the bundle: it loads when the first graph is drawn, so the incident list paints without it.
    void import('cytoscape').then(({ default: cytoscape }) => {
      if (gone) return;
      graph = cytoscape({
        container, elements: elementsOf(topology, cause, affected), style: STYLE, wheelSensitivity: 0.3,
        layout: { name: 'breadthfirst', directed: true, padding: 20, spacingFactor: 1.1 },
      });
      graph.on('tap', 'node', (event) => open.current?.((event.target as cytoscape.NodeSingular).id()));
    });
    return () => {
      gone = true;
      graph?.destroy();
    };
  }, [topology, cause, affected]);
  return (
    <div class="graph-wrap">
      <div ref={box} class="graph" style={{ height: `${height}px` }} role="img"
        aria-label={`service graph of ${topology.nodes.length} entities${cause === undefined ? '' : `, suspected cause ${cause}`}`} />
      <p class="legend small">
        <span><i class="dot" style={{ background: HEALTH.ok }} /> healthy</span>
        <span><i class="dot" style={{ background: HEALTH.warning }} /> warning</span>
        <span><i class="dot" style={{ background: HEALTH.critical }} /> critical</span>
        <span><i class="ring cause" /> suspected cause</span>
        <span><i class="ring affected" /> in this incident</span>
      </p>
    </div>
  );
}
