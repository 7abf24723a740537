// Lineage as a picture: three hops up and down from one node, laid out left to right by
// lineage-layout.mjs and drawn as SVG. Each box links to that node's own lineage.

import { h, notice, pageHeading, s, table } from './dom.mjs';
import { graphql } from './graphql.mjs';
import { fitLabel, layoutLineage } from './lineage-layout.mjs';
import { versionPicker } from './version-picker.mjs';

export const title = 'Lineage';

const DEPTH = 3;
const LABEL_CHARS = 27;

const LINEAGE = `
  query Lineage($id: ID!, $depth: Int!) {
    lineage(id: $id, direction: BOTH, depth: $depth) { nodes { id kind label } edges { from to relation } }
  }`;

/** Links from a node to the page that shows it best, where there is one. */
function nodeLinks(node) {
  if (node.kind === 'model_version') return h('a', { href: `#/provenance/${node.id}` }, 'provenance');
  if (node.kind === 'pipeline_run') return h('a', { href: `#/runs/${encodeURIComponent(node.label)}` }, 'timeline');
  return null;
}

export async function render(view, id, { signal }) {
  const input = h('input', { id: 'lineage-id', name: 'id', required: true, spellcheck: 'false', value: id ?? '' });
  const form = h(
    'form',
    {
      class: 'inline-form',
      onsubmit: (event) => {
        event.preventDefault();
        location.hash = `#/lineage/${encodeURIComponent(input.value.trim())}`;
      },
    },
    h('label', { for: 'lineage-id' }, 'Node id'),
    input,
    h('button', { type: 'submit' }, 'Show'),
  );
  view.append(pageHeading('Lineage'), h('p', { class: 'hint' }, `Everything up to ${DEPTH} steps upstream and downstream of a node (a model version, dataset version, run, …).`), form);
  if (!id) {
    view.append(h('h2', {}, 'Model versions'), await versionPicker((version) => `#/lineage/${version.id}`, signal));
    return;
  }
  const { lineage } = await graphql(LINEAGE, { id, depth: DEPTH }, { signal });
  const start = lineage.nodes.find((node) => node.id === id);
  view.append(
    h('h2', {}, `Around ${start ? `${start.kind.replace(/_/g, ' ')} ${start.label}` : id}`),
    h('figure', { class: 'lineage-figure' }, lineageSvg(lineage, id), h('figcaption', {}, legend(lineage.nodes))),
    h('h2', {}, 'Nodes'),
    table(
      [
        ['Kind', (node) => node.kind.replace(/_/g, ' ')],
        ['Label', (node) => h('a', { href: `#/lineage/${node.id}` }, node.label)],
        ['Id', (node) => h('code', {}, node.id)],
        ['See also', nodeLinks],
      ],
      lineage.nodes,
    ),
  );
  if (lineage.edges.length === 0) view.append(notice('info', 'This node has no recorded ties to other nodes yet.'));
}

function lineageSvg(graph, focusId) {
  const layout = layoutLineage(graph);
  const svg = s(
    'svg',
    {
      class: 'lineage',
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      width: layout.width,
      height: layout.height,
      role: 'group',
      'aria-labelledby': 'lineage-svg-title',
    },
    s('title', { id: 'lineage-svg-title' }, `Lineage graph: ${layout.nodes.length} nodes, ${layout.edges.length} edges`),
    s(
      'defs',
      {},
      s('marker', { id: 'lineage-arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' }, s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' })),
    ),
    s(
      'g',
      { class: 'edges' },
      layout.edges.map((edge) =>
        s(
          'g',
          { class: 'lineage-edge', 'data-from': edge.from, 'data-to': edge.to, 'data-relation': edge.relation },
          s('path', { d: edge.path, 'marker-end': 'url(#lineage-arrow)' }),
          s('text', { x: edge.labelX, y: edge.labelY - 5, 'text-anchor': 'middle' }, edge.relation),
        ),
      ),
    ),
    s(
      'g',
      { class: 'nodes' },
      layout.nodes.map((node) =>
        s(
          'a',
          {
            href: `#/lineage/${node.id}`,
            class: `lineage-node kind-${node.kind}${node.id === focusId ? ' focus' : ''}`,
            'data-id': node.id,
            'data-kind': node.kind,
            'aria-label': `${node.kind.replace(/_/g, ' ')} ${node.label}`,
          },
          s('title', {}, `${node.kind.replace(/_/g, ' ')}: ${node.label}`),
          s('rect', { x: node.x, y: node.y, width: node.width, height: node.height, rx: 6 }),
          s('text', { x: node.x + 10, y: node.y + 18, class: 'node-kind' }, node.kind.replace(/_/g, ' ')),
          s('text', { x: node.x + 10, y: node.y + 36, class: 'node-label' }, fitLabel(node.label, LABEL_CHARS)),
        ),
      ),
    ),
  );
  // Shrinks to the page's width, never below 70% (text stays legible; wider graphs scroll) nor above its natural size.
  svg.style.maxWidth = `${layout.width}px`;
  svg.style.minWidth = `${Math.round(layout.width * 0.7)}px`;
  return svg;
}

function legend(nodes) {
  const kinds = [...new Set(nodes.map((node) => node.kind))].sort();
  return h(
    'ul',
    { class: 'legend' },
    kinds.map((kind) => h('li', {}, s('svg', { width: 14, height: 14, 'aria-hidden': 'true', class: `kind-${kind}` }, s('rect', { width: 14, height: 14, rx: 3 })), ` ${kind.replace(/_/g, ' ')}`)),
  );
}
