import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { access, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../platform/config';
import { logger } from '../platform/logger';
import { createServingServer, type ServingServer } from '../serving/create-server';
import { artifactStoreFor } from '../storage/configured-store';
import { SAMPLE_DATA, SERVING_TOKEN, TOKENS, startHarness, type Harness } from './support/harness';

const CLI = path.join(REPO_ROOT, 'dist', 'platform', 'cli', 'provenant.js');
const MODEL = 'cli-weather';
const FEATURES = 'precipitation,temp_max,temp_min,wind';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a compiled script as a user would, with stdout piped (so not a terminal), and with
 * no connection settings but those given: PROVENANT_CONFIG points at a file that does not
 * exist unless a test names one, so a developer's own config never leaks in.
 */
function run(script: string, args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return runProgram(process.execPath, [script, ...args], env);
}

function runProgram(program: string, args: string[], env: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const { PROVENANT_URL: _url, PROVENANT_TOKEN: _token, PROVENANT_SERVING_URL: _serving, PROVENANT_CONFIG: _config, ...inherited } = process.env;
    const isolated = { XDG_CONFIG_HOME: path.join(os.tmpdir(), 'provenant-cli-test-no-config') };
    const child = spawn(program, args, { cwd: REPO_ROOT, env: { ...inherited, ...isolated, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the provenant command line over the GraphQL API', () => {
  let harness: Harness;
  let datasetVersionId: string;
  let workflowId: string;
  let gateId: string;
  let modelVersionId: string;
  const provenant = (args: string[], token: string | null = TOKENS.viewer) =>
    run(CLI, args, { PROVENANT_URL: harness.url, ...(token ? { PROVENANT_TOKEN: token } : {}) });

  let serving: ServingServer | undefined;
  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await serving?.close();
    await harness?.close();
  });

  test('--help describes every command and its options, with exit status 0; old names still work', async () => {
    const overview = await provenant(['--help'], null);
    assert.equal(overview.code, 0, overview.stderr);
    assert.match(overview.stdout, /Exit status: 0 done, 1 refused .*\n2 usage or config file error, 3 not authenticated .*, 4 not found,\n5 API or serving process unreachable/);
    const output = ['-o', '--output'];
    const expected: Record<string, string[]> = {
      'datasets list': ['--name', '--limit', ...output],
      'datasets get': output,
      'datasets register': ['--description', ...output],
      'models list': output,
      'models get': output,
      'runs list': ['--limit', ...output],
      'runs get': ['--watch', '--until-done', '--json', ...output],
      'runs start': ['--model', '--dataset', '--target', '--features', '--task', '--deploy', '--approvals', '--watch', '--until-done'],
      'gates list': ['--status', '--limit', ...output],
      'gates get': output,
      approvals: ['--json'],
      approve: ['--comment'],
      reject: ['--comment'],
      'deployments list': output,
      'deployments get': output,
      promote: ['--env', '--version', '--reason', ...output],
      rollback: ['--env', '--version', '--reason', ...output],
      infer: ['--row', '--rows', '--request', '--id', '--serving-url', ...output],
      'drift list': ['--env', '--limit', ...output],
      'drift get': ['--html', ...output],
      'drift scan': ['--env', '--window', '--dataset', '--reference', '--no-wait', ...output],
      lineage: ['--direction', '--depth', '--json'],
      'audit verify': ['--full', '--json'],
      'audit export': ['--since', '--until', '--out'],
    };
    const listed = [...overview.stdout.matchAll(/^ {2}([a-z]+(?: [a-z]+)?) {2,}\S/gm)].map((match) => match[1]);
    assert.deepEqual(listed.sort(), [...Object.keys(expected), 'completion'].sort(), 'the overview lists every command once');
    // Each is its own process; they run side by side.
    const helps = await Promise.all(Object.keys(expected).map((command) => provenant([...command.split(' '), '--help'], null)));
    Object.entries(expected).forEach(([command, options], index) => {
      const help = helps[index];
      assert.equal(help.code, 0, help.stderr);
      assert.match(help.stdout, new RegExp(`^Usage: provenant ${command}`));
      for (const option of [...options, '--url', '--token']) assert.ok(help.stdout.includes(option), `${command} --help names ${option}`);
    });
    // Names from earlier releases show the same help; a group word lists its subcommands.
    const aliases = [['pipeline start', 'runs start'], ['pipeline status', 'runs get'], ['pipeline list', 'runs list'], ['register', 'datasets register'], ['drift report', 'drift get']];
    const groups = ['audit', 'runs', 'pipeline', 'datasets', 'drift'];
    const [completionHelp, ...rest] = await Promise.all([
      provenant(['completion', '--help'], null),
      ...aliases.map(([alias]) => provenant([...alias.split(' '), '--help'], null)),
      ...groups.map((group) => provenant([group], null)),
    ]);
    assert.match(completionHelp.stdout, /^Usage: provenant completion bash\|zsh/);
    aliases.forEach(([, command], index) => {
      assert.equal(rest[index].code, 0, rest[index].stderr);
      assert.match(rest[index].stdout, new RegExp(`^Usage: provenant ${command}`));
    });
    groups.forEach((group, index) => {
      const listing = rest[aliases.length + index];
      assert.equal(listing.code, 0, listing.stderr);
      assert.match(listing.stdout, new RegExp(`^Usage: provenant ${group} SUBCOMMAND`));
    });
    assert.match(rest[aliases.length].stdout, /audit verify[\s\S]*audit export/);
  });

  test('usage errors exit 2 without calling the API, naming the command as typed', async () => {
    const cases: [string[], string][] = [
      [['pipeline', 'stop'], 'usage error: unknown command "pipeline stop"; commands come first, then their options (see provenant --help)\n'],
      [['pipeline', 'start', '--model', MODEL], 'usage error: --dataset is required (see provenant pipeline start --help)\n'],
      [['models', 'list', '-o', 'xml'], 'usage error: -o must be one of table, json, yaml (got "xml") (see provenant models list --help)\n'],
      [['models', 'get'], 'usage error: expected one NAME, got none (see provenant models get --help)\n'],
      [['drift', 'scan', 'm'], 'usage error: give either --env (scan traffic) or --dataset (scan a dataset version) (see provenant drift scan --help)\n'],
      [['promote', 'm', '--env', 'QA', '--version', '1', '--reason', 'r'], 'usage error: --env must be one of STAGING, PRODUCTION (got "QA") (see provenant promote --help)\n'],
      [['completion', 'fish'], 'usage error: no completion for "fish"; shells: bash, zsh (see provenant completion --help)\n'],
      [['models', 'list', '--url', 'localhost:4000'], 'usage error: --url: must be an http(s) URL such as http://127.0.0.1:4000 (got "localhost:4000")\n'],
    ];
    const outcomes = await Promise.all(cases.map(([args]) => provenant(args, null)));
    cases.forEach(([args, stderr], index) => {
      assert.deepEqual([outcomes[index].code, outcomes[index].stderr, outcomes[index].stdout], [2, stderr, ''], args.join(' '));
    });
  });

  test('completion prints bash and zsh scripts that complete commands, subcommands, options and -o values', async () => {
    const bash = await provenant(['completion', 'bash'], null);
    assert.equal(bash.code, 0, bash.stderr);
    const script = path.join(await mkdtemp(path.join(os.tmpdir(), 'provenant-completion-')), 'provenant.bash');
    await writeFile(script, bash.stdout);
    const complete = (...words: string[]) => {
      const shell = spawnSync('bash', ['-c', `source "$1"; COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _provenant_completions; printf '%s\\n' "\${COMPREPLY[@]}"`, 'bash', script], { encoding: 'utf8' });
      assert.equal(shell.status, 0, shell.stderr);
      return shell.stdout.trim().split('\n');
    };
    assert.deepEqual(complete('provenant', 'dri'), ['drift']);
    assert.deepEqual(complete('provenant', 'drift', ''), ['list', 'get', 'report', 'scan']);
    assert.deepEqual(complete('provenant', 'drift', 'scan', 'm', '--w'), ['--window']);
    assert.deepEqual(complete('provenant', 'models', 'list', '-o', ''), ['table', 'json', 'yaml']);
    assert.deepEqual(complete('provenant', 'promote', 'm', '--env', 'P'), ['PRODUCTION']);
    assert.deepEqual(complete('provenant', 'approve', 'g', '--c'), ['--comment']);

    const zsh = await provenant(['completion', 'zsh'], null);
    assert.equal(zsh.code, 0, zsh.stderr);
    assert.match(zsh.stdout, /^#compdef provenant\n/);
    assert.match(zsh.stdout, /autoload -U \+X bashcompinit && bashcompinit\n/);
    assert.match(zsh.stdout, /^complete -o default -F _provenant_completions provenant$/m);
    assert.equal(spawnSync('bash', ['-n'], { input: zsh.stdout.split('\n').filter((line) => !line.startsWith('autoload')).join('\n') }).status, 0, 'the function zsh loads is valid shell');
  });

  test('datasets register, then list and get in every output format', async () => {
    // A relative path is resolved here before the API reads it.
    const registered = await run(CLI, ['datasets', 'register', 'weather', path.relative(REPO_ROOT, path.join(SAMPLE_DATA, 'seattle-weather.csv')), '--description', 'Seattle weather', '-o', 'json'], {
      PROVENANT_URL: harness.url,
      PROVENANT_TOKEN: TOKENS.engineer,
    });
    assert.equal(registered.code, 0, registered.stderr);
    const version = JSON.parse(registered.stdout);
    assert.deepEqual([version.datasetName, version.version, version.format, version.rowCount, version.createdBy], ['weather', 1, 'csv', 1461, 'engineer-user']);
    datasetVersionId = version.id;
    const again = await provenant(['register', 'weather', path.join(SAMPLE_DATA, 'seattle-weather.csv')], TOKENS.engineer);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`^id +${datasetVersionId}$`, 'm'), 'the same bytes are the same version');
    assert.match(again.stdout, /^COLUMN +TYPE +NULLS +DISTINCT +MIN +MEAN +MAX\n/m);
    assert.match(again.stdout, /^temp_max +number +0 +\d+ +-1\.6 +\S+ +35\.6$/m);

    const table = await provenant(['datasets', 'list']);
    assert.equal(table.code, 0, table.stderr);
    const [header, row] = table.stdout.trim().split('\n');
    assert.match(header, /^ID +DATASET +VERSION +FORMAT +ROWS +COLUMNS +REGISTERED BY +REGISTERED AT$/);
    assert.match(row, new RegExp(`^${datasetVersionId} +weather +1 +csv +1461 +6 +engineer-user +\\d{4}-`));
    const json = JSON.parse((await provenant(['datasets', 'list', '--name', 'weather', '-o', 'json'])).stdout);
    assert.deepEqual(json.map((v: { id: string }) => v.id), [datasetVersionId]);
    const yaml = parseYaml((await provenant(['datasets', 'get', datasetVersionId, '--output', 'yaml'])).stdout);
    assert.deepEqual([yaml.id, yaml.rowCount, yaml.schema.map((c: { name: string }) => c.name)], [datasetVersionId, 1461, ['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather']]);
    assert.equal((await provenant(['datasets', 'list', '--name', 'no-such-dataset'])).stdout, 'no dataset versions\n');

    const outside = await provenant(['datasets', 'register', 'passwd', '/etc/passwd'], TOKENS.engineer);
    assert.equal(outside.code, 1);
    assert.match(outside.stderr, /^error \[BAD_USER_INPUT\] input\.uri: /);
    const viewer = await provenant(['datasets', 'register', 'weather', path.join(SAMPLE_DATA, 'seattle-weather.csv')]);
    assert.deepEqual([viewer.code, viewer.stderr], [3, 'error [FORBIDDEN] role viewer may not perform this operation\n']);
  });

  test('runs start --watch follows the run line by line until it waits at its approval gate', async () => {
    const started = await provenant(
      ['runs', 'start', '--model', MODEL, '--dataset', datasetVersionId, '--target', 'weather', '--features', FEATURES,
        '--task', 'classification', '--deploy', 'STAGING', '--approvals', '1', '--watch'],
      TOKENS.admin,
    );
    assert.equal(started.code, 0, started.stderr);
    const [idLine, ...progress] = started.stdout.trim().split('\n');
    assert.match(idLine, new RegExp(`^pipeline:${MODEL}:`));
    workflowId = idLine;
    const summary = progress.pop()!;
    for (const line of progress) assert.match(line, /^\d+:\d{2} (RUNNING|AWAITING_APPROVAL) [0-7]\/7 stages done, \w+ [A-Z]+/);
    assert.match(progress.at(-1)!, / AWAITING_APPROVAL 5\/7 stages done, approve RUNNING$/);
    const done = progress.map((line) => Number(/ (\d)\/7 stages done/.exec(line)![1]));
    assert.deepEqual(done, [...done].sort(), 'stages done never go down');
    const waiting = new RegExp(`^AWAITING_APPROVAL: ${MODEL} version 1 \\(model version (${UUID})\\) waits at gate (${UUID}) for STAGING \\(1 approval needed, by .+\\); decide with: provenant approve \\2$`);
    assert.match(summary, waiting);
    [, modelVersionId, gateId] = waiting.exec(summary)!;

    const { data } = await harness.gql(`query R($workflowId: String!) { pipelineRun(workflowId: $workflowId) { status approvalGate { id } modelVersion { id } } }`, { workflowId });
    assert.deepEqual(data!.pipelineRun, { status: 'AWAITING_APPROVAL', approvalGate: { id: gateId }, modelVersion: { id: modelVersionId } });
  });

  test('approvals lists the pending gate with its model, version, environment, requester and metrics', async () => {
    const listed = await provenant(['approvals']);
    assert.equal(listed.code, 0, listed.stderr);
    const [header, ...rows] = listed.stdout.trim().split('\n');
    assert.match(header, /^GATE +MODEL +VERSION +ENVIRONMENT +APPROVALS +REQUESTED BY +DEADLINE +KEY METRICS$/);
    const row = rows.find((line) => line.startsWith(gateId));
    assert.ok(row, listed.stdout);
    assert.match(row, new RegExp(`^${gateId} +${MODEL} +1 +STAGING +0/1 +admin-user +\\d{4}-\\d{2}-\\d{2}T\\S+ +accuracy 0\\.\\d+, macroF1 0\\.\\d+, rocAucMacro 0\\.\\d+, logLoss 0\\.\\d+$`));

    const json = await provenant(['approvals', '--json']);
    const gate = JSON.parse(json.stdout).find((candidate: { id: string }) => candidate.id === gateId);
    assert.deepEqual([gate.evidence.modelName, gate.evidence.version, gate.evidence.modelVersionId, gate.requestedBy], [MODEL, 1, modelVersionId, 'admin-user']);
  });

  test('approve: the requester is refused (separation of duties), an approver is recorded', async () => {
    const gate = await provenant(['gates', 'get', gateId]);
    assert.equal(gate.code, 0, gate.stderr);
    assert.match(gate.stdout, /^status +PENDING$/m);
    assert.match(gate.stdout, /^approvals +0\/1$/m);
    assert.match(gate.stdout, /^no decisions yet$/m);
    const own = await provenant(['approve', gateId], TOKENS.admin);
    assert.deepEqual(
      [own.code, own.stderr, own.stdout],
      [1, 'error [FORBIDDEN] input.gateId: admin-user requested this approval and cannot decide it (separation of duties)\n', ''],
    );
    const approved = await provenant(['approve', gateId, '--comment', 'reviewed from the command line'], TOKENS.approver);
    assert.equal(approved.code, 0, approved.stderr);
    assert.equal(approved.stdout, `gate ${gateId}: APPROVED (1/1 approvals)\n`);
    const again = await provenant(['approve', gateId], TOKENS.approver);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^error \[CONFLICT\] input\.gateId: /);

    const listed = await provenant(['gates', 'list', '--status', 'approved']);
    assert.match(listed.stdout.split('\n')[0], /^GATE +STATUS +SUBJECT +VERSION +ENVIRONMENT +APPROVALS +REQUESTED BY +CREATED$/);
    assert.match(listed.stdout, new RegExp(`^${gateId} +APPROVED +${MODEL} +1 +STAGING +1/1 +admin-user `, 'm'));
    const decided = parseYaml((await provenant(['gates', 'get', gateId, '-o', 'yaml'])).stdout);
    assert.deepEqual(decided.decisions.map((d: { actor: string; decision: string; comment: string }) => [d.actor, d.decision, d.comment]), [['approver-user', 'APPROVE', 'reviewed from the command line']]);
  });

  test('pipeline status --watch --until-done ends SUCCEEDED once deployed; status shows every stage', async () => {
    const watched = await provenant(['pipeline', 'status', workflowId, '--watch', '--until-done']);
    assert.equal(watched.code, 0, watched.stderr);
    assert.equal(watched.stdout.trim().split('\n').at(-1), `SUCCEEDED: ${MODEL} version 1 (model version ${modelVersionId})`);

    const shown = await provenant(['pipeline', 'status', workflowId]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^status +SUCCEEDED$/m);
    assert.match(shown.stdout, /^requested by +admin-user$/m);
    const stages = shown.stdout.split('\n').filter((line) => /^(validate|tune|train|evaluate|register|approve|deploy) /.test(line));
    assert.deepEqual(
      stages.map((line) => line.split(/ +/).slice(0, 2)),
      [['validate', 'SUCCEEDED'], ['tune', 'SKIPPED'], ['train', 'SUCCEEDED'], ['evaluate', 'SUCCEEDED'], ['register', 'SUCCEEDED'], ['approve', 'SUCCEEDED'], ['deploy', 'SUCCEEDED']],
    );

    const json = JSON.parse((await provenant(['pipeline', 'status', workflowId, '--json'])).stdout);
    assert.deepEqual([json.status, json.modelVersion.id, json.approvalGate.status], ['SUCCEEDED', modelVersionId, 'APPROVED']);
    const yaml = parseYaml((await provenant(['runs', 'get', workflowId, '-o', 'yaml'])).stdout);
    assert.deepEqual([yaml.workflowId, yaml.status, yaml.stages.length], [workflowId, 'SUCCEEDED', 7]);

    const runs = await provenant(['runs', 'list']);
    assert.equal(runs.code, 0, runs.stderr);
    assert.match(runs.stdout.split('\n')[0], /^WORKFLOW +MODEL +VERSION +STATUS +STAGE +REQUESTED BY +STARTED +ELAPSED$/);
    assert.match(runs.stdout, new RegExp(`^${workflowId} +${MODEL} +1 +SUCCEEDED +\\w+ +admin-user +\\d{4}-\\S+ +\\d+:\\d{2}$`, 'm'));
    assert.deepEqual(JSON.parse((await provenant(['pipeline', 'list', '-o', 'json', '--limit', '1'])).stdout).map((run: { workflowId: string }) => run.workflowId), [workflowId]);
  });

  test('models list and get, in each output format', async () => {
    const table = await provenant(['models', 'list']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^NAME +TASK +VERSIONS +LATEST +ALIASES +CREATED$/m);
    assert.match(table.stdout, new RegExp(`^${MODEL} +CLASSIFICATION +1 +1 +\\S+ +\\d{4}-`, 'm'));
    const shown = await provenant(['models', 'get', MODEL]);
    assert.match(shown.stdout, /^task +CLASSIFICATION$/m);
    assert.match(shown.stdout, new RegExp(`^1 +${modelVersionId} +\\S+ +\\d{4}-\\S+ +accuracy 0\\.\\d+`, 'm'));
    const json = JSON.parse((await provenant(['models', 'get', MODEL, '-o', 'json'])).stdout);
    assert.deepEqual([json.name, json.versions.map((v: { id: string }) => v.id)], [MODEL, [modelVersionId]]);
    const yaml = parseYaml((await provenant(['models', 'list', '-o', 'yaml'])).stdout);
    assert.ok(yaml.some((model: { name: string }) => model.name === MODEL));
  });

  test('deployments list and get; promote and rollback need an approved gate in the environment', async () => {
    const history = await provenant(['deployments', 'list', MODEL]);
    assert.equal(history.code, 0, history.stderr);
    assert.match(history.stdout, /^ID +ENVIRONMENT +VERSION +KIND +STATUS +CANARY TRAFFIC +TRIGGERED BY +STARTED +REASON$/m);
    assert.match(history.stdout, new RegExp(`^${UUID} +STAGING +1 +CANARY +PROMOTED +- +pipeline ${workflowId} +\\S+ +first deployment`, 'm'));
    const routes = JSON.parse((await provenant(['deployments', 'get', MODEL, '-o', 'json'])).stdout);
    assert.deepEqual(routes.map((r: { environment: string; stableVersionId: string }) => [r.environment, r.stableVersionId]), [['STAGING', modelVersionId]]);

    const promoted = await provenant(['promote', MODEL, '--env', 'STAGING', '--version', '1', '--reason', 'operator override from the CLI'], TOKENS.ops);
    assert.equal(promoted.code, 0, promoted.stderr);
    assert.match(promoted.stdout, new RegExp(`^PROMOTE of ${MODEL} version 1 in STAGING: \\w+ \\(deployment ${UUID}, workflow \\S+\\)\\n$`));
    const rolledBack = await provenant(['rollback', MODEL, '--env', 'STAGING', '--version', '1', '--reason', 'back to the approved one', '-o', 'yaml'], TOKENS.ops);
    assert.equal(rolledBack.code, 0, rolledBack.stderr);
    assert.deepEqual([parseYaml(rolledBack.stdout).kind, parseYaml(rolledBack.stdout).version], ['ROLLBACK', 1]);

    const guarded = await provenant(['promote', MODEL, '--env', 'PRODUCTION', '--version', '1', '--reason', 'not approved there'], TOKENS.ops);
    assert.equal(guarded.code, 1, 'the release guard refuses: exit status 1');
    assert.match(guarded.stderr, /^error \[FORBIDDEN\] input\.version: /);
    const viewer = await provenant(['rollback', MODEL, '--env', 'STAGING', '--version', '1', '--reason', 'r']);
    assert.deepEqual([viewer.code, viewer.stderr], [3, 'error [FORBIDDEN] role viewer may not perform this operation\n']);
  });

  test('infer scores rows at a serving process with its live route and prints each row', async () => {
    serving = createServingServer({ config: harness.config, dataSource: harness.dataSource, store: artifactStoreFor(harness.config), environment: 'STAGING', logger });
    const servingUrl = `http://127.0.0.1:${await serving.listen(0)}`;
    const rows = [
      { precipitation: 0, temp_max: 12.8, temp_min: 5, wind: 4.7 },
      { precipitation: 10.9, temp_max: 10.6, temp_min: 2.8, wind: 4.5 },
    ];
    const scored = await run(CLI, ['infer', MODEL, ...rows.flatMap((row) => ['--row', JSON.stringify(row)]), '--id', 'cli-infer-1', '--serving-url', servingUrl], {
      PROVENANT_TOKEN: SERVING_TOKEN,
    });
    assert.equal(scored.code, 0, scored.stderr);
    const lines = scored.stdout.trim().split('\n');
    assert.equal(lines[0], `model ${MODEL} version 1, request cli-infer-1`);
    assert.match(lines[1], /^ROW +LABEL +PROBABILITIES$/);
    assert.match(lines[2], /^1 +(drizzle|fog|rain|snow|sun) +(0\.\d+|[01](e-\d+)?)( \S+){4}$/);
    assert.match(lines[3], /^2 +(drizzle|fog|rain|snow|sun) +/);

    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'provenant-infer-')), 'rows.jsonl');
    await writeFile(file, rows.map((row) => JSON.stringify(row)).join('\n'));
    const env = { PROVENANT_SERVING_URL: servingUrl, PROVENANT_TOKEN: SERVING_TOKEN };
    const json = JSON.parse((await run(CLI, ['infer', MODEL, '--rows', file, '-o', 'json'], env)).stdout);
    assert.deepEqual([json.model_name, json.model_version, json.outputs.map((o: { name: string; shape: number[] }) => [o.name, o.shape])], [MODEL, '1', [['label', [2]], ['probabilities', [2, 5]]]]);

    const bad = await run(CLI, ['infer', MODEL, '--row', '{"precipitation": "lots"}'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^error \[BAD_USER_INPUT\] .*precipitation/);
    const unknown = await run(CLI, ['infer', 'no-such-model', '--row', JSON.stringify(rows[0])], { ...env, PROVENANT_TOKEN: TOKENS.ops });
    assert.equal(unknown.code, 4, unknown.stderr);
    assert.match(unknown.stderr, /^error \[NOT_FOUND\] /);
  });

  test('drift scan waits for the report; drift list, get and report show it, --html saves its page', async () => {
    const scanned = await provenant(['drift', 'scan', MODEL, '--dataset', datasetVersionId], TOKENS.engineer);
    assert.equal(scanned.code, 0, scanned.stderr);
    assert.match(scanned.stderr, /^scanning \(\S+\) \.\.\.\n$/);
    const reportId = new RegExp(`^report +(${UUID})$`, 'm').exec(scanned.stdout)?.[1];
    assert.ok(reportId, scanned.stdout);
    assert.match(scanned.stdout, new RegExp(`^current +dataset version ${datasetVersionId} \\(1461 rows\\)$`, 'm'));
    assert.match(scanned.stdout, /^dataset drift +no: 0 of 4 columns drifted \(0%; drift from 50%\)$/m);
    assert.match(scanned.stdout, /^COLUMN +KIND +TEST +STATISTIC +P-VALUE +THRESHOLD +RESULT +NOTE$/m);
    for (const column of FEATURES.split(',')) assert.match(scanned.stdout, new RegExp(`^${column} +numeric +\\w+ +\\S+ +\\S+ +\\S+ +ok`, 'm'));

    const listed = await provenant(['drift', 'list', MODEL]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`^${reportId} +\\S+ +1 +dataset +1461 +no +0/4 \\(0%\\) +engineer-user$`, 'm'));
    const yaml = parseYaml((await provenant(['drift', 'get', reportId, '-o', 'yaml'])).stdout);
    assert.deepEqual([yaml.id, yaml.datasetDrift, yaml.columns.length], [reportId, false, 4]);
    const page = path.join(await mkdtemp(path.join(os.tmpdir(), 'provenant-drift-')), 'report.html');
    const report = await provenant(['drift', 'report', reportId, '--html', page]);
    assert.equal(report.code, 0, report.stderr);
    assert.equal(report.stderr, `saved the report's page to ${page}\n`);
    assert.match(await readFile(page, 'utf8'), /^<!doctype html>/i);

    const noWait = await provenant(['drift', 'scan', MODEL, '--dataset', datasetVersionId, '--no-wait', '-o', 'json'], TOKENS.ops);
    assert.equal(noWait.code, 0, noWait.stderr);
    assert.match(JSON.parse(noWait.stdout).workflowId, new RegExp(MODEL));
    const missing = await provenant(['drift', 'get', '00000000-0000-4000-8000-000000000000']);
    assert.equal(missing.code, 4);
    assert.match(missing.stderr, /^error \[NOT_FOUND\] /);
  });

  test("lineage prints the model version's ancestors as a tree", async () => {
    const traced = await provenant(['lineage', modelVersionId, '--direction', 'UP', '--depth', '3']);
    assert.equal(traced.code, 0, traced.stderr);
    const lines = traced.stdout.trim().split('\n');
    assert.equal(lines[0], `model_version ${MODEL} v1 [${modelVersionId}]`);
    assert.equal(lines[1], '  upstream (where it came from):');
    assert.match(lines[2], new RegExp(`^ {4}<- produced -- pipeline_run ${workflowId} \\[${UUID}\\]$`));
    assert.ok(lines.some((line) => new RegExp(`^ {8}<- used_by -- dataset_version weather v1 \\[${datasetVersionId}\\]$`).test(line)), traced.stdout);
    assert.ok(lines.some((line) => /^ {8}<- used_by -- validation_report validation (PASS|WARN) /.test(line)), traced.stdout);
    assert.ok(!traced.stdout.includes('downstream'));

    const json = JSON.parse((await provenant(['lineage', modelVersionId, '--direction', 'UP', '--json'])).stdout);
    assert.ok(json.edges.some((edge: { from: string; to: string; relation: string }) => edge.to === modelVersionId && edge.relation === 'produced'));
  });

  test('audit verify: ok for ops, held against the signed checkpoints; refused for a viewer', async () => {
    const signed = await harness.gql('mutation { checkpointAuditLog { sequence } }', {}, TOKENS.ops);
    assert.equal(signed.errors, undefined, JSON.stringify(signed.errors));
    const verified = await provenant(['audit', 'verify'], TOKENS.ops);
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stdout, /^ok: \d+ events checked against 1 signed checkpoint\(s\), last sequence \d+, last hash [0-9a-f]{64}\n$/);
    const refused = await provenant(['audit', 'verify']);
    assert.deepEqual([refused.code, refused.stderr], [3, 'error [FORBIDDEN] role viewer may not perform this operation\n']);
  });

  test('audit export writes a file the offline verifier accepts; a bad time is refused with its field', async () => {
    const out = path.join(await mkdtemp(path.join(os.tmpdir(), 'provenant-cli-')), 'audit.ndjson');
    const exported = await provenant(['audit', 'export', '--since', '2000-01-01', '--out', out], TOKENS.ops);
    assert.equal(exported.code, 0, exported.stderr);
    const written = /^wrote (\d+) events to (\S+); verify it offline with: node scripts\/verify-audit-export\.mjs (\S+)\n$/.exec(exported.stderr);
    assert.ok(written, exported.stderr);
    assert.deepEqual([written[2], written[3]], [out, out]);
    const verified = await run(path.join(REPO_ROOT, 'scripts', 'verify-audit-export.mjs'), [out]);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, new RegExp(`^OK: ${written[1]} events, sequences 1-${written[1]}, last hash [0-9a-f]{64}`));

    const badSince = path.join(path.dirname(out), 'refused.ndjson');
    const refused = await provenant(['audit', 'export', '--since', 'yesterday', '--out', badSince], TOKENS.ops);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^error \[BAD_USER_INPUT\] since: must be an ISO 8601 date/);
    await assert.rejects(access(badSince), 'a refused export leaves no file behind');
  });

  test("exit statuses: 3 for a bad or missing token, 4 for a record that does not exist, 5 for an API that cannot be reached", async () => {
    const refused = await run(CLI, ['pipeline', 'status', workflowId, '--url', harness.url, '--token', 'not-a-known-token']);
    assert.deepEqual([refused.code, refused.stderr, refused.stdout], [3, 'error [UNAUTHENTICATED] unknown or revoked token\n', '']);
    const anonymous = await provenant(['models', 'list'], null);
    assert.equal(anonymous.code, 3);
    assert.match(anonymous.stderr, /^error \[UNAUTHENTICATED\] missing bearer token/);
    const missing = await provenant(['models', 'get', 'no-such-model']);
    assert.equal(missing.code, 4);
    assert.match(missing.stderr, /^error \[NOT_FOUND\] name: /);
    const gone = await provenant(['runs', 'get', 'pipeline:no-such-run']);
    assert.equal(gone.code, 4, gone.stderr);
    const unreachable = await run(CLI, ['models', 'list', '--url', 'http://127.0.0.1:9', '--token', TOKENS.viewer]);
    assert.equal(unreachable.code, 5);
    assert.match(unreachable.stderr, /^error \[UNAVAILABLE\] cannot reach the API at http:\/\/127\.0\.0\.1:9 /);
  });

  test('the config file gives the URL and token when neither flags nor environment do; flags and environment win', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'provenant-config-'));
    const config = path.join(dir, 'config.yaml');
    await writeFile(config, `url: ${harness.url}\ntoken: ${TOKENS.viewer}\n`);
    const fromFile = await run(CLI, ['models', 'list', '-o', 'json'], { PROVENANT_CONFIG: config });
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.ok(JSON.parse(fromFile.stdout).some((model: { name: string }) => model.name === MODEL));
    // The default location: $XDG_CONFIG_HOME/provenant/config.yaml.
    const xdg = path.join(dir, 'xdg');
    await mkdir(path.join(xdg, 'provenant'), { recursive: true });
    await writeFile(path.join(xdg, 'provenant', 'config.yaml'), `url: ${harness.url}\ntoken: ${TOKENS.viewer}\n`);
    const fromDefault = await run(CLI, ['models', 'list'], { XDG_CONFIG_HOME: xdg });
    assert.equal(fromDefault.code, 0, fromDefault.stderr);
    const tokenFromEnv = await run(CLI, ['models', 'list'], { PROVENANT_CONFIG: config, PROVENANT_TOKEN: 'not-a-known-token' });
    assert.equal(tokenFromEnv.code, 3, 'the environment wins over the file');
    const tokenFromFlag = await run(CLI, ['models', 'list', '--token', TOKENS.viewer], { PROVENANT_CONFIG: config, PROVENANT_TOKEN: 'not-a-known-token' });
    assert.equal(tokenFromFlag.code, 0, 'a flag wins over both');

    await writeFile(config, `url: ${harness.url}\ntokn: x\n`);
    const typo = await run(CLI, ['models', 'list'], { PROVENANT_CONFIG: config });
    assert.deepEqual([typo.code, typo.stderr], [2, `configuration error: ${config}: unknown key "tokn"; the keys are url, token, servingUrl\n`]);
    const absent = await run(CLI, ['models', 'list'], { PROVENANT_CONFIG: path.join(dir, 'absent.yaml') });
    assert.equal(absent.code, 2);
    assert.match(absent.stderr, /^configuration error: \S+absent\.yaml: cannot be read/);
  });

  test('on a terminal, runs start --watch redraws the bar and every stage in place', async () => {
    // `script` gives the command a pseudo-terminal, as a person's shell would.
    const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
    const args = ['runs', 'start', '--model', MODEL, '--dataset', datasetVersionId, '--target', 'weather', '--features', FEATURES, '--task', 'classification', '--run-key', 'terminal', '--watch'];
    const shown = await runProgram('script', ['-qec', [process.execPath, CLI, ...args].map(quote).join(' '), '/dev/null'], {
      PROVENANT_URL: harness.url,
      PROVENANT_TOKEN: TOKENS.engineer,
      COLUMNS: '120',
    });
    assert.equal(shown.code, 0, shown.stdout + shown.stderr);
    const screen = shown.stdout.replace(/\r/g, '');
    const stages = Number(/\] \d\/(\d) stages {2}\w+ \w+/.exec(screen)?.[1]);
    assert.ok(stages >= 5, screen);
    assert.ok(screen.includes(`\x1b[${stages}A`), 'moves back up over the stages below the bar to redraw them');
    for (const stage of ['validate', 'train', 'evaluate', 'register']) assert.match(screen, new RegExp(`^ {2}✓ ${stage} +SUCCEEDED\\x1b\\[K$`, 'm'));
    assert.match(screen, /^ {2}- tune +SKIPPED\x1b\[K$/m);
    assert.match(screen, new RegExp(`^SUCCEEDED: ${MODEL} version 2 \\(model version ${UUID}\\)$`, 'm'));
  });
});
