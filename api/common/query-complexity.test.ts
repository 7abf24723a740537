import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSchema, getIntrospectionQuery, parse, validate } from 'graphql';
import { queryComplexityRule } from './query-complexity';

const schema = buildSchema(`
  type Node { id: ID! name: String child: Node }
  type Query { node: Node nodes: [Node!]! }
`);

const errorsOf = (query: string, maxDepth: number, maxCost: number) =>
  validate(schema, parse(query), [queryComplexityRule({ maxDepth, maxCost })]).map((error) => ({ message: error.message, code: error.extensions.code }));

test('depth counts nested fields, a root field being 1, through fragments and inline fragments', () => {
  const query = 'query Deep { node { child { ...C } } } fragment C on Node { ... on Node { child { id } } }';
  assert.deepEqual(errorsOf(query, 4, 100), []);
  assert.deepEqual(errorsOf(query, 3, 100), [{ message: 'operation Deep is too complex: depth 4 is above the limit of 3', code: 'QUERY_TOO_COMPLEX' }]);
});

test('cost counts every selected field, a fragment as often as it is spread', () => {
  const query = '{ a: node { ...F } b: node { ...F } } fragment F on Node { id name }';
  assert.deepEqual(errorsOf(query, 10, 6), []);
  assert.deepEqual(errorsOf(query, 10, 5), [{ message: 'the operation is too complex: cost of at least 6 fields is above the limit of 5', code: 'QUERY_TOO_COMPLEX' }]);
});

test('a fragment cycle is left to the rule that names it, and a huge query is refused without counting it all', () => {
  const cyclic = validate(schema, parse('{ node { ...A } } fragment A on Node { child { ...A } }'), [queryComplexityRule({ maxDepth: 10, maxCost: 100 })]);
  assert.deepEqual(cyclic, []);
  const aliases = Array.from({ length: 50_000 }, (_, i) => `n${i}: node { id }`).join(' ');
  const [refused] = validate(schema, parse(`{ ${aliases} }`), [queryComplexityRule({ maxDepth: 10, maxCost: 1000 })]);
  assert.equal(refused.extensions.cost, 1001, 'counting stopped just past the limit');
});

test('the default limits let the full introspection query GraphiQL sends through', () => {
  const full = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true });
  assert.deepEqual(errorsOf(full, 15, 1000), []);
  assert.equal(errorsOf(full, 14, 1000)[0]?.code, 'QUERY_TOO_COMPLEX');
});
