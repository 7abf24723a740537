#!/usr/bin/env node
import { handleHelp } from './help';
import { ApiError, formatApiError } from '../../client/provenant-api';
import { approvals } from './provenant/approvals';
import { auditExport } from './provenant/audit-export';
import { auditVerify } from './provenant/audit-verify';
import { UsageError, type Command } from './provenant/command';
import { approve, reject } from './provenant/decide';
import { lineage } from './provenant/lineage';
import { pipelineStart } from './provenant/pipeline-start';
import { pipelineStatus } from './provenant/pipeline-status';
import { runMain } from './run-main';

const COMMANDS: Command[] = [pipelineStart, pipelineStatus, approvals, approve, reject, lineage, auditVerify, auditExport];

const overview = (commands: Command[]) => {
  const width = Math.max(...commands.map((command) => command.name.length));
  return commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n');
};

const USAGE = `
Usage: provenant COMMAND [OPTIONS]
       npm run provenant -- COMMAND [OPTIONS]     (from a clone)

Drives Provenant through its GraphQL API, as the token's role allows.

Commands:
${overview(COMMANDS)}

Every command takes:
  --url URL      the API's base URL (default: PROVENANT_URL, else http://127.0.0.1:4000)
  --token TOKEN  bearer token to send (default: PROVENANT_TOKEN)
  --help         its options
and the read commands (pipeline status, approvals, lineage, audit verify) --json for the
API's answer as JSON.

Refusals print one line, \`error [CODE] field: message\`, with the API's code (FORBIDDEN,
BAD_USER_INPUT, NOT_FOUND, …). Exit status: 0 done, 1 refused or a run that did not
succeed, 2 usage error.
`;

/** Splits `pipeline start --model …` into the command and its arguments; a bare group word lists the group. */
function resolve(argv: string[]): { command: Command; args: string[] } {
  const [first, second] = argv;
  if (first === undefined || first === '--help' || first === '-h') handleHelp(USAGE, ['--help']);
  const pair = COMMANDS.find((command) => command.name === `${first} ${second}`);
  if (pair) return { command: pair, args: argv.slice(2) };
  const single = COMMANDS.find((command) => command.name === first);
  if (single) return { command: single, args: argv.slice(1) };
  const group = COMMANDS.filter((command) => command.name.startsWith(`${first} `));
  if (group.length > 0 && (second === undefined || second === '--help' || second === '-h')) {
    handleHelp(`Usage: provenant ${first} SUBCOMMAND [OPTIONS]\n\n${overview(group)}\n\nSee provenant ${first} SUBCOMMAND --help.`, ['--help']);
  }
  const words = group.length > 0 ? `${first} ${second}` : first;
  throw new UsageError(`unknown command ${JSON.stringify(words)}; commands come first, then their options (see provenant --help)`);
}

runMain(async () => {
  let command: Command | undefined;
  try {
    const resolved = resolve(process.argv.slice(2));
    command = resolved.command;
    process.exitCode = await command.run(resolved.args);
  } catch (error) {
    if (error instanceof ApiError) {
      process.stderr.write(`${formatApiError(error)}\n`);
      process.exitCode = 1;
    } else if (error instanceof UsageError) {
      process.stderr.write(`usage error: ${error.message}${command ? ` (see provenant ${command.name} --help)` : ''}\n`);
      process.exitCode = 2;
    } else {
      throw error;
    }
  }
});
