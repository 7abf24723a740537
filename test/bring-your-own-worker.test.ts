import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT } from '../platform/config';
import { auditLogSealed } from '../db/audit-log';
import { startHarness, TOKENS, type Harness } from './support/harness';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'bring-your-own-worker');
const PACKAGE = path.join(REPO_ROOT, 'packages', 'provenant');
/** What a worker that only wants an approval gate must not have to install. */
const APPLICATION_ONLY = ['@nestjs', '@apollo', 'vega', 'vega-lite', 'playwright-core', 'onnxruntime-node'];

/** The user's shell: none of the variables `npm test` itself runs under. */
function userEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_'))), ...extra };
}

function run(command: string, args: string[], cwd: string): { stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, env: userEnvironment(), encoding: 'utf8', timeout: 600_000 });
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return { stdout: result.stdout, stderr: result.stderr };
}

/** Resolves with everything the process printed once a line matches, or rejects if it exits first. */
function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no output matching ${pattern} within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!pattern.test(output)) reject(new Error(`exited ${code} before printing ${pattern}:\n${output}`));
    });
  });
}

/**
 * The user's path, end to end: pack Provenant, install the tarball into a copy of the
 * example project with plain `npm install` (no lockfile of ours), build it, run its worker
 * with ProvenantPlugin on its own task queue against the real Temporal and Postgres,
 * start its workflow, approve the gate through Provenant's API as another person.
 */
describe('bring your own worker: the packed provenant in a user project', () => {
  let harness: Harness;
  let work: string;
  const children: ChildProcess[] = [];

  before(async () => {
    harness = await startHarness();
    work = await mkdtemp(path.join(os.tmpdir(), 'provenant-byo-'));
    // The example names the finance team's approval policy, which an admin creates first.
    const policy = await harness.gql(`mutation P($input: ApprovalPolicyInput!) { createApprovalPolicy(input: $input) { id } }`, {
      input: { name: 'finance-sign-off', minApprovals: 1, approverRoles: ['APPROVER'], remindAfter: '4h', expiresAfter: '2d' },
    });
    assert.equal(policy.errors, undefined, JSON.stringify(policy.errors));
  });

  after(async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null)));
    await harness?.close();
    await rm(work, { recursive: true, force: true });
  });

  test('installs with plain npm install, runs requestApproval on its own worker, and is approved through the API', async (t) => {
    const packed = run('npm', ['pack', '--pack-destination', work], PACKAGE).stdout.trim().split('\n').at(-1)!;
    const tarball = path.join(work, packed);
    const project = path.join(work, 'quarterly-reports');
    await cp(EXAMPLE, project, { recursive: true, filter: (source) => !/[/\\](node_modules|dist)$/.test(source) });

    const started = Date.now();
    const install = run('npm', ['install', tarball], project);
    const seconds = (Date.now() - started) / 1000;
    t.diagnostic(`npm install of the tarball and the example's dependencies: ${seconds.toFixed(1)} s`);
    assert.doesNotMatch(install.stdout + install.stderr, /ERESOLVE|peer dep|conflicting peer|Could not resolve dependency/i);
    const installed = await readdir(path.join(project, 'node_modules'));
    for (const name of APPLICATION_ONLY) assert.equal(installed.includes(name), false, `${name} was installed into a worker-only project`);

    run(process.execPath, [path.join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], project);
    const environment = userEnvironment({
      DATABASE_URL: harness.databaseUrl,
      TEMPORAL_ADDRESS: harness.config.temporalAddress!,
      PROVENANT_TASK_QUEUE_PREFIX: harness.config.taskQueuePrefix,
      PROVENANT_DECISION_VERIFY_KEYS: harness.config.decisionVerifyKeys.join(','),
      REPORTS_TASK_QUEUE: `${harness.config.taskQueuePrefix}.quarterly-reports`,
    });
    const worker = spawn(process.execPath, ['dist/worker.js'], { cwd: project, env: environment });
    children.push(worker);
    await waitForOutput(worker, /worker polling/, 120_000);

    const quarter = `2026-Q${Date.now() % 4 + 1}-${process.pid}`;
    const publisher = spawn(process.execPath, ['dist/publish-report.js', quarter, 'engineer-user'], { cwd: project, env: environment });
    children.push(publisher);
    const outcome = waitForOutput(publisher, /"status":"\w+"/, 120_000);

    const gate = await pendingGateFor(quarter);
    assert.deepEqual(gate.subject, { kind: 'report', id: quarter, title: `Quarterly report ${quarter}`, url: `https://reports.example.com/${quarter}/draft` });
    assert.equal(gate.requestedBy, 'engineer-user');
    const decided = await harness.gql(`mutation D($input: DecideApprovalInput!) { decideApproval(input: $input) { status } }`, { input: { gateId: gate.id, decision: 'APPROVE' } }, TOKENS.approver);
    assert.equal(decided.data?.decideApproval.status, 'APPROVED', JSON.stringify(decided));

    const printed = await outcome;
    assert.match(printed, /"status":"APPROVED","publishedAt":"\d{4}-/);
    await auditLogSealed(harness.dataSource);
    const audit = await harness.dataSource.query(`SELECT actor, action FROM audit_event WHERE subject_id = $1 ORDER BY sequence`, [gate.id]);
    assert.deepEqual(audit.map((e: { actor: string; action: string }) => `${e.actor}:${e.action}`), [
      'engineer-user:approval_gate.opened',
      'approver-user:approval_gate.approved_by',
      'system:pipeline:approval_gate.approved',
    ]);
    const lineage = await harness.gql(`query L($id: ID!) { lineage(id: $id, direction: UPSTREAM, depth: 1) { nodes { kind label } } }`, { id: gate.id });
    assert.deepEqual(lineage.data!.lineage.nodes, [{ kind: 'approval_gate', label: `approval: Quarterly report ${quarter}` }]);
  });

  async function pendingGateFor(subjectId: string): Promise<Record<string, any>> {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 250))) {
      const { data } = await harness.gql(`{ approvalGates(status: PENDING, first: 50) { edges { node { id requestedBy subject { kind id title url } } } } }`, {}, TOKENS.viewer);
      const gate = data!.approvalGates.edges.map((e: { node: Record<string, any> }) => e.node).find((node: Record<string, any>) => node.subject.id === subjectId);
      if (gate) return gate;
    }
    throw new Error(`no pending gate for ${subjectId} within 60 s`);
  }
});
