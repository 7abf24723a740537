import { CONNECTION_HELP, connect, oneOf, onePositional, parseCommand, positiveInteger, print, printJson, type Command } from './command';
import { formatLineage } from './lineage-tree';

/** The API's words for each direction; UP and DOWN are the short forms people type. */
const DIRECTIONS = { UP: 'UPSTREAM', UPSTREAM: 'UPSTREAM', DOWN: 'DOWNSTREAM', DOWNSTREAM: 'DOWNSTREAM', BOTH: 'BOTH' } as const;

export const lineage: Command = {
  name: 'lineage',
  summary: 'the lineage graph around any record (dataset version, run, model version, …) as a tree',
  usage: `
Usage: provenant lineage ID [--direction UP|DOWN|BOTH] [--depth N] [--json]

Prints the lineage around a node (lineage, every role): ID is the id of a dataset version,
validation report, pipeline run, model version, evaluation report, approval gate,
deployment, drift report or batch scoring job. Ancestors are listed as "<- relation --"
(what it came from), descendants as "-- relation ->" (what came of it), one level of
indentation per hop.

  --direction D   UP (ancestors), DOWN (descendants) or BOTH (the default)
  --depth N       hops to follow, 1-20 (default 5)
  --json          print the nodes and edges as JSON

${CONNECTION_HELP}
`,
  async run(argv) {
    const { values, positionals } = parseCommand(this, argv, {
      direction: { type: 'string', default: 'BOTH' },
      depth: { type: 'string', default: '5' },
      json: { type: 'boolean' },
    });
    const id = onePositional(positionals, 'ID');
    const direction = DIRECTIONS[oneOf(values.direction, 'direction', Object.keys(DIRECTIONS) as (keyof typeof DIRECTIONS)[])];
    const depth = positiveInteger(values.depth, 'depth');
    const graph = await connect(values).lineage(id, direction, depth);
    if (values.json) printJson(graph);
    else print(formatLineage(graph, id, direction));
    return 0;
  },
};
