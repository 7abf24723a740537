import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importBrowserModule } from './browser-module';

type GraphqlError = { message: string; extensions?: { code?: string; field?: string } };
interface GraphqlModule {
  describeErrors(errors: GraphqlError[]): string;
  ApiError: new (errors: GraphqlError[]) => Error & { code: string; field: string | null };
}

const load = () => importBrowserModule<GraphqlModule>('graphql.mjs');

test('words a refusal by its code, keeping the API’s own reason', async () => {
  const { describeErrors } = await load();
  const separation = { message: 'admin-user started this pipeline and cannot decide its gate (separation of duties)', extensions: { code: 'FORBIDDEN', field: 'input.gateId' } };
  assert.equal(describeErrors([separation]), 'Refused: admin-user started this pipeline and cannot decide its gate (separation of duties)');
  assert.equal(describeErrors([{ message: 'input.comment: a rejection needs a comment', extensions: { code: 'BAD_USER_INPUT' } }]), 'Invalid input: input.comment: a rejection needs a comment');
  assert.equal(describeErrors([{ message: 'unknown or revoked token', extensions: { code: 'UNAUTHENTICATED' } }, { message: 'second' }]), 'Not signed in: unknown or revoked token; second');
  assert.equal(describeErrors([{ message: 'Cannot query field "x"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]), 'Cannot query field "x"');
});

test('an API error carries the first error’s code and field', async () => {
  const { ApiError } = await load();
  const error = new ApiError([{ message: 'gate is APPROVED; decisions are closed', extensions: { code: 'CONFLICT', field: 'input.gateId' } }]);
  assert.deepEqual([error.message, error.code, error.field], ['Not possible now: gate is APPROVED; decisions are closed', 'CONFLICT', 'input.gateId']);
});
