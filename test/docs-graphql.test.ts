import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildClientSchema, getIntrospectionQuery, parse, validate, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { REPO_ROOT } from '../platform/config';
import { startHarness, type Harness } from './support/harness';

interface DocumentedOperation {
  file: string;
  line: number;
  /** The GraphQL document, or why the JSON body around it cannot be sent. */
  document: string | { invalidJson: string };
}

function jsonString(literal: string): string | { invalidJson: string } {
  try {
    return JSON.parse(`"${literal}"`) as string;
  } catch (error) {
    return { invalidJson: `the request body is not JSON (${(error as Error).message}): ${literal}` };
  }
}

/**
 * Every GraphQL document the README and docs/ send with curl: the `"query":"…"` member of a
 * JSON body in a shell block. A shell splice inside the document (`\"'"$GATE"'\"`) becomes a
 * plain value, as the shell would make it.
 */
function documentedOperations(file: string): DocumentedOperation[] {
  const text = readFileSync(file, 'utf8').replace(/'"\$(\w+)"'/g, '$1');
  const operations: DocumentedOperation[] = [];
  for (const match of text.matchAll(/"query"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) {
    operations.push({
      file: path.relative(REPO_ROOT, file),
      line: text.slice(0, match.index).split('\n').length,
      document: jsonString(match[1]),
    });
  }
  return operations;
}

function documentationFiles(): string[] {
  const docs = path.join(REPO_ROOT, 'docs');
  return [path.join(REPO_ROOT, 'README.md'), ...readdirSync(docs).filter((name) => name.endsWith('.md')).map((name) => path.join(docs, name))];
}

describe('the GraphQL the documentation shows', () => {
  let harness: Harness;
  let schema: GraphQLSchema;
  const operations = documentationFiles().flatMap(documentedOperations);

  before(async () => {
    harness = await startHarness();
    const { data, errors } = await harness.gql<IntrospectionQuery>(getIntrospectionQuery());
    if (errors) throw new Error(`introspection failed: ${JSON.stringify(errors)}`);
    schema = buildClientSchema(data!);
  });
  after(async () => {
    await harness?.close();
  });

  test('the README and docs/ show GraphQL requests, the README its tour', () => {
    assert.ok(operations.some((operation) => operation.file === 'README.md'), 'the README tour sends GraphQL');
    assert.ok(operations.length > 30, `found ${operations.length} documented requests`);
  });

  test('every documented query and mutation is valid against the live schema', () => {
    const invalid = operations.flatMap(({ file, line, document }) => {
      if (typeof document !== 'string') return [`${file}:${line}: ${document.invalidJson}`];
      let errors: readonly { message: string }[];
      try {
        errors = validate(schema, parse(document));
      } catch (error) {
        errors = [error as Error];
      }
      return errors.map((error) => `${file}:${line}: ${error.message}\n    ${document}`);
    });
    assert.equal(invalid.length, 0, `documented GraphQL that the API would refuse:\n  ${invalid.join('\n  ')}`);
  });
});
