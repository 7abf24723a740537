import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { UI_CONTENT_SECURITY_POLICY } from '../api/ui/ui.controller';
import { DriftReportEntity, ModelVersionEntity } from '../db/entities';
import { openInChromium, type OpenedPage } from './support/headless-chromium';
import { SAMPLE_DATA, TOKENS, registerDataset, startHarness, waitForPipeline, type Harness } from './support/harness';

const MODEL = 'weather-ui';
const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const RUN = `
  query R($workflowId: String!) {
    pipelineRun(workflowId: $workflowId) { status temporalUiUrl stages { name status } modelVersion { id } approvalGate { id requestedBy } }
  }`;
const LINEAGE = `
  query L($id: ID!) { lineage(id: $id, direction: BOTH, depth: 3) { nodes { id kind label } edges { from to relation } } }`;

/** A run to completion takes a while on a shared machine; the page keeps refreshing meanwhile. */
const RUN_TIMEOUT_MS = 180_000;

describe('web UI: sign in, approve from the queue, follow the run, lineage and provenance in a real browser', () => {
  let harness: Harness;
  let browser: OpenedPage;
  let page: Page;
  let workflowId: string;
  let gateId: string;
  let modelVersionId: string;
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const failedResponses: string[] = [];

  const nav = (name: string) => page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name, exact: true });
  const signIn = async (token: string, expected: string) => {
    await nav('Sign in').click();
    await page.getByLabel('Bearer token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('identity').filter({ hasText: expected }).waitFor();
  };
  const gateCard = () => page.locator(`article[data-gate-id="${gateId}"]`);

  before(async () => {
    harness = await startHarness();
    const datasetVersionId = await registerDataset(harness, 'weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));
    const started = await harness.gql(START, {
      input: {
        modelName: MODEL,
        datasetVersionId,
        target: 'weather',
        features: ['precipitation', 'temp_max', 'temp_min', 'wind'],
        task: 'CLASSIFICATION',
        deploy: { environment: 'STAGING', requiredApprovals: 1, canary: { steps: [100], observationWindow: '1s', minRequests: 0 } },
      },
    });
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    workflowId = started.data!.startModelPipeline.workflowId;
    const waiting = await waitForPipeline(harness, workflowId);
    assert.equal(waiting.status, 'AWAITING_APPROVAL', JSON.stringify(waiting));
    const run = (await harness.gql(RUN, { workflowId })).data!.pipelineRun;
    gateId = run.approvalGate.id;
    modelVersionId = run.modelVersion.id;
    assert.equal(run.approvalGate.requestedBy, 'admin-user');

    // Loaded once before the listeners exist, then reloaded so they see every request the UI makes from the start.
    browser = await openInChromium(`${harness.url}/ui`);
    page = browser.page;
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) failedResponses.push(`${response.status()} ${response.url()}`);
    });
    await page.reload();
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
  });

  test('the UI is served with a strict content security policy, without a token', async () => {
    const response = await fetch(`${harness.url}/ui`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(response.headers.get('content-security-policy'), UI_CONTENT_SECURITY_POLICY);
    assert.match(UI_CONTENT_SECURITY_POLICY, /^default-src 'self'; script-src 'self'; style-src 'self';/);
    const script = await fetch(`${harness.url}/ui/lineage-layout.mjs`);
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(await script.text(), /export function layoutLineage/);
    const missing = await fetch(`${harness.url}/ui/package.json`);
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { code: 'NOT_FOUND', message: 'file: web UI file package.json not found', field: 'file' });
  });

  test('signing in checks the token and shows who you are', async () => {
    await page.getByLabel('Bearer token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.equal(await page.getByRole('alert').textContent(), 'Not signed in: unknown or revoked token');
    await signIn(TOKENS.admin, 'Signed in as admin-user (admin)');
  });

  test('the requester sees the gate with its evidence, and the refusal when deciding it', async () => {
    await nav('Approval queue').click();
    await gateCard().waitFor();
    assert.equal(await gateCard().getByRole('heading', { level: 2 }).textContent(), `${MODEL} v1 → STAGING`);
    const evidence = await gateCard().textContent();
    assert.match(evidence!, /Requested byadmin-user/);
    assert.match(evidence!, /Approvals0 of 1/);
    assert.match(evidence!, /accuracy0\.\d+/);
    await gateCard().getByRole('button', { name: 'Reject' }).click();
    assert.equal(
      await gateCard().getByRole('alert').textContent(),
      'A rejection needs a comment: say why, for the requester and the audit log.',
    );
    await gateCard().getByRole('button', { name: 'Approve' }).click();
    await gateCard().getByRole('alert').filter({ hasText: 'separation' }).waitFor();
    assert.equal(
      await gateCard().getByRole('alert').textContent(),
      'Refused: admin-user requested this approval and cannot decide it (separation of duties)',
    );
    const { pipelineRun } = (await harness.gql(RUN, { workflowId })).data!;
    assert.equal(pipelineRun.status, 'AWAITING_APPROVAL', 'the refused click changed nothing');
  });

  test('an approver approves from the queue with the keyboard', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(TOKENS.approver, 'Signed in as approver-user (approver)');
    await nav('Approval queue').click();
    await gateCard().getByLabel('Comment (required to reject)').fill('checked the evidence');
    await gateCard().getByRole('button', { name: 'Approve' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'You approved' }).waitFor();
    assert.equal(await page.getByRole('status').filter({ hasText: 'You approved' }).textContent(), `You approved ${MODEL} v1 → STAGING: the gate is now APPROVED.`);
    await page.getByText('No gate is waiting for a decision.').waitFor();
  });

  test('the run timeline refreshes until the run has succeeded, every stage as the API reports it', async () => {
    await nav('Pipeline runs').click();
    await page.getByRole('link', { name: MODEL, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Run ${workflowId}` }).waitFor();
    await page.getByTestId('run-status').filter({ hasText: 'SUCCEEDED' }).waitFor({ timeout: RUN_TIMEOUT_MS });
    const { pipelineRun } = (await harness.gql(RUN, { workflowId })).data!;
    assert.equal(pipelineRun.status, 'SUCCEEDED');
    assert.equal(await page.getByTestId('temporal-link').getAttribute('href'), pipelineRun.temporalUiUrl);
    const shown = await page.locator('li.stage').evaluateAll((items) =>
      items.map((item) => ({ name: item.getAttribute('data-stage'), status: item.getAttribute('data-status'), bars: item.querySelectorAll('.bar').length })),
    );
    assert.deepEqual(
      shown,
      pipelineRun.stages.map((stage: { name: string; status: string }) => ({ name: stage.name, status: stage.status, bars: stage.status === 'SUCCEEDED' ? 1 : 0 })),
    );
    assert.deepEqual(
      shown.filter((stage) => ['approve', 'deploy'].includes(stage.name!)).map((stage) => stage.status),
      ['SUCCEEDED', 'SUCCEEDED'],
    );
  });

  test('the lineage picture has one box per lineage node and one arrow per edge', async () => {
    await page.getByRole('link', { name: 'lineage', exact: true }).click();
    await page.locator('svg.lineage').waitFor();
    const { lineage } = (await harness.gql(LINEAGE, { id: modelVersionId })).data!;
    assert.ok(lineage.nodes.length >= 5 && lineage.edges.length >= 4, JSON.stringify(lineage));
    const picture = await page.locator('svg.lineage').evaluate((svg) => ({
      nodes: [...svg.querySelectorAll('.lineage-node')].map((node) => {
        const rect = node.querySelector('rect')!;
        return {
          id: node.getAttribute('data-id')!,
          kind: node.getAttribute('data-kind')!,
          right: Number(rect.getAttribute('x')) + Number(rect.getAttribute('width')),
          left: Number(rect.getAttribute('x')),
          middle: Number(rect.getAttribute('y')) + Number(rect.getAttribute('height')) / 2,
          fill: rect.ownerDocument.defaultView!.getComputedStyle(rect).fill,
        };
      }),
      edges: [...svg.querySelectorAll('.lineage-edge')].map((edge) => ({
        from: edge.getAttribute('data-from')!,
        to: edge.getAttribute('data-to')!,
        relation: edge.querySelector('text')!.textContent!,
        path: edge.querySelector('path')!.getAttribute('d')!,
      })),
    }));
    const byId = (list: { id: string }[]) => list.map((node) => node.id).sort();
    assert.deepEqual(byId(picture.nodes), byId(lineage.nodes));
    const edgeKey = (edge: { from: string; to: string; relation: string }) => `${edge.from} -${edge.relation}-> ${edge.to}`;
    assert.deepEqual(picture.edges.map(edgeKey).sort(), lineage.edges.map(edgeKey).sort());
    const box = new Map(picture.nodes.map((node) => [node.id, node]));
    for (const edge of picture.edges) {
      const from = box.get(edge.from)!;
      const to = box.get(edge.to)!;
      assert.ok(edge.path.startsWith(`M ${from.right} ${from.middle} `), `${edgeKey(edge)} leaves its source box: ${edge.path}`);
      assert.ok(edge.path.endsWith(`, ${to.left} ${to.middle}`), `${edgeKey(edge)} reaches its target box: ${edge.path}`);
    }
    const fills = new Map<string, Set<string>>();
    for (const node of picture.nodes) fills.set(node.kind, (fills.get(node.kind) ?? new Set()).add(node.fill));
    assert.ok([...fills.values()].every((colours) => colours.size === 1), 'one colour per kind');
    const colours = [...fills.values()].map((colours) => [...colours][0]);
    assert.equal(new Set(colours).size, fills.size, `a distinct colour per kind: ${JSON.stringify([...fills])}`);
  });

  test('the provenance page names the approver and the deployment', async () => {
    await page.goto(`${harness.url}/ui#/provenance/${modelVersionId}`);
    await page.locator('.decision-actor').waitFor();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), `Provenance of ${MODEL} v1`);
    assert.deepEqual(await page.locator('.decision-actor').allTextContents(), ['approver-user']);
    const deployments = await page.getByRole('region', { name: 'Deployments' }).textContent();
    assert.match(deployments!, /STAGING/);
    assert.match(deployments!, /PROMOTED/);
  });

  test('a drift report link opens as a page for the signed-in user; a browser not signed in signs in first and comes back', async () => {
    const version = await harness.dataSource.getRepository(ModelVersionEntity).findOneByOrFail({ id: modelVersionId });
    const reports = harness.dataSource.getRepository(DriftReportEntity);
    const report = await reports.save(
      reports.create({
        workflowId: `drift-scan:${MODEL}:report-link`,
        modelId: version.modelId,
        modelName: MODEL,
        environment: 'STAGING',
        modelVersionId,
        deploymentId: null,
        scheduleId: null,
        triggeredBy: 'admin-user',
        reference: { datasetVersionId: version.datasetVersionId, rows: 1461 },
        current: { kind: 'prediction_log', environment: 'STAGING', from: '2026-11-22T00:00:00.000Z', to: '2026-11-23T00:00:00.000Z', rows: 0 },
        datasetDrift: false,
        driftShare: 0,
        driftShareThreshold: 0.5,
        numberOfColumns: 0,
        numberOfDriftedColumns: 0,
        columns: [],
        predictionDrift: null,
        conceptDrift: { labelledRows: 0, metric: 'error_rate', windows: [], ddm: { level: 'NONE', warnings: [], drifts: [] }, eddm: { level: 'NONE', warnings: [], drifts: [] } },
        retraining: { action: 'NOT_NEEDED', reason: 'no retraining policy', pipelineWorkflowId: null, pipelineRunId: null },
        retrainingRunId: null,
      }),
    );
    const { reportUrl } = (await harness.gql(`query D($id: ID!) { driftReport(id: $id) { reportUrl } }`, { id: report.id })).data!.driftReport;
    const heading = `Drift report: ${MODEL} version 1`;

    // Signed in to the web UI in this browser: following the link shows the report.
    const opened = await page.goto(reportUrl);
    assert.equal(opened?.status(), 200);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), heading);
    // A tab still signed in whose cookie is gone (signed in before the cookie existed): the sign-in page renews it and returns at once.
    await page.context().clearCookies();
    await page.goto(reportUrl);
    await page.waitForURL(reportUrl);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), heading);

    // API clients still get the 401 and its code, not a page.
    const anonymous = await fetch(reportUrl);
    assert.equal(anonymous.status, 401);
    assert.equal(((await anonymous.json()) as { code: string }).code, 'UNAUTHENTICATED');

    // Another browser, not signed in: sent to sign in, then back to the report.
    const stranger = await openInChromium(reportUrl);
    try {
      assert.equal(new URL(stranger.page.url()).hash, `#/signin/${encodeURIComponent(new URL(reportUrl).pathname)}`);
      await stranger.page.getByText('Sign in to open the drift report').waitFor();
      await stranger.page.getByLabel('Bearer token').fill(TOKENS.viewer);
      await stranger.page.getByRole('button', { name: 'Sign in' }).click();
      await stranger.page.waitForURL(reportUrl);
      assert.equal(await stranger.page.getByRole('heading', { level: 1 }).textContent(), heading);
      assert.deepEqual(stranger.externalRequests, []);
    } finally {
      await stranger.close();
    }
    await page.goto(`${harness.url}/ui#/runs`);
  });

  test('nothing was loaded from outside the API origin, and the console stayed free of errors', () => {
    const origin = new URL(harness.url).origin;
    assert.ok(requests.some((url) => url.endsWith('/ui/app.mjs')), 'the listener saw the UI load');
    assert.deepEqual(
      requests.filter((url) => new URL(url).origin !== origin),
      [],
    );
    assert.deepEqual(browser.externalRequests, []);
    assert.deepEqual(consoleErrors, [], `failed responses: ${failedResponses.join(', ')}`);
  });
});
