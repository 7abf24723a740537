import type { LineageDirection, LineageGraph } from '../../../client/types';

type Edge = LineageGraph['edges'][number];

/**
 * The graph around `rootId` as indented text: ancestors follow edges into each node
 * (`<- produced -- pipeline_run …`), descendants edges out of it (`-- evaluated_by -> …`).
 * A node reached a second time is named but not expanded again, so a diamond or a cycle
 * prints once; edges the trees did not show (between two branches) are listed after them.
 */
export function formatLineage(graph: LineageGraph, rootId: string, direction: LineageDirection): string {
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const describe = (id: string) => {
    const node = nodes.get(id);
    return node ? `${node.kind} ${node.label} [${node.id}]` : `[${id}]`;
  };
  const shown = new Set<Edge>();
  const lines = [describe(rootId)];
  const tree = (title: string, next: (id: string) => Edge[], link: (edge: Edge) => string, neighbour: (edge: Edge) => string) => {
    const expanded = new Set([rootId]);
    const branch: string[] = [];
    const walk = (id: string, indent: string) => {
      for (const edge of next(id)) {
        shown.add(edge);
        const other = neighbour(edge);
        const repeat = expanded.has(other);
        branch.push(`${indent}${link(edge)} ${describe(other)}${repeat ? ' (shown above)' : ''}`);
        if (repeat) continue;
        expanded.add(other);
        walk(other, `${indent}    `);
      }
    };
    walk(rootId, '    ');
    lines.push(`  ${title}:`, ...(branch.length > 0 ? branch : ['    (none)']));
  };
  if (direction !== 'DOWNSTREAM') {
    tree('upstream (where it came from)', (id) => graph.edges.filter((e) => e.to === id), (e) => `<- ${e.relation} --`, (e) => e.from);
  }
  if (direction !== 'UPSTREAM') {
    tree('downstream (what came of it)', (id) => graph.edges.filter((e) => e.from === id), (e) => `-- ${e.relation} ->`, (e) => e.to);
  }
  const others = graph.edges.filter((edge) => !shown.has(edge));
  if (others.length > 0) {
    lines.push('  other edges among these nodes:', ...others.map((e) => `    ${describe(e.from)} -- ${e.relation} -> ${describe(e.to)}`));
  }
  return lines.join('\n');
}
