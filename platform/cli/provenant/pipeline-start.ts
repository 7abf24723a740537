import { DEPLOY_ENVIRONMENTS } from '../../../domain/approval';
import { MODEL_TASKS } from '../../../domain/pipeline';
import { CONNECTION_HELP, UsageError, connect, oneOf, parseCommand, positiveInteger, print, requiredOption, type Command } from './command';
import { EXIT_HELP } from './exit-codes';
import { watchPipeline } from './pipeline-watch';

export const pipelineStart: Command = {
  name: 'runs start',
  aliases: ['pipeline start'],
  summary: 'start a model pipeline; prints its workflow id (--watch follows it stage by stage)',
  usage: `
Usage: provenant runs start --model NAME --dataset DATASET_VERSION_ID --target COLUMN
                           --features A,B,C --task CLASSIFICATION|REGRESSION
                           [--deploy STAGING|PRODUCTION [--approvals N]] [--run-key KEY]
                           [--watch [--until-done]]
       provenant pipeline start ...

Starts validate → train → evaluate → register (→ approve → deploy with --deploy) for a
registered dataset version, as startModelPipeline does (roles engineer, admin), and prints
the run's workflow id. The same inputs name the same run; --run-key starts a fresh one.

  --model NAME          the model's name; a new version of it is registered
  --dataset ID          the dataset version to train and evaluate on
  --target COLUMN       the column to predict
  --features A,B,C      the feature columns, comma-separated
  --task TASK           CLASSIFICATION or REGRESSION
  --deploy ENV          ask for approval, then deploy to STAGING or PRODUCTION
  --approvals N         distinct approvals the gate needs (default 1 for STAGING, 2 for PRODUCTION)
  --run-key KEY         tell this run apart from an earlier one with the same inputs
  --watch               follow the run as \`provenant runs get --watch\` does: on a terminal a
                        progress bar and every stage, redrawn in place; piped, one line
                        per change
  --until-done          with --watch, keep watching through AWAITING_APPROVAL

${CONNECTION_HELP}

With --watch, exit status 0 means SUCCEEDED or waiting at its approval gate, 1 that the
run ended FAILED, QUALITY_CHECKS_FAILED, REJECTED, EXPIRED, CANCELLED or ROLLED_BACK.
${EXIT_HELP}
`,
  async run(argv) {
    const { values, positionals } = parseCommand(this, argv, {
      model: { type: 'string' },
      dataset: { type: 'string' },
      target: { type: 'string' },
      features: { type: 'string' },
      task: { type: 'string' },
      deploy: { type: 'string' },
      approvals: { type: 'string' },
      'run-key': { type: 'string' },
      watch: { type: 'boolean' },
      'until-done': { type: 'boolean' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    if (values.approvals !== undefined && values.deploy === undefined) throw new UsageError('--approvals needs --deploy');
    if (values['until-done'] && !values.watch) throw new UsageError('--until-done needs --watch');
    const input = {
      modelName: requiredOption(values.model, 'model'),
      datasetVersionId: requiredOption(values.dataset, 'dataset'),
      target: requiredOption(values.target, 'target'),
      features: requiredOption(values.features, 'features')
        .split(',')
        .map((feature) => feature.trim())
        .filter(Boolean),
      task: oneOf(requiredOption(values.task, 'task'), 'task', MODEL_TASKS),
      ...(values['run-key'] !== undefined ? { runKey: values['run-key'] } : {}),
      ...(values.deploy !== undefined
        ? {
            deploy: {
              environment: oneOf(values.deploy, 'deploy', DEPLOY_ENVIRONMENTS),
              ...(values.approvals !== undefined ? { requiredApprovals: positiveInteger(values.approvals, 'approvals') } : {}),
            },
          }
        : {}),
    };
    const client = connect(values);
    const { workflowId } = await client.startPipeline(input);
    print(workflowId);
    if (!values.watch) return 0;
    return watchPipeline(client, workflowId, { untilDone: values['until-done'] === true, json: false });
  },
};
