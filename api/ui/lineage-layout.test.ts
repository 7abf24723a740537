import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importBrowserModule } from './browser-module';

interface Box {
  id: string;
  kind: string;
  label: string;
  layer: number;
  row: number;
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Graph {
  nodes: { id: string; kind: string; label: string }[];
  edges: { from: string; to: string; relation: string }[];
}
interface LineageLayoutModule {
  LAYOUT: { nodeWidth: number; nodeHeight: number; layerGap: number; rowGap: number; margin: number };
  layerByDepth(ids: string[], edges: { from: string; to: string }[]): Map<string, number>;
  layoutLineage(graph: Graph): {
    width: number;
    height: number;
    nodes: Box[];
    edges: { from: string; to: string; relation: string; path: string; labelX: number; labelY: number }[];
  };
  fitLabel(label: string, maxChars: number): string;
}

const load = () => importBrowserModule<LineageLayoutModule>('lineage-layout.mjs');
const node = (id: string, kind: string, label = id) => ({ id, kind, label });
const edge = (from: string, to: string, relation = 'used_by') => ({ from, to, relation });

/** What a trained weather model's lineage looks like (db/lineage-store.ts records these edges). */
const TRAINED_MODEL: Graph = {
  nodes: [
    node('model', 'model_version', 'weather v1'),
    node('data', 'dataset_version', 'seattle-weather v1'),
    node('run', 'pipeline_run', 'pipeline:weather:1'),
    node('validation', 'validation_report', 'validation WARN'),
    node('evaluation', 'evaluation_report', 'evaluation of weather v1'),
  ],
  edges: [
    edge('data', 'run', 'used_by'),
    edge('data', 'validation', 'validated_by'),
    edge('validation', 'run', 'used_by'),
    edge('run', 'model', 'produced'),
    edge('model', 'evaluation', 'evaluated_by'),
    edge('data', 'evaluation', 'used_by'),
  ],
};

test('layers by longest path, so every edge points right, at fixed column positions', async () => {
  const { layoutLineage, LAYOUT } = await load();
  const layout = layoutLineage(TRAINED_MODEL);
  const layers = Object.fromEntries(layout.nodes.map((box) => [box.id, box.layer]));
  assert.deepEqual(layers, { model: 3, data: 0, run: 2, validation: 1, evaluation: 4 });
  for (const box of layout.nodes) assert.equal(box.x, LAYOUT.margin + box.layer * (LAYOUT.nodeWidth + LAYOUT.layerGap));
  const byId = new Map(layout.nodes.map((box) => [box.id, box]));
  for (const { from, to } of layout.edges) assert.ok(byId.get(to)!.x > byId.get(from)!.x + LAYOUT.nodeWidth, `${from} → ${to} points right`);
  // Five layers of one box each: 2·16 + 5·200 + 4·120 wide, 2·16 + 48 high.
  assert.deepEqual([layout.width, layout.height], [1512, 80]);
  assert.equal(layout.edges.length, TRAINED_MODEL.edges.length);
});

test('draws each edge as a curve between box sides with its label at the midpoint', async () => {
  const { layoutLineage } = await load();
  const layout = layoutLineage({ nodes: [node('a', 'dataset_version'), node('b', 'pipeline_run')], edges: [edge('a', 'b', 'used_by')] });
  // a at (16, 16): right side x 216, middle y 40; b at x 336; bend max(40, 120 / 2) = 60.
  assert.deepEqual(layout.edges, [{ from: 'a', to: 'b', relation: 'used_by', path: 'M 216 40 C 276 40, 276 40, 336 40', labelX: 276, labelY: 40 }]);
});

test('orders a column by where its predecessors sit, and centres shorter columns', async () => {
  const { layoutLineage, LAYOUT } = await load();
  const layout = layoutLineage({
    nodes: [node('a', 'dataset_version', 'a'), node('b', 'dataset_version', 'b'), node('c', 'dataset_version', 'c'), node('x', 'pipeline_run', 'x'), node('y', 'pipeline_run', 'y')],
    edges: [edge('a', 'y'), edge('c', 'x')],
  });
  const rows = Object.fromEntries(layout.nodes.map((box) => [box.id, [box.layer, box.row]]));
  // y follows a (row 0) and x follows c (row 2), so y comes first though x sorts first by label.
  assert.deepEqual(rows, { a: [0, 0], b: [0, 1], c: [0, 2], x: [1, 1], y: [1, 0] });
  const step = LAYOUT.nodeHeight + LAYOUT.rowGap;
  const tallest = 3 * LAYOUT.nodeHeight + 2 * LAYOUT.rowGap;
  const twoHigh = 2 * LAYOUT.nodeHeight + LAYOUT.rowGap;
  const y = Object.fromEntries(layout.nodes.map((box) => [box.id, box.y]));
  assert.deepEqual(y, { a: 16, b: 16 + step, c: 16 + 2 * step, y: 16 + (tallest - twoHigh) / 2, x: 16 + (tallest - twoHigh) / 2 + step });
});

test('a cycle still gets every node a layer', async () => {
  const { layerByDepth } = await load();
  const layers = layerByDepth(['a', 'b', 'c', 'd'], [edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('d', 'a')]);
  assert.deepEqual(Object.fromEntries(layers), { d: 0, a: 1, b: 2, c: 3 });
});

test('drops edges to nodes the graph does not hold; an empty graph is only its margins', async () => {
  const { layoutLineage, LAYOUT } = await load();
  const layout = layoutLineage({ nodes: [node('a', 'model_version')], edges: [edge('a', 'gone'), edge('gone', 'a')] });
  assert.deepEqual([layout.nodes.map((box) => box.id), layout.edges], [['a'], []]);
  assert.deepEqual(layoutLineage({ nodes: [], edges: [] }), { width: 2 * LAYOUT.margin, height: 2 * LAYOUT.margin, nodes: [], edges: [] });
});

test('cuts long labels to fit, marking the cut', async () => {
  const { fitLabel } = await load();
  assert.equal(fitLabel('weather v1', 12), 'weather v1');
  assert.equal(fitLabel('pipeline:weather-classifier:0123456789abcdef', 12), 'pipeline:we…');
  assert.equal(fitLabel('pipeline:we…', 12).length, 12);
});
