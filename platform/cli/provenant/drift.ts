import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DEPLOY_ENVIRONMENTS } from '../../../domain/approval';
import type { DriftColumn, DriftReport, DriftScan } from '../../../client/types';
import { CONNECTION_HELP, OUTPUT_HELP, OUTPUT_OPTIONS, UsageError, connect, oneOf, onePositional, outputFormat, parseCommand, positiveInteger, render, requiredOption, type Command } from './command';
import { EXIT, EXIT_HELP } from './exit-codes';
import { collectPages } from './pages';
import { formatTable } from './table';

const share = (value: number) => `${Number((value * 100).toFixed(1))}%`;
const number = (value: number | null) => (value === null ? '-' : String(Number(value.toPrecision(4))));

function currentSample(report: DriftReport): string {
  const { current } = report;
  return current.kind === 'dataset_version' ? `dataset version ${current.datasetVersionId}` : `${current.environment} traffic ${current.from} to ${current.to}`;
}

export function driftReportsTable(reports: DriftReport[]): string {
  return formatTable([
    ['REPORT', 'CREATED', 'VERSION', 'CURRENT', 'ROWS', 'DRIFT', 'DRIFTED COLUMNS', 'TRIGGERED BY'],
    ...reports.map((r) => [
      r.id,
      r.createdAt,
      String(r.modelVersion),
      r.environment ?? 'dataset',
      String(r.current.rows),
      r.datasetDrift ? 'YES' : 'no',
      `${r.numberOfDriftedColumns}/${r.numberOfColumns} (${share(r.driftShare)})`,
      r.triggeredBy,
    ]),
  ]);
}

function columnRow(column: DriftColumn): string[] {
  return [column.column, column.kind, column.test, number(column.statistic), number(column.pValue), number(column.threshold), column.drifted ? 'DRIFTED' : 'ok', column.note ?? ''];
}

/** The report as a reader scans it: the verdict first, then each column's test against its threshold. */
export function describeDriftReport(report: DriftReport): string {
  const header = formatTable([
    ['report', report.id],
    ['model', `${report.modelName} version ${report.modelVersion}`],
    ['reference', `dataset version ${report.reference.datasetVersionId} (${report.reference.rows} rows)`],
    ['current', `${currentSample(report)} (${report.current.rows} rows)`],
    [
      'dataset drift',
      `${report.datasetDrift ? 'YES' : 'no'}: ${report.numberOfDriftedColumns} of ${report.numberOfColumns} columns drifted (${share(report.driftShare)}; drift from ${share(report.driftShareThreshold)})`,
    ],
    ['retraining', report.retraining ? `${report.retraining.action}: ${report.retraining.reason}` : '-'],
    ['created', `${report.createdAt} by ${report.triggeredBy}`],
    ['page', report.reportUrl],
  ]);
  const columns = formatTable([
    ['COLUMN', 'KIND', 'TEST', 'STATISTIC', 'P-VALUE', 'THRESHOLD', 'RESULT', 'NOTE'],
    ...report.columns.map(columnRow),
    ...(report.predictionDrift ? [columnRow({ ...report.predictionDrift, column: `${report.predictionDrift.column} (prediction)` })] : []),
  ]);
  return `${header}\n\n${columns}`;
}

export const driftList: Command = {
  name: 'drift list',
  summary: "a model's drift reports, newest first",
  usage: `
Usage: provenant drift list MODEL [--env STAGING|PRODUCTION] [--limit N] [-o table|json|yaml]

Lists a model's drift reports (driftReports, every role), newest first: id, when, the
scanned version, what was scanned, rows, the verdict and the columns that drifted.

  --env ENV      only scans of this environment's traffic
  --limit N      at most N reports (default 20)
${OUTPUT_HELP}

${CONNECTION_HELP}
`,
  async run(argv) {
    const { values, positionals } = parseCommand(this, argv, { env: { type: 'string' }, limit: { type: 'string', default: '20' }, ...OUTPUT_OPTIONS });
    const modelName = onePositional(positionals, 'MODEL');
    const format = outputFormat(values);
    const environment = values.env === undefined ? undefined : oneOf(values.env, 'env', DEPLOY_ENVIRONMENTS);
    const client = connect(values);
    const reports = await collectPages(positiveInteger(values.limit, 'limit'), (first, after) => client.driftReports({ modelName, environment, first, after }));
    render(format, reports, () => (reports.length === 0 ? `model ${modelName} has no drift reports` : driftReportsTable(reports)));
    return 0;
  },
};

export const driftGet: Command = {
  name: 'drift get',
  aliases: ['drift report'],
  summary: 'one drift report: the verdict and every column test (--html saves the page)',
  usage: `
Usage: provenant drift get REPORT_ID [--html FILE] [-o table|json|yaml]
       provenant drift report REPORT_ID ...

Shows a drift report (driftReport, every role): the reference and current samples, whether
the dataset drifted and by what share of columns, the retraining decision, and each
column's test, statistic, p-value, threshold and result.

  --html FILE    also save the report's HTML page (charts included, no scripts) to FILE
${OUTPUT_HELP}

${CONNECTION_HELP}
`,
  async run(argv) {
    const { values, positionals } = parseCommand(this, argv, { html: { type: 'string' }, ...OUTPUT_OPTIONS });
    const id = onePositional(positionals, 'REPORT_ID');
    const format = outputFormat(values);
    const client = connect(values);
    const report = await client.driftReport(id);
    if (values.html !== undefined) {
      await pipeline(Readable.fromWeb(await client.driftReportPage(id)), createWriteStream(requiredOption(values.html, 'html')));
      process.stderr.write(`saved the report's page to ${values.html}\n`);
    }
    render(format, report, () => describeDriftReport(report));
    return 0;
  },
};

export const driftScan: Command = {
  name: 'drift scan',
  summary: "scan a model's traffic or a dataset version for drift now; waits for the report",
  usage: `
Usage: provenant drift scan MODEL (--env STAGING|PRODUCTION [--window 24h] | --dataset ID)
                           [--reference ID] [--no-wait] [-o table|json|yaml]

Starts a drift scan (triggerDriftScan, roles engineer, ops and admin) of an environment's
logged traffic over a window ending now, or of a dataset version, against the reference
(default: the scanned version's training data), waits for it and prints its report, as
\`provenant drift get\` does.

  --env ENV         scan this environment's prediction log
  --window W        the window's length, e.g. 30m, 24h, 7d (default 24h)
  --dataset ID      scan this dataset version instead of traffic
  --reference ID    compare against this dataset version
  --no-wait         print the scan's workflow id and return at once
${OUTPUT_HELP}

${CONNECTION_HELP}

Exit status 1 also when the scan ended without a report (its failure is printed).
${EXIT_HELP}
`,
  async run(argv) {
    const { values, positionals } = parseCommand(this, argv, {
      env: { type: 'string' },
      window: { type: 'string' },
      dataset: { type: 'string' },
      reference: { type: 'string' },
      'no-wait': { type: 'boolean' },
      ...OUTPUT_OPTIONS,
    });
    const modelName = onePositional(positionals, 'MODEL');
    const format = outputFormat(values);
    if ((values.env === undefined) === (values.dataset === undefined)) throw new UsageError('give either --env (scan traffic) or --dataset (scan a dataset version)');
    if (values.window !== undefined && values.env === undefined) throw new UsageError('--window needs --env');
    const client = connect(values);
    const started = await client.triggerDriftScan({
      modelName,
      ...(values.env !== undefined ? { environment: oneOf(values.env, 'env', DEPLOY_ENVIRONMENTS) } : {}),
      ...(values.window !== undefined ? { window: values.window } : {}),
      ...(values.dataset !== undefined ? { currentDatasetVersionId: values.dataset } : {}),
      ...(values.reference !== undefined ? { referenceDatasetVersionId: values.reference } : {}),
    });
    if (values['no-wait']) {
      render(format, started, () => `scan ${started.workflowId} ${started.status}; its report: provenant drift list ${modelName}`);
      return 0;
    }
    process.stderr.write(`scanning (${started.workflowId}) ...\n`);
    const scan: DriftScan = await client.followDriftScan(started.workflowId);
    if (!scan.report) {
      render(format, scan, () => `scan ${scan.workflowId} ended ${scan.status} without a report: ${scan.failure ?? 'no reason given'} (${scan.temporalUiUrl})`);
      return EXIT.ERROR;
    }
    const report = scan.report;
    render(format, report, () => describeDriftReport(report));
    return 0;
  },
};
