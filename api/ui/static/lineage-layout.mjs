// Where each box and arrow of a lineage picture goes. Pure: no DOM, so node's test runner
// imports this very file (api/ui/lineage-layout.test.ts) and the page draws what it returns.

/** Box size and spacing in SVG user units; the gap between layers leaves room for edge labels. */
export const LAYOUT = Object.freeze({ nodeWidth: 200, nodeHeight: 48, layerGap: 120, rowGap: 24, margin: 16 });

/**
 * Layers by longest path from the graph's sources, so every edge points right: a node sits
 * one layer after the deepest node it came from. Lineage is acyclic, but a cycle must not
 * hang the page: when only nodes on a cycle are left, the one with the fewest unplaced
 * predecessors is placed next and the walk goes on.
 *
 * @param {string[]} ids nodes, in a stable order
 * @param {{from: string, to: string}[]} edges only edges between `ids`
 * @returns {Map<string, number>} layer per node, from 0
 */
export function layerByDepth(ids, edges) {
  const predecessors = new Map(ids.map((id) => [id, []]));
  const successors = new Map(ids.map((id) => [id, []]));
  for (const { from, to } of edges) {
    predecessors.get(to).push(from);
    successors.get(from).push(to);
  }
  const unplaced = new Map(ids.map((id) => [id, predecessors.get(id).length]));
  const layers = new Map();
  const ready = ids.filter((id) => unplaced.get(id) === 0);
  while (layers.size < ids.length) {
    if (ready.length === 0) {
      const stuck = ids.filter((id) => !layers.has(id));
      ready.push(stuck.reduce((best, id) => (unplaced.get(id) < unplaced.get(best) ? id : best)));
    }
    const id = ready.shift();
    if (layers.has(id)) continue;
    const placed = predecessors.get(id).filter((p) => layers.has(p));
    layers.set(id, placed.length === 0 ? 0 : Math.max(...placed.map((p) => layers.get(p))) + 1);
    for (const next of successors.get(id)) {
      unplaced.set(next, unplaced.get(next) - 1);
      if (unplaced.get(next) === 0 && !layers.has(next)) ready.push(next);
    }
  }
  return layers;
}

/**
 * Left-to-right picture of a lineage graph: one column per layer, each column centred
 * vertically, nodes in a column ordered by the mean row of their predecessors (fewer
 * crossings) and then by kind and label, so the same graph always looks the same.
 * Edges are cubic curves from the right side of one box to the left side of the next,
 * with their label at the curve's midpoint. Edges naming a node not in the graph are dropped.
 *
 * @param {{nodes: {id: string, kind: string, label: string}[], edges: {from: string, to: string, relation: string}[]}} graph
 */
export function layoutLineage(graph) {
  const { nodeWidth, nodeHeight, layerGap, rowGap, margin } = LAYOUT;
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const edges = graph.edges.filter((edge) => byId.has(edge.from) && byId.has(edge.to));
  const ids = [...byId.keys()];
  const layerOf = layerByDepth(ids, edges);
  const layerCount = ids.length === 0 ? 0 : Math.max(...layerOf.values()) + 1;

  const rowOf = new Map();
  const columns = [];
  for (let layer = 0; layer < layerCount; layer += 1) {
    const members = ids.filter((id) => layerOf.get(id) === layer);
    const meanRow = new Map(
      members.map((id) => {
        const rows = edges.filter((edge) => edge.to === id && rowOf.has(edge.from)).map((edge) => rowOf.get(edge.from));
        return [id, rows.length === 0 ? Infinity : rows.reduce((sum, row) => sum + row, 0) / rows.length];
      }),
    );
    members.sort((a, b) => meanRow.get(a) - meanRow.get(b) || compareText(byId.get(a).kind, byId.get(b).kind) || compareText(byId.get(a).label, byId.get(b).label) || compareText(a, b));
    members.forEach((id, row) => rowOf.set(id, row));
    columns.push(members);
  }

  const tallest = Math.max(0, ...columns.map((column) => column.length));
  const columnHeight = (rows) => (rows === 0 ? 0 : rows * nodeHeight + (rows - 1) * rowGap);
  const width = layerCount === 0 ? 2 * margin : 2 * margin + layerCount * nodeWidth + (layerCount - 1) * layerGap;
  const height = 2 * margin + columnHeight(tallest);

  const boxes = new Map();
  columns.forEach((column, layer) => {
    const top = margin + (columnHeight(tallest) - columnHeight(column.length)) / 2;
    column.forEach((id, row) => {
      const { kind, label } = byId.get(id);
      boxes.set(id, { id, kind, label, layer, row, x: margin + layer * (nodeWidth + layerGap), y: top + row * (nodeHeight + rowGap), width: nodeWidth, height: nodeHeight });
    });
  });

  return {
    width,
    height,
    nodes: ids.map((id) => boxes.get(id)),
    edges: edges.map(({ from, to, relation }) => {
      const source = boxes.get(from);
      const target = boxes.get(to);
      const x1 = source.x + source.width;
      const y1 = source.y + source.height / 2;
      const x2 = target.x;
      const y2 = target.y + target.height / 2;
      const bend = Math.max(40, Math.abs(x2 - x1) / 2);
      // With control points mirrored like this, the curve passes through the chord's midpoint at t = 0.5.
      return {
        from,
        to,
        relation,
        path: `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`,
        labelX: (x1 + x2) / 2,
        labelY: (y1 + y2) / 2,
      };
    }),
  };
}

/**
 * A label cut to fit a box: at most `maxChars` characters, the cut marked with an ellipsis.
 * @param {string} label
 * @param {number} maxChars
 */
export function fitLabel(label, maxChars) {
  return label.length <= maxChars ? label : `${label.slice(0, Math.max(0, maxChars - 1))}…`;
}

function compareText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
