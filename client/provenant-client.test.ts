import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { APPROVAL_GATE } from './documents';
import { ApiError } from './provenant-api';
import { ProvenantClient } from './provenant-client';
import type { ApprovalGate, PipelineRun } from './types';

interface Received {
  authorization: string | undefined;
  query: string;
  variables: Record<string, unknown>;
}

/** A stand-in API on a local port: records each request and answers with the next canned body. */
function fakeApi() {
  const received: Received[] = [];
  let answer: (request: Received) => unknown = () => ({ data: {} });
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const { query, variables } = JSON.parse(body) as { query: string; variables: Record<string, unknown> };
      const entry = { authorization: request.headers.authorization, query, variables };
      received.push(entry);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(answer(entry)));
    });
  });
  return {
    server,
    received,
    answerWith(next: (request: Received) => unknown) {
      answer = next;
    },
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  };
}

function runIn(status: PipelineRun['status'], approvalGate: PipelineRun['approvalGate'] = null): PipelineRun {
  return {
    id: 'r1',
    workflowId: 'pipeline:m:1',
    modelName: 'm',
    datasetVersionId: 'd1',
    status,
    currentStage: 'train',
    stages: [],
    error: null,
    requestedBy: 'alice',
    createdAt: '2025-01-31T09:30:00.000Z',
    finishedAt: null,
    modelVersion: null,
    approvalGate,
    validationReportId: null,
    temporalUiUrl: 'http://temporal/ui',
  };
}

describe('ProvenantClient against a stand-in API', () => {
  const api = fakeApi();
  let client: ProvenantClient;

  before(() => new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve)));
  after(() => new Promise<void>((resolve) => api.server.close(() => resolve())));
  beforeEach(() => {
    api.received.length = 0;
    // A trailing slash, as people paste URLs, must not double up in the request path.
    client = new ProvenantClient({ url: `${api.url()}/`, token: 't0ken' });
  });

  test('an approval gate with a subject, a policy and evidence links reads back as typed', async () => {
    const served: ApprovalGate = {
      id: 'g1',
      workflowId: 'release:42',
      modelVersionId: 'mv1',
      environment: 'PRODUCTION',
      status: 'PENDING',
      requiredApprovals: 2,
      approvers: [],
      requestedBy: 'alice',
      evidence: {
        modelName: 'churn',
        modelVersionId: 'mv1',
        version: 3,
        metrics: { accuracy: 0.91 },
        championVersion: null,
        championMetrics: null,
        qualityChecks: [],
        validationStatus: 'PASS',
        fairness: null,
        topFeatures: [],
        lineageUrl: null,
      },
      deadline: '2025-02-03T09:30:00.000Z',
      remindedAt: null,
      decisions: [{ actor: 'bob', decision: 'APPROVE', comment: 'fine', channel: 'slack', decidedAt: '2025-02-01T10:00:00.000Z' }],
      createdAt: '2025-01-31T09:30:00.000Z',
      closedAt: null,
      subject: { kind: 'model_version', id: 'mv1', title: 'churn version 3', url: 'http://provenant/models/churn/3' },
      policy: 'two-person-production',
      policyVersion: 3,
      approverRoles: ['APPROVER'],
      policyApprovers: ['carol'],
      excludedApprovers: ['alice'],
      expiresAfter: '2d',
      evidenceLinks: [{ label: 'evaluation report', url: 'http://provenant/evaluations/e1' }],
    };
    api.answerWith(() => ({ data: { approvalGate: served } }));
    const gate = await client.approvalGate('g1');
    assert.deepEqual(gate, served);
    assert.equal(gate.subject.kind, 'model_version');
    assert.deepEqual(gate.evidenceLinks.map((link) => link.label), ['evaluation report']);
    assert.deepEqual(api.received, [{ authorization: 'Bearer t0ken', query: APPROVAL_GATE, variables: { id: 'g1' } }]);
  });

  test('a page of gates comes back flat, with the cursor for the next', async () => {
    api.answerWith(() => ({
      data: { approvalGates: { edges: [{ node: { id: 'g2' } }, { node: { id: 'g1' } }], pageInfo: { hasNextPage: true, endCursor: 'c2' } } },
    }));
    const page = await client.approvalGates({ status: 'PENDING', first: 2 });
    assert.deepEqual(page, { nodes: [{ id: 'g2' }, { id: 'g1' }], hasNextPage: true, endCursor: 'c2' });
    assert.deepEqual(api.received[0].variables, { status: 'PENDING', first: 2 });
  });

  test('audit event filters travel as the filter argument, page size and cursor beside it, dates as ISO strings', async () => {
    api.answerWith(() => ({ data: { auditEvents: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } } }));
    await client.auditEvents({ subjectType: 'workflow', since: new Date('2025-01-31T00:00:00Z'), first: 10, after: 'c9' });
    assert.deepEqual(api.received[0].variables, {
      filter: { subjectType: 'workflow', since: '2025-01-31T00:00:00.000Z' },
      first: 10,
      after: 'c9',
    });
  });

  test('lineage leaves the depth to the API unless asked', async () => {
    api.answerWith(() => ({ data: { lineage: { nodes: [], edges: [] } } }));
    await client.lineage('n1');
    await client.lineage('n1', 'UPSTREAM', 3);
    assert.deepEqual(
      api.received.map((request) => request.variables),
      [{ id: 'n1', direction: 'BOTH' }, { id: 'n1', direction: 'UPSTREAM', depth: 3 }],
    );
  });

  test('followPipeline reports every poll and returns the run once it has finished', async () => {
    const statuses: PipelineRun['status'][] = ['RUNNING', 'AWAITING_APPROVAL', 'DEPLOYING', 'SUCCEEDED'];
    api.answerWith(() => ({ data: { pipelineRun: runIn(statuses[Math.min(api.received.length - 1, statuses.length - 1)]) } }));
    const seen: string[] = [];
    const run = await client.followPipeline('pipeline:m:1', { intervalMs: 1, onProgress: (polled) => seen.push(polled.status) });
    assert.equal(run.status, 'SUCCEEDED');
    assert.deepEqual(seen, statuses);
  });

  test('followPipeline with stopAtApproval returns once the gate is open, not before', async () => {
    const gate = { id: 'g1', environment: 'STAGING' as const, status: 'PENDING' as const, requiredApprovals: 1, deadline: '2025-02-03T09:30:00.000Z' };
    const answers = [runIn('RUNNING'), runIn('AWAITING_APPROVAL'), runIn('AWAITING_APPROVAL', gate)];
    api.answerWith(() => ({ data: { pipelineRun: answers[api.received.length - 1] } }));
    const run = await client.followPipeline('pipeline:m:1', { intervalMs: 1, stopAtApproval: true });
    assert.deepEqual([run.status, run.approvalGate?.id, api.received.length], ['AWAITING_APPROVAL', 'g1', 3]);
  });

  test('followPipeline stops when its signal aborts, with the reason', async () => {
    api.answerWith(() => ({ data: { pipelineRun: runIn('RUNNING') } }));
    const controller = new AbortController();
    const following = client.followPipeline('pipeline:m:1', {
      intervalMs: 5,
      signal: controller.signal,
      onProgress: () => api.received.length === 3 && controller.abort(new Error('enough')),
    });
    await assert.rejects(following, { message: 'enough' });
    assert.equal(api.received.length, 3);
  });

  test("a refusal rejects with the API's code and field", async () => {
    api.answerWith(() => ({
      data: null,
      errors: [{ message: 'alice started this pipeline and cannot decide its gate', extensions: { code: 'FORBIDDEN', field: 'input.gateId' } }],
    }));
    await assert.rejects(client.decideApproval({ gateId: 'g1', decision: 'APPROVE' }), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.deepEqual([error.code, error.field], ['FORBIDDEN', 'input.gateId']);
      return true;
    });
  });
});

test('an API nobody listens on is UNAVAILABLE, naming the URL', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  await assert.rejects(new ProvenantClient({ url }).models(), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 'UNAVAILABLE');
    assert.ok(error.message.startsWith(`cannot reach the API at ${url} (`), error.message);
    return true;
  });
});
