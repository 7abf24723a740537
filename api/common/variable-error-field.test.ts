import assert from 'node:assert/strict';
import { test } from 'node:test';
import { variableErrorField } from './variable-error-field';

test('names the variable path of graphql-js variable errors', () => {
  assert.equal(
    variableErrorField('Variable "$input" got invalid value "abc" at "input.version"; Int cannot represent non-integer value: "abc"'),
    'input.version',
  );
  assert.equal(
    variableErrorField('Variable "$input" got invalid value { injected: true } at "input.deploy.approvers[0]"; String cannot represent a non string value: { injected: true }'),
    'input.deploy.approvers[0]',
  );
  assert.equal(variableErrorField('Variable "$id" got invalid value { id: 1 }; ID cannot represent value: { id: 1 }'), 'id');
  assert.equal(variableErrorField('Variable "$id" of required type "ID!" was not provided.'), 'id');
  assert.equal(variableErrorField('Variable "$reason" of non-null type "String!" must not be null.'), 'reason');
});

test('a missing or unknown input field is named under its object', () => {
  assert.equal(
    variableErrorField('Variable "$input" got invalid value { modelName: "x" } at "input.deploy"; Field "environment" of required type "DeployEnvironment!" was not provided.'),
    'input.deploy.environment',
  );
  assert.equal(
    variableErrorField('Variable "$input" got invalid value { extra: 2 }; Field "extra" is not defined by type "SetModelAliasInput". Did you mean "alias"?'),
    'input.extra',
  );
});

test('a string value that looks like a path does not mislead it, and other errors have no field', () => {
  assert.equal(variableErrorField('Variable "$name" got invalid value "x at \\"input.evil\\"; y"; String cannot represent …'), 'name');
  assert.equal(variableErrorField('Cannot query field "nope" on type "Query".'), undefined);
});
