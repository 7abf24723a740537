import path from 'node:path';
import type { DatasetVersion } from '../../../client/types';
import { CONNECTION_HELP, OUTPUT_HELP, OUTPUT_OPTIONS, UsageError, connect, onePositional, outputFormat, parseCommand, positiveInteger, render, type Command } from './command';
import { collectPages } from './pages';
import { formatTable } from './table';

export function datasetVersionsTable(versions: DatasetVersion[]): string {
  return formatTable([
    ['ID', 'DATASET', 'VERSION', 'FORMAT', 'ROWS', 'COLUMNS', 'REGISTERED BY', 'REGISTERED AT'],
    ...versions.map((v) => [v.id, v.datasetName, String(v.version), v.format, String(v.rowCount), String(v.schema.length), v.createdBy, v.createdAt]),
  ]);
}

export function describeDatasetVersion(v: DatasetVersion): string {
  const header = formatTable([
    ['id', v.id],
    ['dataset', `${v.datasetName} version ${v.version}`],
    ['format', v.format],
    ['rows', String(v.rowCount)],
    ['bytes', String(v.byteSize)],
    ['sha256', v.contentSha256],
    ['source', v.sourceUri],
    ['registered', `${v.createdAt} by ${v.createdBy}`],
  ]);
  const number = (value: number | null) => (value === null ? '' : String(Number(value.toPrecision(6))));
  const columns = formatTable([
    ['COLUMN', 'TYPE', 'NULLS', 'DISTINCT', 'MIN', 'MEAN', 'MAX'],
    ...v.schema.map((c) => [c.name, c.type, String(c.nullCount), String(c.distinctCount), number(c.min), number(c.mean), number(c.max)]),
  ]);
  return `${header}\n\n${columns}`;
}

export const datasetsList: Command = {
  name: 'datasets list',
  summary: 'registered dataset versions, newest first',
  usage: `
Usage: provenant datasets list [--name DATASET] [--limit N] [-o table|json|yaml]

Lists dataset versions (datasetVersions, every role), newest first: id, dataset, version,
format, rows, columns, who registered it and when.

  --name DATASET   only the versions of this dataset
  --limit N        at most N versions (default 50)
${OUTPUT_HELP}

${CONNECTION_HELP}
`,
  async run(argv) {
    const { values, positionals } = parseCommand(this, argv, { name: { type: 'string' }, limit: { type: 'string', default: '50' }, ...OUTPUT_OPTIONS });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const format = outputFormat(values);
    const client = connect(values);
    const versions = await collectPages(positiveInteger(values.limit, 'limit'), (first, after) => client.datasetVersions({ datasetName: values.name, first, after }));
    render(format, versions, () => (versions.length === 0 ? 'no dataset versions' : datasetVersionsTable(versions)));
    return 0;
  },
};

export const datasetsGet: Command = {
  name: 'datasets get',
  summary: 'one dataset version: its file, hash and column profile',
  usage: `
Usage: provenant datasets get DATASET_VERSION_ID [-o table|json|yaml]

Shows a dataset version (datasetVersion, every role): its format, rows, bytes, SHA-256,
source and registration, and each column's type, nulls, distinct values, min, mean, max.

${OUTPUT_HELP}

${CONNECTION_HELP}
`,
  async run(argv) {
    const { values, positionals } = parseCommand(this, argv, OUTPUT_OPTIONS);
    const id = onePositional(positionals, 'DATASET_VERSION_ID');
    const format = outputFormat(values);
    const version = await connect(values).datasetVersion(id);
    render(format, version, () => describeDatasetVersion(version));
    return 0;
  },
};

export const datasetsRegister: Command = {
  name: 'datasets register',
  aliases: ['register'],
  summary: 'register a CSV, JSON-lines or Parquet file as a dataset version',
  usage: `
Usage: provenant datasets register NAME FILE [--description TEXT] [-o table|json|yaml]
       provenant register NAME FILE ...

Registers FILE as a version of dataset NAME (registerDataset, roles engineer and admin) and
prints the version. FILE is read by the API, so it must lie inside one of the API's data roots
(PROVENANT_DATA_ROOTS; by default sample-data/ and the data directory). A relative path is
made absolute here first. The same bytes give the same version again.

  --description TEXT   kept with the dataset
${OUTPUT_HELP}

${CONNECTION_HELP}
`,
  async run(argv) {
    const { values, positionals } = parseCommand(this, argv, { description: { type: 'string' }, ...OUTPUT_OPTIONS });
    if (positionals.length !== 2) throw new UsageError(`expected NAME and FILE, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
    const [name, file] = positionals;
    const format = outputFormat(values);
    // The API reads the file on its own machine: a file:// URL or an absolute path means the same file there when it runs here.
    const uri = /^[a-z][a-z0-9+.-]*:\/\//i.test(file) ? file : path.resolve(file);
    const version = await connect(values).registerDataset({ name, uri, ...(values.description !== undefined ? { description: values.description } : {}) });
    render(format, version, () => describeDatasetVersion(version));
    return 0;
  },
};
