import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildClientSchema, getIntrospectionQuery, parse, validate, type IntrospectionQuery } from 'graphql';
import * as documents from '../client/documents';
import { ApiError } from '../client/provenant-api';
import { ProvenantClient } from '../client/provenant-client';
import type { PipelineRun } from '../client/types';
import { SAMPLE_DATA, TOKENS, registerDataset, startHarness, type Harness } from './support/harness';

const MODEL = 'client-weather';

describe('ProvenantClient against the real API, Postgres and Temporal', () => {
  let harness: Harness;
  let datasetVersionId: string;
  let client: (token: string) => ProvenantClient;

  before(async () => {
    harness = await startHarness();
    datasetVersionId = await registerDataset(harness, 'weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));
    client = (token) => new ProvenantClient({ url: harness.url, token });
  });
  after(async () => {
    await harness?.close();
  });

  test('every document the client sends is valid against the served schema', async () => {
    const introspection = await harness.gql<IntrospectionQuery>(getIntrospectionQuery());
    const schema = buildClientSchema(introspection.data!);
    for (const [name, document] of Object.entries(documents)) {
      if (typeof document !== 'string') continue;
      assert.deepEqual(validate(schema, parse(document)).map((error) => error.message), [], name);
    }
  });

  test('start a pipeline, follow it to its gate, have a second person approve it, follow it to the end, read its provenance', async () => {
    // An admin may approve gates, just not those of runs they started (separation of duties).
    const requester = client(TOKENS.admin);
    const approver = client(TOKENS.approver);
    const policy = await harness.gql(
      `mutation C($input: ApprovalPolicyInput!) { createApprovalPolicy(input: $input) { id } }`,
      { input: { name: 'client-staging', modelPattern: MODEL, environment: 'STAGING', minApprovals: 1, approverRoles: ['APPROVER'], excludedApprovers: ['viewer-user'], remindAfter: '1h', expiresAfter: '2d' } },
    );
    assert.equal(policy.errors, undefined, JSON.stringify(policy.errors));
    const started = await requester.startPipeline({
      modelName: MODEL,
      datasetVersionId,
      target: 'weather',
      features: ['precipitation', 'temp_max', 'temp_min', 'wind'],
      task: 'CLASSIFICATION',
      deploy: { environment: 'STAGING', requiredApprovals: 1 },
    });
    assert.deepEqual([started.status, started.requestedBy, started.modelName], ['RUNNING', 'admin-user', MODEL]);

    const polled: PipelineRun[] = [];
    const waiting = await requester.followPipeline(started.workflowId, { intervalMs: 250, stopAtApproval: true, onProgress: (run) => polled.push(run) });
    assert.equal(waiting.status, 'AWAITING_APPROVAL', JSON.stringify(waiting));
    assert.equal(polled.at(-1), waiting);
    assert.ok(polled.every((run) => ['RUNNING', 'AWAITING_APPROVAL'].includes(run.status)), JSON.stringify(polled.map((run) => run.status)));
    const gateId = waiting.approvalGate!.id;
    const modelVersionId = waiting.modelVersion!.id;

    const pending = await approver.approvalGates({ status: 'PENDING' });
    const listed = pending.nodes.find((gate) => gate.id === gateId);
    assert.ok(listed, JSON.stringify(pending));
    assert.deepEqual(
      [listed.workflowId, listed.modelVersionId, listed.requestedBy, listed.evidence?.modelName, listed.evidence?.version],
      [`${started.workflowId}:approval:STAGING`, modelVersionId, 'admin-user', MODEL, 1],
    );
    assert.deepEqual(await approver.approvalGate(gateId), listed);
    // The policy the gate applied, as it applied it.
    assert.deepEqual(
      [listed.policy, listed.policyVersion, listed.requiredApprovals, listed.approverRoles, listed.policyApprovers, listed.excludedApprovers, listed.expiresAfter],
      ['client-staging', 1, 1, ['APPROVER'], [], ['viewer-user'], '2d'],
    );

    await assert.rejects(requester.decideApproval({ gateId, decision: 'APPROVE' }), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.deepEqual([error.code, error.field], ['FORBIDDEN', 'input.gateId']);
      return true;
    });
    const decided = await approver.decideApproval({ gateId, decision: 'APPROVE', comment: 'approved through the typed client' });
    assert.equal(decided.status, 'APPROVED');
    assert.deepEqual(
      decided.decisions.map(({ actor, decision, comment, channel }) => ({ actor, decision, comment, channel })),
      [{ actor: 'approver-user', decision: 'APPROVE', comment: 'approved through the typed client', channel: 'graphql' }],
    );

    const finished = await requester.followPipeline(started.workflowId, { intervalMs: 250 });
    assert.equal(finished.status, 'SUCCEEDED', JSON.stringify(finished));
    assert.deepEqual(
      finished.stages.map((stage) => [stage.name, stage.status]),
      [['validate', 'SUCCEEDED'], ['tune', 'SKIPPED'], ['train', 'SUCCEEDED'], ['evaluate', 'SUCCEEDED'], ['register', 'SUCCEEDED'], ['approve', 'SUCCEEDED'], ['deploy', 'SUCCEEDED']],
    );
    assert.equal(finished.approvalGate?.status, 'APPROVED');

    const provenance = await client(TOKENS.viewer).provenance(modelVersionId);
    assert.deepEqual([provenance.modelVersion.id, provenance.modelVersion.modelName, provenance.modelVersion.version], [modelVersionId, MODEL, 1]);
    assert.deepEqual([provenance.pipelineRun?.workflowId, provenance.pipelineRun?.requestedBy], [started.workflowId, 'admin-user']);
    assert.deepEqual(provenance.data.map((data) => [data.datasetVersionId, data.usedAs]), [[datasetVersionId, ['TRAINING']]]);
    assert.equal(provenance.code?.trainer, 'builtin:logistic-regression');
    assert.deepEqual(provenance.approvalGates.map((gate) => [gate.id, gate.status, gate.decisions.map((d) => d.actor)]), [[gateId, 'APPROVED', ['approver-user']]]);
    assert.equal(provenance.deployments.length, 1);

    // The audit events provenance names are the ones the audit log serves.
    const [decisionEventId] = provenance.approvalGates[0].decisions[0].auditEventIds;
    const approvals = await client(TOKENS.ops).auditEvents({ actor: 'approver-user', first: 10 });
    assert.ok(approvals.nodes.some((event) => event.id === decisionEventId), JSON.stringify(approvals.nodes));
    assert.ok(approvals.nodes.every((event) => event.actor === 'approver-user'));
    assert.equal((await client(TOKENS.ops).verifyAuditLog()).ok, true);

    const lineage = await client(TOKENS.viewer).lineage(modelVersionId, 'UPSTREAM', 1);
    assert.ok(lineage.edges.some((edge) => edge.to === modelVersionId && edge.relation === 'produced'), JSON.stringify(lineage));

    const version = await client(TOKENS.viewer).modelVersion(modelVersionId);
    assert.deepEqual([version.modelName, version.version, version.target, version.pipelineRunId], [MODEL, 1, 'weather', started.id]);
    const models = await client(TOKENS.viewer).models();
    const model = models.find((candidate) => candidate.name === MODEL);
    assert.deepEqual(model?.versions.map((v) => v.id), [modelVersionId]);
    assert.deepEqual(await client(TOKENS.viewer).model(MODEL), model);
  });

  test("the API's refusals reject with their code and field", async () => {
    await assert.rejects(client('not-a-known-token').models(), { name: 'ApiError', code: 'UNAUTHENTICATED' });
    await assert.rejects(client(TOKENS.viewer).startPipeline({ modelName: MODEL, datasetVersionId, target: 'weather', features: ['wind'], task: 'REGRESSION' }), {
      name: 'ApiError',
      code: 'FORBIDDEN',
    });
    await assert.rejects(client(TOKENS.viewer).lineage(datasetVersionId, 'BOTH', 99), { name: 'ApiError', code: 'BAD_USER_INPUT', field: 'depth' });
  });

  test('dataset versions page newest first, of every dataset or of one; infer needs a serving URL', async () => {
    const penguinsId = await registerDataset(harness, 'penguins', path.join(SAMPLE_DATA, 'penguins.jsonl'));
    const viewer = client(TOKENS.viewer);
    const first = await viewer.datasetVersions({ first: 1 });
    assert.deepEqual([first.nodes.map((v) => [v.id, v.datasetName, v.format]), first.hasNextPage], [[[penguinsId, 'penguins', 'jsonl']], true]);
    const second = await viewer.datasetVersions({ first: 1, after: first.endCursor });
    assert.deepEqual(second.nodes.map((v) => v.id), [datasetVersionId]);
    const weather = await viewer.datasetVersions({ datasetName: 'weather' });
    assert.deepEqual([weather.nodes.map((v) => v.id), weather.hasNextPage], [[datasetVersionId], false]);
    assert.deepEqual((await viewer.datasetVersion(datasetVersionId)).schema.map((column) => column.name), ['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
    await assert.rejects(viewer.datasetVersions({ first: 0 }), { name: 'ApiError', code: 'BAD_USER_INPUT', field: 'first' });
    await assert.rejects(viewer.infer(MODEL, { inputs: [] }), { name: 'ApiError', code: 'BAD_USER_INPUT', field: 'servingUrl' });
  });
});
