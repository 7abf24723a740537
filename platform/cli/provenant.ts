#!/usr/bin/env node
import { handleHelp } from './help';
import { ApiError, formatApiError } from '../../client/provenant-api';
import { ConfigError } from '../config';
import { approvals } from './provenant/approvals';
import { auditExport } from './provenant/audit-export';
import { auditVerify } from './provenant/audit-verify';
import { UsageError, type Command } from './provenant/command';
import { completionCommand } from './provenant/completion';
import { datasetsGet, datasetsList, datasetsRegister } from './provenant/datasets';
import { approve, reject } from './provenant/decide';
import { deploymentsGet, deploymentsList, promote, rollback } from './provenant/deployments';
import { driftGet, driftList, driftScan } from './provenant/drift';
import { EXIT, EXIT_HELP, exitStatusOf } from './provenant/exit-codes';
import { gatesGet, gatesList } from './provenant/gates';
import { infer } from './provenant/infer';
import { lineage } from './provenant/lineage';
import { modelsGet, modelsList } from './provenant/models';
import { pipelineStart } from './provenant/pipeline-start';
import { pipelineStatus, runsList } from './provenant/pipeline-status';
import { runMain } from './run-main';

const COMMANDS: Command[] = [
  datasetsList,
  datasetsGet,
  datasetsRegister,
  modelsList,
  modelsGet,
  runsList,
  pipelineStatus,
  pipelineStart,
  gatesList,
  gatesGet,
  approvals,
  approve,
  reject,
  deploymentsList,
  deploymentsGet,
  promote,
  rollback,
  infer,
  driftList,
  driftGet,
  driftScan,
  lineage,
  auditVerify,
  auditExport,
];
COMMANDS.push(completionCommand(() => COMMANDS));

const overview = (commands: Command[]) => {
  const width = Math.max(...commands.map((command) => command.name.length));
  return commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n');
};

const USAGE = `
Usage: provenant COMMAND [OPTIONS]
       npm run provenant -- COMMAND [OPTIONS]     (from a clone)

Drives Provenant through its GraphQL API (and \`infer\` through a serving process), as the
token's role allows.

Commands:
${overview(COMMANDS)}

Every command takes:
  --url URL        the API's base URL (PROVENANT_URL; default http://127.0.0.1:4000)
  --token TOKEN    bearer token to send (PROVENANT_TOKEN)
  --help           its options
and reads url, token and servingUrl from a YAML config file when neither flag nor
variable sets them: PROVENANT_CONFIG, else ~/.config/provenant/config.yaml.
Commands that print records take -o table|json|yaml (table by default).
Older names still work: pipeline start, pipeline status, pipeline list, register,
drift report.

Refusals print one line, \`error [CODE] field: message\`, with the API's code (FORBIDDEN,
BAD_USER_INPUT, NOT_FOUND, …).
${EXIT_HELP}

Shell completion: source <(provenant completion bash)   (or zsh)
`;

/** Splits `runs start --model …` into the command and its arguments; a bare group word lists the group. */
function resolve(argv: string[]): { command: Command; invokedAs: string; args: string[] } {
  const [first, second] = argv;
  if (first === undefined || first === '--help' || first === '-h') handleHelp(USAGE, ['--help']);
  const named = (name: string) => COMMANDS.find((command) => command.name === name || command.aliases?.includes(name));
  const pair = named(`${first} ${second}`);
  if (pair) return { command: pair, invokedAs: `${first} ${second}`, args: argv.slice(2) };
  const single = named(first);
  if (single) return { command: single, invokedAs: first, args: argv.slice(1) };
  const group = COMMANDS.filter((command) => [command.name, ...(command.aliases ?? [])].some((name) => name.startsWith(`${first} `)));
  if (group.length > 0 && (second === undefined || second === '--help' || second === '-h')) {
    handleHelp(`Usage: provenant ${first} SUBCOMMAND [OPTIONS]\n\n${overview(group)}\n\nSee provenant ${first} SUBCOMMAND --help.`, ['--help']);
  }
  const words = group.length > 0 ? `${first} ${second}` : first;
  throw new UsageError(`unknown command ${JSON.stringify(words)}; commands come first, then their options (see provenant --help)`);
}

runMain(async () => {
  let invokedAs: string | undefined;
  try {
    const resolved = resolve(process.argv.slice(2));
    invokedAs = resolved.invokedAs;
    process.exitCode = await resolved.command.run(resolved.args);
  } catch (error) {
    if (error instanceof ApiError) {
      process.stderr.write(`${formatApiError(error)}\n`);
      process.exitCode = exitStatusOf(error);
    } else if (error instanceof UsageError) {
      process.stderr.write(`usage error: ${error.message}${invokedAs ? ` (see provenant ${invokedAs} --help)` : ''}\n`);
      process.exitCode = EXIT.USAGE;
    } else if (error instanceof ConfigError) {
      // A flag's value (--url) or the config file: nothing was sent.
      process.stderr.write(`${error.variable.startsWith('-') ? 'usage' : 'configuration'} error: ${error.message}\n`);
      process.exitCode = EXIT.USAGE;
    } else {
      throw error;
    }
  }
});
