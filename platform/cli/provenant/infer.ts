import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import type { InferenceRequest, InferenceResponse, InferenceTensor } from '../../../client/types';
import { CONNECTION_HELP, OUTPUT_HELP, OUTPUT_OPTIONS, SERVING_URL_HELP, UsageError, connect, onePositional, outputFormat, parseCommand, render, type Command } from './command';
import { formatTable } from './table';

type Row = Record<string, unknown>;

/** JSON rows as a file holds them: one array of objects, or one object per line (JSON lines). */
export function parseRows(source: string, origin: string): Row[] {
  const trimmed = source.trim();
  if (trimmed === '') throw new UsageError(`${origin} holds no rows`);
  let rows: unknown[];
  try {
    rows = trimmed.startsWith('[') ? (JSON.parse(trimmed) as unknown[]) : trimmed.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown);
  } catch (error) {
    throw new UsageError(`${origin} is neither a JSON array of rows nor JSON lines: ${(error as Error).message}`);
  }
  rows.forEach((row, index) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new UsageError(`${origin}: row ${index + 1} is not an object of feature values`);
  });
  return rows as Row[];
}

/**
 * Rows of feature values as the Open Inference Protocol's tensors, one per feature of shape
 * [rows]: numbers as FP64, booleans as BOOL, strings as BYTES; a missing or null value is
 * sent as null, which the model treats as missing.
 */
export function rowsToRequest(rows: Row[]): InferenceRequest {
  const features = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const inputs = features.map((name): InferenceTensor => {
    const data = rows.map((row) => row[name] ?? null);
    const kinds = new Set(data.filter((value) => value !== null).map((value) => typeof value));
    if (kinds.size > 1 || [...kinds].some((kind) => !['number', 'boolean', 'string'].includes(kind))) {
      throw new UsageError(`feature ${name}: every row must give a number, a boolean or a string (or null), and the same kind in every row`);
    }
    const [kind = 'number'] = kinds;
    return { name, shape: [rows.length], datatype: kind === 'number' ? 'FP64' : kind === 'boolean' ? 'BOOL' : 'BYTES', data };
  });
  return { inputs };
}

/** The values of row `index` of a tensor whose first dimension is the rows. */
function rowOf(tensor: InferenceTensor, index: number): unknown[] {
  const width = tensor.shape.slice(1).reduce((product, size) => product * size, 1);
  return tensor.data.slice(index * width, (index + 1) * width);
}

export function predictionsTable(response: InferenceResponse): string {
  const rows = response.outputs[0]?.shape[0] ?? 0;
  const cell = (value: unknown) => (typeof value === 'number' ? String(Number(value.toPrecision(4))) : String(value));
  return [
    `model ${response.model_name} version ${response.model_version}, request ${response.id}`,
    formatTable([
      ['ROW', ...response.outputs.map((output) => output.name.toUpperCase())],
      ...Array.from({ length: rows }, (_, index) => [String(index + 1), ...response.outputs.map((output) => rowOf(output, index).map(cell).join(' '))]),
    ]),
  ].join('\n');
}

async function readSource(file: string): Promise<string> {
  if (file === '-') return text(process.stdin);
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

export const infer: Command = {
  name: 'infer',
  summary: "score rows with a model's live route at a serving process (Open Inference Protocol)",
  usage: `
Usage: provenant infer MODEL (--row JSON ... | --rows FILE | --request FILE)
                       [--id ID] [--serving-url URL] [-o table|json|yaml]

Sends POST /v2/models/MODEL/infer to a serving process, which scores the rows with the
version its traffic route picks (stable, or the canary for its share), and prints each
row's outputs (label and class probabilities, or the predicted value). The token must be a
serving token for MODEL in that process's environment, or an ops or admin token.

  --row JSON        one row of feature values, e.g. '{"temp_max": 12.8, "wind": 4.7}';
                    repeat for more rows
  --rows FILE       rows from FILE ("-": standard input): a JSON array of objects, or JSON
                    lines
  --request FILE    an Open Inference Protocol request body as is ("-": standard input),
                    e.g. with the model's own numeric_features tensor
  --id ID           the request's id (logged with its predictions; ground truth refers to it)
${SERVING_URL_HELP}
${OUTPUT_HELP}

${CONNECTION_HELP}
`,
  async run(argv) {
    const { values, positionals } = parseCommand(this, argv, {
      row: { type: 'string', multiple: true },
      rows: { type: 'string' },
      request: { type: 'string' },
      id: { type: 'string' },
      'serving-url': { type: 'string' },
      ...OUTPUT_OPTIONS,
    });
    const model = onePositional(positionals, 'MODEL');
    const format = outputFormat(values);
    const sources = [values.row !== undefined, values.rows !== undefined, values.request !== undefined].filter(Boolean).length;
    if (sources !== 1) throw new UsageError('give the rows one way: --row (repeatable), --rows FILE or --request FILE');
    let request: InferenceRequest;
    if (values.request !== undefined) {
      try {
        request = JSON.parse(await readSource(values.request)) as InferenceRequest;
      } catch (error) {
        if (error instanceof SyntaxError) throw new UsageError(`--request ${values.request} is not JSON: ${error.message}`);
        throw error;
      }
    } else {
      const rows = values.rows !== undefined ? parseRows(await readSource(values.rows), values.rows) : values.row!.flatMap((row) => parseRows(row, '--row'));
      request = rowsToRequest(rows);
    }
    if (values.id !== undefined) request = { ...request, id: values.id };
    const response = await connect(values).infer(model, request);
    render(format, response, () => predictionsTable(response));
    return 0;
  },
};
