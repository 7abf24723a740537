import { CONNECTION_HELP, UsageError, connect, onePositional, parseCommand, print, printJson, type Command } from './command';
import { formatElapsed } from './pipeline-progress';
import type { PipelineRun, PipelineStage } from '../../../client/types';
import { outcome, runElapsedMs, watchPipeline } from './pipeline-watch';
import { formatTable } from './table';

export const pipelineStatus: Command = {
  name: 'pipeline status',
  summary: "a run's status and stages (--watch follows it to the end)",
  usage: `
Usage: provenant pipeline status WORKFLOW_ID [--watch [--until-done]] [--json]

Shows a pipeline run (pipelineRun, every role): its status, each stage with its status,
attempts and duration, and the approval gate once it is open.

  --watch        poll until the run ends: a progress bar (stages done / total, current
                 stage, elapsed) on a terminal, one line per change otherwise; returns
                 as soon as the run waits at its approval gate
  --until-done   with --watch, keep watching through AWAITING_APPROVAL
  --json         print the run as JSON (with --watch, one line per change)

${CONNECTION_HELP}

Exit status: without --watch 0 once the run is shown; with --watch 0 for SUCCEEDED or a
run waiting at its approval gate, 1 for FAILED, QUALITY_CHECKS_FAILED, REJECTED, EXPIRED,
CANCELLED or ROLLED_BACK. 1 when the API refuses, 2 on usage errors.
`,
  async run(argv) {
    const { values, positionals } = parseCommand(this, argv, {
      watch: { type: 'boolean' },
      'until-done': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const workflowId = onePositional(positionals, 'WORKFLOW_ID');
    if (values['until-done'] && !values.watch) throw new UsageError('--until-done needs --watch');
    const client = connect(values);
    if (values.watch) return watchPipeline(client, workflowId, { untilDone: values['until-done'] === true, json: values.json === true });
    const run = await client.pipelineRun(workflowId);
    if (values.json) printJson(run);
    else print(describeRun(run));
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
