import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT } from '../platform/config';
import { logger } from '../platform/logger';
import { createServingServer, type ServingServer } from '../serving/create-server';
import { artifactStoreFor } from '../storage/configured-store';
import { TOKENS, startHarness, type Harness } from './support/harness';

/** The approver token the tour starts the stack with, and the role it stands for here. */
const TOUR_APPROVER_TOKEN = 'ann-local-approver';

interface TourRequest {
  /** `gql` (the API with the admin token) or the URL a curl line names. */
  url: string;
  token: string;
  /** The JSON body with the shell's `'"$VAR"'` splices left to fill in. */
  body: string;
}

/** The requests of the README's five-minute tour, in order, as its shell blocks send them. */
function tourRequests(): TourRequest[] {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## A five-minute tour');
  assert.ok(start >= 0, 'the README has its five-minute tour');
  const tour = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const shell = [...tour.matchAll(/```sh\n([\s\S]*?)```/g)].map((block) => block[1].replace(/\\\n\s*/g, ' ')).join('\n');
  // A splice `'"$VAR"'` closes and reopens the single-quoted body: mark it so the body reads as one string.
  const marked = shell.replace(/'"\$(\w+)"'/g, '\u0000$1\u0000');
  const requests: TourRequest[] = [];
  for (const match of marked.matchAll(/^(gql|curl -s (\S+) .*?-H "Authorization: Bearer ([^"]+)".*?-d) '([^']*)'/gm)) {
    const [, command, url, token, body] = match;
    requests.push(command === 'gql' ? { url: 'gql', token: '$TOKEN', body } : { url, token, body });
  }
  return requests;
}

describe("the README's five-minute tour, request by request, against a running stack", () => {
  let harness: Harness;
  let serving: ServingServer;
  let servingUrl: string;
  const requests = tourRequests();
  const variables: Record<string, string> = {};

  before(async () => {
    harness = await startHarness();
    serving = createServingServer({ config: harness.config, dataSource: harness.dataSource, store: artifactStoreFor(harness.config), environment: 'STAGING', logger });
    servingUrl = `http://127.0.0.1:${await serving.listen(0)}`;
  });
  after(async () => {
    await serving?.close();
    await harness?.close();
  });

  /** Sends the tour's request n as its shell line would, to this stack. */
  async function send(n: number): Promise<Record<string, any>> {
    const request = requests[n];
    const body = request.body.replace(/\u0000(\w+)\u0000/g, (_, name: string) => {
      assert.ok(variables[name], `the tour sets ${name} before request ${n} uses it`);
      return variables[name];
    });
    // One pass: a free port may itself begin with 4100, which a second replace would then rewrite.
    const url = request.url === 'gql' ? `${harness.url}/graphql` : request.url.replace(/^http:\/\/127\.0\.0\.1:(4000|4100)/, (_, port: string) => (port === '4000' ? harness.url : servingUrl));
    const token = { $TOKEN: TOKENS.admin, [TOUR_APPROVER_TOKEN]: TOKENS.approver }[request.token];
    assert.ok(token, `request ${n} uses a token the tour gave: ${request.token}`);
    const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    const json = (await response.json()) as Record<string, any>;
    assert.equal(response.status, 200, `request ${n}: ${JSON.stringify(json)}`);
    assert.equal(json.errors, undefined, `request ${n}: ${JSON.stringify(json.errors)}`);
    return json;
  }

  /** Repeats the tour's poll (request n) until the run reaches the status the tour waits for. */
  async function pollUntil(n: number, status: string): Promise<Record<string, any>> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const run = (await send(n)).data.pipelineRun;
      if (run.status === status) return run;
      assert.ok(['RUNNING', 'AWAITING_APPROVAL', 'DEPLOYING'].includes(run.status) && Date.now() < deadline, `waiting for ${status}: ${JSON.stringify(run)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  test('the tour sends six requests: register, start, poll, approve as the approver, infer, verify', () => {
    assert.equal(requests.length, 6, JSON.stringify(requests, null, 2));
    assert.equal(requests[3].token, TOUR_APPROVER_TOKEN);
    assert.match(requests[4].url, /:4100\/v2\/models\/weather-classifier\/infer$/);
  });

  test('every step does what the tour says', async () => {
    const dataset = (await send(0)).data.registerDataset;
    assert.equal(dataset.rowCount, 1461);
    variables.DATASET = dataset.id;

    const started = (await send(1)).data.startModelPipeline;
    assert.equal(started.status, 'RUNNING');
    variables.WORKFLOW = started.workflowId;

    const waiting = await pollUntil(2, 'AWAITING_APPROVAL');
    assert.equal(waiting.approvalGate.status, 'PENDING');
    assert.equal(waiting.modelVersion.version, 1);
    variables.GATE = waiting.approvalGate.id;

    assert.equal((await send(3)).data.decideApproval.status, 'APPROVED');
    await pollUntil(2, 'SUCCEEDED');

    // Serving learns of the new route by LISTEN/NOTIFY: the first call may come before it has.
    let inference: Record<string, any> | undefined;
    for (const deadline = Date.now() + 10_000; !inference; ) {
      try {
        inference = await send(4);
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    assert.equal(inference.model_version, '1');
    const label = inference.outputs.find((output: { name: string }) => output.name === 'label');
    assert.deepEqual(label.shape, [1]);
    assert.ok(['drizzle', 'fog', 'rain', 'snow', 'sun'].includes(label.data[0]), JSON.stringify(inference));

    const verification = (await send(5)).data.verifyAuditLog;
    assert.equal(verification.ok, true);
    assert.ok(verification.checked > 0);
  });
});
