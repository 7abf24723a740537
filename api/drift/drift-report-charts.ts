import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import type { DriftHistogram } from '../../domain/drift';
import { formatNumber } from '../../slack/messages/gate-message';
import type { ConceptDriftType, DetectorOutcomeType } from './drift-report.types';

/**
 * The report's charts, drawn on the server: each a Vega-Lite spec compiled to Vega and
 * rendered headless to an SVG string (no canvas, no browser), so the page needs no
 * JavaScript and shows the same pictures wherever it is opened or archived.
 */

const SAMPLE_COLOURS = { reference: '#4c78a8', current: '#f58518' } as const;
const EVENT_COLOURS: Record<string, string> = {
  'DDM warning': '#e3b505',
  'DDM drift': '#d62728',
  'EDDM warning': '#9467bd',
  'EDDM drift': '#8c564b',
};

export interface HistogramBar {
  bin: string;
  /** Position of the bin on the axis. */
  order: number;
  sample: 'reference' | 'current';
  /** Share of the sample's values in the bin: samples of different sizes compare. */
  share: number;
}

/** The histogram's bars as shares of each sample, bins in order, "other" last. */
export function histogramBars(histogram: DriftHistogram): HistogramBar[] {
  const labels =
    histogram.kind === 'numeric'
      ? uniqueLabels(histogram.reference.map((_, i) => `${formatNumber(histogram.edges[i])}–${formatNumber(histogram.edges[i + 1])}`))
      : histogram.categories;
  const withOther = histogram.kind === 'categorical' && histogram.referenceOther + histogram.currentOther > 0;
  const bins = withOther ? [...labels, '(other)'] : labels;
  const referenceShares = shares(withOther ? [...histogram.reference, histogram.referenceOther] : histogram.reference);
  const currentShares = shares(withOther ? [...histogram.current, histogram.currentOther] : histogram.current);
  return bins.flatMap((bin, order) => [
    { bin, order, sample: 'reference' as const, share: referenceShares[order] },
    { bin, order, sample: 'current' as const, share: currentShares[order] },
  ]);
}

function shares(counts: number[]): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  return counts.map((count) => (total > 0 ? count / total : 0));
}

/** Rounded edges can print alike; an ordinal axis would merge such bins, so repeats get their position. */
function uniqueLabels(labels: string[]): string[] {
  return labels.map((label, i) => (labels.indexOf(label) === i && labels.lastIndexOf(label) === i ? label : `${label} #${i + 1}`));
}

export function histogramSpec(histogram: DriftHistogram): TopLevelSpec {
  return {
    width: { step: 14 },
    height: 140,
    data: { values: histogramBars(histogram) },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'bin', type: 'ordinal', sort: { field: 'order', op: 'min' }, title: null, axis: { labelAngle: -40, labelLimit: 100 } },
      xOffset: { field: 'sample', sort: ['reference', 'current'] },
      y: { field: 'share', type: 'quantitative', title: 'share of rows', axis: { format: '.0%' } },
      color: {
        field: 'sample',
        type: 'nominal',
        scale: { domain: ['reference', 'current'], range: [SAMPLE_COLOURS.reference, SAMPLE_COLOURS.current] },
        legend: { orient: 'top', title: null },
      },
    },
  };
}

interface DetectorEvent {
  at: string;
  event: string;
}

function detectorEvents(name: string, outcome: DetectorOutcomeType | null): DetectorEvent[] {
  if (!outcome) return [];
  return [...outcome.warnings.map((at) => ({ at, event: `${name} warning` })), ...outcome.drifts.map((at) => ({ at, event: `${name} drift` }))];
}

/** Model performance per window as a line, with DDM and EDDM warnings and drifts as vertical rules. */
export function performanceSpec(concept: ConceptDriftType): TopLevelSpec {
  const windows = concept.windows.filter((window) => window.value !== null).map((window) => ({ to: window.to, value: window.value, rows: window.rows }));
  const events = [...detectorEvents('DDM', concept.ddm), ...detectorEvents('EDDM', concept.eddm)];
  const time = { type: 'temporal' as const, scale: { type: 'utc' as const }, title: 'window end (UTC)', axis: { format: '%m-%d %H:%M', labelAngle: -30 } };
  const eventNames = Object.keys(EVENT_COLOURS).filter((name) => events.some((event) => event.event === name));
  return {
    width: 640,
    height: 200,
    layer: [
      {
        data: { values: windows },
        mark: { type: 'line', color: SAMPLE_COLOURS.current, point: { color: SAMPLE_COLOURS.current } },
        encoding: {
          x: { field: 'to', ...time },
          y: { field: 'value', type: 'quantitative', title: concept.metric.replaceAll('_', ' ') },
        },
      },
      ...(events.length > 0
        ? [
            {
              data: { values: events },
              mark: { type: 'rule' as const, strokeWidth: 2, strokeDash: [4, 3] },
              encoding: {
                x: { field: 'at', ...time },
                color: {
                  field: 'event',
                  type: 'nominal' as const,
                  scale: { domain: eventNames, range: eventNames.map((name) => EVENT_COLOURS[name]) },
                  legend: { orient: 'top' as const, title: null },
                },
              },
            },
          ]
        : []),
    ],
  };
}

type Vega = typeof import('vega', { with: { 'resolution-mode': 'import' } });
type VegaLite = typeof import('vega-lite', { with: { 'resolution-mode': 'import' } });

let vegaModules: Promise<[Vega, VegaLite]> | undefined;

/** Vega and Vega-Lite are ES modules with top-level await, which require() cannot load: imported once, on first use. */
function loadVega() {
  vegaModules ??= Promise.all([import('vega'), import('vega-lite')]);
  return vegaModules;
}

/**
 * The chart as an inline SVG element. The namespace declarations are dropped: an HTML
 * parser puts <svg> in the SVG namespace by itself, and the page then names no URL but its own.
 */
export async function renderChart(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await loadVega();
  const compiled = vegaLite.compile({ ...spec, config: { font: 'system-ui, sans-serif', background: 'transparent' } }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    const svg = await view.toSVG();
    return svg.replace(/\s+xmlns(:xlink)?="[^"]*"/g, '');
  } finally {
    view.finalize();
  }
}
