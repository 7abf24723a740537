import { CONNECTION_HELP, OUTPUT_HELP, OUTPUT_OPTIONS, UsageError, connect, onePositional, outputFormat, parseCommand, positiveInteger, render, type Command } from './command';
import { EXIT_HELP } from './exit-codes';
import { collectPages } from './pages';
import { formatElapsed } from './pipeline-progress';
import type { PipelineRun, PipelineStage } from '../../../client/types';
import { outcome, runElapsedMs, watchPipeline } from './pipeline-watch';
import { formatTable } from './table';

export const pipelineStatus: Command = {
  name: 'runs get',
  aliases: ['pipeline status'],
  summary: "a run's status and stages (--watch follows it to the end)",
  usage: `
Usage: provenant runs get WORKFLOW_ID [--watch [--until-done]] [-o table|json|yaml]
       provenant pipeline status ...

Shows a pipeline run (pipelineRun, every role): its status, each stage with its status,
attempts and duration, and the approval gate once it is open.

  --watch        poll until the run ends: on a terminal a progress bar (stages done /
                 total, current stage, elapsed) and every stage, redrawn in place; piped,
                 one line per change; returns as soon as the run waits at its approval gate
  --until-done   with --watch, keep watching through AWAITING_APPROVAL
${OUTPUT_HELP} (with --watch, json prints one line per change)
  --json         the same as -o json

${CONNECTION_HELP}

With --watch, exit status 0 means SUCCEEDED or waiting at its approval gate, 1 FAILED,
QUALITY_CHECKS_FAILED, REJECTED, EXPIRED, CANCELLED or ROLLED_BACK.
${EXIT_HELP}
`,
  async run(argv) {
    const { values, positionals } = parseCommand(this, argv, {
      watch: { type: 'boolean' },
      'until-done': { type: 'boolean' },
      json: { type: 'boolean' },
      ...OUTPUT_OPTIONS,
    });
    const workflowId = onePositional(positionals, 'WORKFLOW_ID');
    if (values['until-done'] && !values.watch) throw new UsageError('--until-done needs --watch');
    const format = outputFormat(values);
    if (values.watch && format === 'yaml') throw new UsageError('--watch prints a table or JSON lines; -o yaml shows one state of the run');
    const client = connect(values);
    if (values.watch) return watchPipeline(client, workflowId, { untilDone: values['until-done'] === true, json: format === 'json' });
    const run = await client.pipelineRun(workflowId);
    render(format, run, () => describeRun(run));
    return 0;
  },
};

function stageDuration(stage: PipelineStage): string {
  if (!stage.startedAt) return '';
  return formatElapsed((stage.finishedAt ? Date.parse(stage.finishedAt) : Date.now()) - Date.parse(stage.startedAt));
}

export function describeRun(run: PipelineRun): string {
  const header = formatTable([
    ['workflow', run.workflowId],
    ['model', run.modelVersion ? `${run.modelName} version ${run.modelVersion.version}` : run.modelName],
    ['status', run.status],
    ['requested by', run.requestedBy],
    ['started', run.createdAt],
    ['elapsed', formatElapsed(runElapsedMs(run))],
  ]);
  const stages = formatTable([
    ['STAGE', 'STATUS', 'ATTEMPTS', 'TIME', 'ERROR'],
    ...run.stages.map((stage) => [stage.name, stage.status, String(stage.attempts), stageDuration(stage), stage.error ?? '']),
  ]);
  return `${header}\n\n${stages}\n\n${outcome(run)}`;
}

export function runsTable(runs: PipelineRun[]): string {
  return formatTable([
    ['WORKFLOW', 'MODEL', 'VERSION', 'STATUS', 'STAGE', 'REQUESTED BY', 'STARTED', 'ELAPSED'],
    ...runs.map((run) => [
      run.workflowId,
      run.modelName,
      run.modelVersion ? String(run.modelVersion.version) : '-',
      run.status,
      run.currentStage,
      run.requestedBy,
      run.createdAt,
      formatElapsed(runElapsedMs(run)),
    ]),
  ]);
}

export const runsList: Command = {
  name: 'runs list',
  aliases: ['pipeline list'],
  summary: 'pipeline runs, newest first',
  usage: `
Usage: provenant runs list [--limit N] [-o table|json|yaml]
       provenant pipeline list ...

Lists pipeline runs (pipelineRuns, every role), newest first: workflow id, model, the
version it registered, status, current stage, who started it, when, and how long it took.

  --limit N      at most N runs (default 20)
${OUTPUT_HELP}

${CONNECTION_HELP}
`,
  async run(argv) {
    const { values, positionals } = parseCommand(this, argv, { limit: { type: 'string', default: '20' }, ...OUTPUT_OPTIONS });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const format = outputFormat(values);
    const client = connect(values);
    const runs = await collectPages(positiveInteger(values.limit, 'limit'), (first, after) => client.pipelineRuns({ first, after }));
    render(format, runs, () => (runs.length === 0 ? 'no pipeline runs' : runsTable(runs)));
    return 0;
  },
};
