import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { access, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT } from '../platform/config';
import { SAMPLE_DATA, TOKENS, registerDataset, startHarness, type Harness } from './support/harness';

const CLI = path.join(REPO_ROOT, 'dist', 'platform', 'cli', 'provenant.js');
const MODEL = 'cli-weather';
const FEATURES = 'precipitation,temp_max,temp_min,wind';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a compiled script as a user would, with stdout piped (so not a terminal). */
function run(script: string, args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const { PROVENANT_URL: _url, PROVENANT_TOKEN: _token, ...inherited } = process.env;
    const child = spawn(process.execPath, [script, ...args], { cwd: REPO_ROOT, env: { ...inherited, ...env } });
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

  before(async () => {
    harness = await startHarness();
    datasetVersionId = await registerDataset(harness, 'weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));
  });
  after(async () => {
    await harness?.close();
  });

  test('--help describes every command and its options, with exit status 0', async () => {
    const overview = await provenant(['--help'], null);
    assert.equal(overview.code, 0, overview.stderr);
    const expected: Record<string, string[]> = {
      'pipeline start': ['--model', '--dataset', '--target', '--features', '--task', '--deploy', '--approvals', '--watch', '--until-done'],
      'pipeline status': ['--watch', '--until-done', '--json'],
      approvals: ['--json'],
      approve: ['--comment'],
      reject: ['--comment'],
      lineage: ['--direction', '--depth', '--json'],
      'audit verify': ['--full', '--json'],
      'audit export': ['--since', '--until', '--out'],
    };
    for (const [command, options] of Object.entries(expected)) {
      assert.match(overview.stdout, new RegExp(`^ {2}${command} +\\S`, 'm'), `the overview lists ${command}`);
      const help = await provenant([...command.split(' '), '--help'], null);
      assert.equal(help.code, 0, help.stderr);
      assert.match(help.stdout, new RegExp(`^Usage: provenant ${command}`));
      for (const option of [...options, '--url', '--token']) assert.ok(help.stdout.includes(option), `${command} --help names ${option}`);
    }
    const group = await provenant(['audit'], null);
    assert.equal(group.code, 0);
    assert.match(group.stdout, /audit verify[\s\S]*audit export/);
    const unknown = await provenant(['pipeline', 'stop'], null);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^usage error: unknown command "pipeline stop"/);
    const missing = await provenant(['pipeline', 'start', '--model', MODEL], null);
    assert.deepEqual([missing.code, missing.stderr], [2, 'usage error: --dataset is required (see provenant pipeline start --help)\n']);
  });

  test('pipeline start --watch follows the run line by line until it waits at its approval gate', async () => {
    const started = await provenant(
      ['pipeline', 'start', '--model', MODEL, '--dataset', datasetVersionId, '--target', 'weather', '--features', FEATURES,
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
    assert.deepEqual([refused.code, refused.stderr], [1, 'error [FORBIDDEN] role viewer may not perform this operation\n']);
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

  test("a bad token exits non-zero with the API's error", async () => {
    const refused = await run(CLI, ['pipeline', 'status', workflowId, '--url', harness.url, '--token', 'not-a-known-token']);
    assert.deepEqual([refused.code, refused.stderr, refused.stdout], [1, 'error [UNAUTHENTICATED] unknown or revoked token\n', '']);
  });
});
