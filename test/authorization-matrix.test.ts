import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ROLES, type Role } from '../domain/roles';
import { artifactStoreFor } from '../storage/configured-store';
import { slackHeaders, slashCommandBody } from './support/fake-slack';
import { introspect, operationDocument, placeholderArguments, type IntrospectedSchema, type Operation } from './support/graphql-schema';
import { TOKENS, startHarness, type GraphqlResponse, type Harness } from './support/harness';
import { controllerRoutes } from './support/http-routes';
import { HTTP_ROUTE_ROLES, OPERATION_ROLES, type Access } from './support/operation-roles';
import { rowCounts } from './support/row-counts';

const SIGNING_SECRET = 'authorization-matrix-signing-secret';

interface Caller {
  label: string;
  role: Role | null;
  token: string | null;
}

const CALLERS: Caller[] = [{ label: 'no token', role: null, token: null }, ...ROLES.map((role) => ({ label: role, role, token: TOKENS[role] }))];

function mayCall(access: Access, caller: Caller): boolean {
  if (access === 'PUBLIC') return true;
  if (caller.role === null) return false;
  return access === 'ALL' || access.includes(caller.role);
}

/** What the caller should be told when refused: who they are is unknown without a token; otherwise their role is not enough. */
function refusalFor(caller: Caller): { code: 'UNAUTHENTICATED' | 'FORBIDDEN'; message: RegExp } {
  return caller.role === null
    ? { code: 'UNAUTHENTICATED', message: /missing bearer token/ }
    : { code: 'FORBIDDEN', message: new RegExp(`^role ${caller.role} may not perform this operation$`) };
}

/**
 * The guard's refusals. A FORBIDDEN naming a field is a rule about the input (moving
 * champion, deciding one's own gate), decided after the role was let in.
 */
function refusalOf(response: GraphqlResponse): { code: string; message: string } | undefined {
  const refusal = response.errors?.find(({ extensions }) => extensions?.code === 'UNAUTHENTICATED' || (extensions?.code === 'FORBIDDEN' && !extensions.field));
  return refusal && { code: refusal.extensions!.code!, message: refusal.message };
}

describe('authorisation matrix: every operation and HTTP route, for every role and for no token', () => {
  let harness: Harness;
  let schema: IntrospectedSchema;

  before(async () => {
    harness = await startHarness({ env: { SLACK_SIGNING_SECRET: SIGNING_SECRET } });
    schema = await introspect(harness);
  });
  after(async () => {
    await harness?.close();
  });

  test('every query and mutation of the schema has a row in the policy table, and every row an operation', () => {
    const live = schema.operations.map((operation) => operation.name).sort();
    const expected = Object.keys(OPERATION_ROLES).sort();
    assert.deepEqual(
      { withoutRule: live.filter((name) => !expected.includes(name)), rowsWithoutOperation: expected.filter((name) => !live.includes(name)) },
      { withoutRule: [], rowsWithoutOperation: [] },
      'add a row to test/support/operation-roles.ts for each new operation, and remove rows of removed ones',
    );
  });

  test('every HTTP route of the controllers has a row in the route table, and every row a route', () => {
    const routes = controllerRoutes({ config: harness.config, dataSource: harness.dataSource, temporal: harness.temporal, store: artifactStoreFor(harness.config) });
    assert.deepEqual(routes, Object.keys(HTTP_ROUTE_ROLES).sort(), 'keep HTTP_ROUTE_ROLES in test/support/operation-roles.ts in step with the controllers');
  });

  test('GraphQL: each caller is refused or let in exactly as the table says; refused calls write nothing', async (t) => {
    const ruled = schema.operations.filter((operation) => operation.name in OPERATION_ROLES);
    const call = (operation: Operation, caller: Caller) => {
      const variables = placeholderArguments(schema, operation.args);
      return harness.gql(operationDocument(schema, operation, Object.keys(variables)), variables, caller.token);
    };
    const pairs = ruled.flatMap((operation) => CALLERS.map((caller) => ({ operation, caller, allowed: mayCall(OPERATION_ROLES[operation.name], caller) })));

    // Refusals first, all of them, so that the snapshot shows none of them wrote anything.
    const before_ = await rowCounts(harness.dataSource);
    for (const { operation, caller } of pairs.filter((pair) => !pair.allowed)) {
      const response = await call(operation, caller);
      const expected = refusalFor(caller);
      const refusal = refusalOf(response);
      assert.equal(refusal?.code, expected.code, `${operation.name} as ${caller.label}: ${JSON.stringify(response)}`);
      assert.match(refusal!.message, expected.message);
      assert.equal(response.data?.[operation.name] ?? null, null, `${operation.name} as ${caller.label} returned data`);
    }
    assert.deepEqual(await rowCounts(harness.dataSource), before_, 'a refused call wrote rows');

    // The placeholder arguments rarely name anything that exists: NOT_FOUND or BAD_USER_INPUT is an answer past the guard.
    for (const { operation, caller } of pairs.filter((pair) => pair.allowed)) {
      const response = await call(operation, caller);
      assert.equal(refusalOf(response), undefined, `${operation.name} as ${caller.label} was refused: ${JSON.stringify(response)}`);
      const internal = response.errors?.find((error) => error.extensions?.code === 'INTERNAL');
      assert.equal(internal, undefined, `${operation.name} as ${caller.label}: a well-formed request failed: ${JSON.stringify(response)}`);
    }

    const allowed = pairs.filter((pair) => pair.allowed).length;
    t.diagnostic(`GraphQL: ${ruled.length} operations × ${CALLERS.length} callers = ${pairs.length} checked: ${allowed} allowed, ${pairs.length - allowed} refused`);
  });

  test('HTTP routes: bearer tokens where the table asks for them, Slack signatures on /slack/events, nothing on health', async (t) => {
    let checked = 0;
    let allowed = 0;
    const before_ = await rowCounts(harness.dataSource);
    for (const [route, access] of Object.entries(HTTP_ROUTE_ROLES)) {
      const [method, pattern] = route.split(' ');
      const url = `${harness.url}${pattern.replace(/:\w+/g, () => randomUUID())}`;
      for (const caller of CALLERS) {
        const authorization: Record<string, string> = caller.token ? { authorization: `Bearer ${caller.token}` } : {};
        const label = `${route} as ${caller.label}`;
        checked += 1;
        if (access === 'SLACK_SIGNATURE') {
          // A bearer token is no substitute for Slack's signature, whatever its role.
          const response = await fetch(url, { method, headers: { 'content-type': 'application/x-www-form-urlencoded', ...authorization }, body: slashCommandBody('U0MATRIX', '') });
          assert.equal(response.status, 401, label);
          assert.deepEqual(await response.json(), { ok: false, error: 'missing_headers' }, label);
          continue;
        }
        const response = await fetch(url, { method, headers: authorization });
        const body = await response.text();
        if (mayCall(access, caller)) {
          allowed += 1;
          assert.ok(response.status !== 401 && response.status !== 403 && response.status < 500, `${label}: ${response.status} ${body.slice(0, 300)}`);
        } else {
          const expected = refusalFor(caller);
          assert.equal(response.status, expected.code === 'UNAUTHENTICATED' ? 401 : 403, label);
          const refusal = JSON.parse(body) as { code: string; message: string };
          assert.equal(refusal.code, expected.code, label);
          assert.match(refusal.message, expected.message, label);
        }
      }
    }
    assert.deepEqual(await rowCounts(harness.dataSource), before_, 'a refused HTTP request wrote rows');

    // And the signature alone is enough: a signed slash command with no token is answered.
    const body = slashCommandBody('U0MATRIX', '');
    const signed = await fetch(`${harness.url}/slack/events`, { method: 'POST', headers: slackHeaders(SIGNING_SECRET, body), body });
    assert.equal(signed.status, 200);
    assert.match(((await signed.json()) as { text: string }).text, /\/provenant approvals/);
    checked += 1;
    allowed += 1;

    const routes = Object.keys(HTTP_ROUTE_ROLES).length;
    t.diagnostic(`HTTP: ${routes} routes × ${CALLERS.length} callers and a signed Slack request = ${checked} checked: ${allowed} allowed, ${checked - allowed} refused`);
  });
});
