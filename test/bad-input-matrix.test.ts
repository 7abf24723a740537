import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { slackHeaders, slashCommandBody } from './support/fake-slack';
import {
  introspect,
  operationDocument,
  placeholderArguments,
  placeholderValue,
  type InputValue,
  type IntrospectedSchema,
  type Operation,
  type TypeRef,
} from './support/graphql-schema';
import { SAMPLE_DATA, TOKENS, registerDataset, startHarness, type GraphqlResponse, type Harness } from './support/harness';
import { hostilePaths, malformedModels, malformedTables, type HostileFile } from './support/hostile-files';
import { rowCounts } from './support/row-counts';
import { assertSlackRefused, slackRefusals } from './support/slack-refusals';

const SIGNING_SECRET = 'bad-input-matrix-signing-secret';
/** Low, so that an ordinary sample file is an oversized upload. */
const MAX_DATASET_BYTES = 2048;
/** A refusal that takes longer than this is a hang (a FIFO read, a lock), not an answer. */
const ANSWER_WITHIN_MS = 60_000;

/** Codes that say what was wrong with a request; anything else (INTERNAL, no error at all) is a failure. */
const NAMED_CODES = ['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST'];
/** Codes about an input, which must name the field at fault. */
const FIELD_CODES = ['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN'];

const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);

const SQL_INJECTIONS = ["'; DROP TABLE model_version; --", "' OR '1'='1"];
const GRAPHQL_INJECTION = '") { __typename } } mutation { registerTrainer(input: {name: "pwned", command: ["sh"], timeoutSeconds: 1}) { name } } #';

type Path = (string | number)[];

interface Leaf {
  path: Path;
  typeName: string;
  kind: TypeRef['kind'];
}

/** What a bad input must get besides a named code, when more is known. */
interface Expectation {
  code: string;
  field?: string;
  message?: RegExp;
  status?: number;
}

interface BadInput {
  operation: Operation;
  label: string;
  variables: Record<string, unknown>;
  expect?: Expectation;
}

interface BadValue {
  label: string;
  value: unknown;
  /** The exact refusal, for a value refused before any resolver looks at the request, given the field it was put in. */
  expect?: (field: string) => Expectation;
}

/** GraphQL's own coercion of the variables refuses it, naming the variable path. */
const NOT_OF_ITS_TYPE = (field: string): Expectation => ({ code: 'BAD_USER_INPUT', field });

function fieldPath(path: Path): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

/** Every scalar or enum position in the arguments: required or optional, inside input objects and lists. */
function leavesOf(schema: IntrospectedSchema, values: InputValue[], prefix: Path): Leaf[] {
  return values.flatMap((value) => leavesOfType(schema, value.type, [...prefix, value.name]));
}

function leavesOfType(schema: IntrospectedSchema, type: TypeRef, path: Path): Leaf[] {
  if (type.kind === 'NON_NULL') return leavesOfType(schema, type.ofType!, path);
  if (type.kind === 'LIST') return leavesOfType(schema, type.ofType!, [...path, 0]);
  const named = schema.types.get(type.name!)!;
  if (named.kind === 'INPUT_OBJECT') return leavesOf(schema, named.inputFields!, path);
  return [{ path, typeName: named.name, kind: named.kind }];
}

/** `values` with `value` at `path`, creating the optional objects and lists on the way with their placeholders. */
function withValueAt(schema: IntrospectedSchema, fields: InputValue[], values: Record<string, unknown>, path: Path, value: unknown) {
  const [name, ...rest] = path as [string, ...Path];
  const field = fields.find((candidate) => candidate.name === name)!;
  return { ...values, [name]: withValueIn(schema, field.type, values[name], rest, value) };
}

function withValueIn(schema: IntrospectedSchema, type: TypeRef, current: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const inner = type.kind === 'NON_NULL' ? type.ofType! : type;
  if (inner.kind === 'LIST') {
    const list = Array.isArray(current) ? [...current] : [placeholderValue(schema, inner.ofType!)];
    list[0] = withValueIn(schema, inner.ofType!, list[0], path.slice(1), value);
    return list;
  }
  const object = (current ?? placeholderValue(schema, inner)) as Record<string, unknown>;
  return withValueAt(schema, schema.types.get(inner.name!)!.inputFields!, object, path, value);
}

/** Stands for arrays nested 10,000 deep, spliced into the request text: JSON.stringify itself runs out of stack on them. */
const DEEP_NESTING = '\u0001arrays nested 10,000 deep\u0001';

function requestBody(query: string, variables: Record<string, unknown>): string {
  return JSON.stringify({ query, variables }).replace(JSON.stringify(DEEP_NESTING), `${'['.repeat(10_000)}${']'.repeat(10_000)}`);
}

function badValuesFor(leaf: Leaf): BadValue[] {
  const strings: BadValue[] = [
    ...SQL_INJECTIONS.map((value) => ({ label: 'SQL injection', value })),
    { label: 'GraphQL injection', value: GRAPHQL_INJECTION },
    { label: 'a NUL byte', value: 'x\u0000y', expect: (field) => ({ code: 'BAD_USER_INPUT', field, message: /must not contain a NUL character/ }) },
    { label: 'a 64 KiB string', value: 'x'.repeat(64 * 1024) },
  ];
  if (leaf.kind === 'ENUM') return [{ label: 'not a value of the enum', value: 'NOT_A_VALUE', expect: NOT_OF_ITS_TYPE }];
  switch (leaf.typeName) {
    case 'ID':
      return [
        { label: 'an unknown id', value: randomUUID() },
        { label: 'the nil UUID', value: '00000000-0000-0000-0000-000000000000' },
        { label: 'a malformed id', value: 'not-a-uuid' },
        { label: 'SQL injection', value: SQL_INJECTIONS[0] },
        { label: 'path traversal', value: '../../etc/passwd' },
        { label: 'an object', value: { id: 1 }, expect: NOT_OF_ITS_TYPE },
      ];
    case 'String':
      return [...strings, { label: 'an object', value: { injected: true }, expect: NOT_OF_ITS_TYPE }];
    case 'Int':
      return [
        { label: 'a string', value: 'abc', expect: NOT_OF_ITS_TYPE },
        { label: 'beyond 32 bits', value: 2 ** 31, expect: NOT_OF_ITS_TYPE },
        { label: 'the least 32-bit integer', value: -(2 ** 31) },
      ];
    case 'Float':
      return [
        { label: 'a string', value: 'abc', expect: NOT_OF_ITS_TYPE },
        { label: 'huge', value: 1e308 },
        { label: 'hugely negative', value: -1e308 },
      ];
    case 'Boolean':
      return [{ label: 'a string', value: 'yes', expect: NOT_OF_ITS_TYPE }];
    case 'JSON':
      return [
        { label: 'SQL injection', value: SQL_INJECTIONS[0] },
        { label: 'prototype pollution', value: JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') },
        { label: 'arrays nested 10,000 deep', value: DEEP_NESTING, expect: () => ({ code: 'BAD_USER_INPUT', message: /is nested more than 32 levels deep/ }) },
      ];
    default:
      throw new Error(`no bad values for scalar ${leaf.typeName}: add them here`);
  }
}

/** A path or URL the API reads a file from. */
const isFileField = (leaf: Leaf) => leaf.typeName === 'String' && /uri$|path$/i.test(String(leaf.path.at(-1)));

describe('bad input to every mutation: a named error, nothing written, the server still healthy', () => {
  let harness: Harness;
  let schema: IntrospectedSchema;
  let datasetVersionId: string;

  before(async () => {
    harness = await startHarness({ env: { PROVENANT_MAX_DATASET_BYTES: String(MAX_DATASET_BYTES), SLACK_SIGNING_SECRET: SIGNING_SECRET } });
    schema = await introspect(harness);
    // A dataset that exists, so that a file field is checked in a request that is otherwise valid.
    const seed = path.join(harness.config.dataDir, 'matrix-seed.csv');
    const rows = Array.from({ length: 20 }, (_, row) => `${row},${row % 7},${row % 2 === 0 ? 'even' : 'odd'}`);
    await writeFile(seed, ['a,b,label', ...rows].join('\n'));
    datasetVersionId = await registerDataset(harness, 'matrix-seed', seed);
  });
  after(async () => {
    await harness?.close();
  });

  async function generatedCases(): Promise<BadInput[]> {
    /** The rest of a valid request around each file field, so that the file is what gets checked. */
    const fileFieldBases: Record<string, Record<string, unknown>> = {
      'registerDataset input.uri': { input: { name: 'matrix-file' } },
      'importModelVersion input.artifactUri': {
        input: { modelName: 'matrix-import', datasetVersionId, target: 'label', features: ['a', 'b'], task: 'CLASSIFICATION' },
      },
    };
    const hostile = await hostilePaths(harness.config.dataDir);
    const contents: Record<string, HostileFile[]> = {
      'registerDataset input.uri': [
        ...(await malformedTables(harness.config.dataDir)),
        { label: 'an oversized upload', uri: path.join(SAMPLE_DATA, 'seattle-weather.csv'), message: new RegExp(`the limit is ${MAX_DATASET_BYTES} \\(PROVENANT_MAX_DATASET_BYTES\\)`) },
      ],
      'importModelVersion input.artifactUri': await malformedModels(harness.config.dataDir),
    };
    const cases: BadInput[] = [];
    // A mutation without arguments (checkpointAuditLog) takes no input that could be bad.
    for (const operation of schema.operations.filter((candidate) => candidate.kind === 'mutation' && candidate.args.length > 0)) {
      // Placeholder ids name nothing, so hostile text that would be fair data in a valid request (a column an expectation names) is still refused.
      const base = placeholderArguments(schema, operation.args);
      const leaves = leavesOf(schema, operation.args, []);
      for (const leaf of leaves) {
        const field = fieldPath(leaf.path);
        for (const bad of badValuesFor(leaf)) {
          cases.push({
            operation,
            label: `${field}: ${bad.label}`,
            variables: withValueAt(schema, operation.args, base, leaf.path, bad.value),
            expect: bad.expect?.(field),
          });
        }
        if (!isFileField(leaf)) continue;
        const key = `${operation.name} ${field}`;
        const fileBase = fileFieldBases[key];
        assert.ok(fileBase, `${key} reads a file: add a valid request around it to fileFieldBases so its checks are reached`);
        for (const file of [...hostile, ...(contents[key] ?? [])]) {
          cases.push({
            operation,
            label: `${field}: ${file.label}`,
            variables: withValueAt(schema, operation.args, fileBase, leaf.path, file.uri),
            expect: { code: 'BAD_USER_INPUT', field, message: file.message },
          });
        }
      }
      // One per mutation: the transport refuses it before GraphQL, whichever field it is in.
      const textLeaf = leaves.find((leaf) => leaf.typeName === 'String' || leaf.typeName === 'ID')!;
      cases.push({
        operation,
        label: `${fieldPath(textLeaf.path)}: a 1 MiB string`,
        variables: withValueAt(schema, operation.args, base, textLeaf.path, 'x'.repeat(1 << 20)),
        expect: { code: 'BAD_REQUEST', status: 413 },
      });
    }
    return cases;
  }

  /** Why the answer to a bad input is wrong, or null when it is a refusal that names what was wrong. */
  async function verdict(badInput: BadInput): Promise<string | null> {
    const { operation, variables, expect } = badInput;
    let status: number;
    let text: string;
    try {
      const response = await fetch(`${harness.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.admin}` },
        body: requestBody(operationDocument(schema, operation, Object.keys(variables)), variables),
        signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      return `no answer: ${(error as Error).message}`;
    }
    let body: GraphqlResponse;
    try {
      body = JSON.parse(text);
    } catch {
      return `HTTP ${status}, not a GraphQL response: ${text.slice(0, 200)}`;
    }
    const [error] = body.errors ?? [];
    if (!error) return status === 200 ? `accepted: ${text.slice(0, 200)}` : `HTTP ${status} without GraphQL errors: ${text.slice(0, 200)}`;
    if (body.data?.[operation.name] != null) return `returned data with its error: ${text.slice(0, 200)}`;
    const { code, field } = error.extensions ?? {};
    if (!code || !NAMED_CODES.includes(code)) return `unnamed error ${code}: ${error.message.slice(0, 200)}`;
    if (FIELD_CODES.includes(code)) {
      if (!field) return `${code} without a field: ${error.message.slice(0, 200)}`;
      const argument = field.split(/[.[]/)[0];
      if (!operation.args.some((arg) => arg.name === argument)) return `${code} names field ${field}, which is not an argument`;
    }
    if (expect) {
      const got = `${code} ${field ?? '(no field)'} HTTP ${status}: ${error.message.slice(0, 200)}`;
      if (code !== expect.code || (expect.field !== undefined && field !== expect.field)) return `expected ${expect.code} ${expect.field ?? ''}, got ${got}`;
      if (expect.message && !expect.message.test(error.message)) return `expected a message matching ${expect.message}, got ${got}`;
      if (expect.status !== undefined && status !== expect.status) return `expected HTTP ${expect.status}, got ${got}`;
    }
    refusalCodes.set(code, (refusalCodes.get(code) ?? 0) + 1);
    return null;
  }

  /** Files the artifact store holds, staged or stored: a refused request leaves none behind. */
  async function storedFiles(): Promise<number> {
    const entries = await readdir(path.join(harness.config.dataDir, 'artifacts'), { recursive: true, withFileTypes: true });
    return entries.filter((entry) => entry.isFile()).length;
  }

  async function unhealthy(): Promise<string | null> {
    const ready = await fetch(`${harness.url}/health/ready`);
    if (ready.status !== 200) return `/health/ready answered ${ready.status}: ${await ready.text()}`;
    const me = await harness.gql('{ me { name } }');
    if (me.data?.me?.name !== 'admin-user') return `a normal query failed: ${JSON.stringify(me)}`;
    if ('polluted' in {}) return 'Object.prototype was polluted';
    return null;
  }

  /** Workflows started on this suite's task queues. */
  async function workflowsStarted(): Promise<number> {
    const prefix = harness.config.taskQueuePrefix;
    const queues = ['pipelines', 'training', 'scoring', 'monitoring'].map((queue) => `TaskQueue = "${prefix}.${queue}"`);
    return (await harness.temporal.workflow.count(queues.join(' OR '))).count;
  }

  let tried = 0;
  let refused = 0;
  const refusalCodes = new Map<string, number>();
  const failures: string[] = [];

  test('every mutation, every field: wrong types, injections, huge strings, unknown and malformed ids, hostile files', async (t) => {
    const cases = await generatedCases();
    const workflowsBefore = await workflowsStarted();
    for (const operation of new Set(cases.map((badInput) => badInput.operation.name))) {
      const batch = cases.filter((badInput) => badInput.operation.name === operation);
      const rowsBefore = await rowCounts(harness.dataSource);
      const filesBefore = await storedFiles();
      const verdicts = await Promise.all(batch.map(verdict));
      const wrong = batch.flatMap((badInput, index) => (verdicts[index] ? [`${operation} ${badInput.label}: ${verdicts[index]}`] : []));
      const rowsAfter = await rowCounts(harness.dataSource);
      const written = Object.keys(rowsAfter).filter((table) => rowsAfter[table] !== rowsBefore[table]);
      if (written.length > 0) wrong.push(`${operation}: rows written to ${written.map((table) => `${table} (${rowsBefore[table]} → ${rowsAfter[table]})`).join(', ')}`);
      const filesAfter = await storedFiles();
      if (filesAfter !== filesBefore) wrong.push(`${operation}: the artifact store went from ${filesBefore} to ${filesAfter} files`);
      const health = await unhealthy();
      if (health) wrong.push(`${operation}: server unhealthy afterwards: ${health}`);
      const refusedCorrectly = verdicts.filter((reason) => reason === null).length;
      tried += batch.length;
      refused += refusedCorrectly;
      failures.push(...wrong);
      t.diagnostic(`${operation}: ${batch.length} bad inputs, ${refusedCorrectly} refused correctly${wrong.length ? `, ${wrong.length} failures` : ''}`);
    }
    const started = (await workflowsStarted()) - workflowsBefore;
    if (started !== 0) failures.push(`${started} workflows were started`);
  });

  test('Slack: forged, stale, future, unsigned, tampered, oversized and replayed requests are refused and write nothing', async () => {
    const body = slashCommandBody('U0MATRIX', '');
    const headers = slackHeaders(SIGNING_SECRET, body);
    const accepted = await fetch(`${harness.url}/slack/events`, { method: 'POST', headers, body });
    assert.equal(accepted.status, 200);
    const rowsBefore = await rowCounts(harness.dataSource);
    const refusals = [...slackRefusals(SIGNING_SECRET, body, body.replace('U0MATRIX', 'U0INTRUDER')), { reason: 'replayed', headers, body, status: 401 }];
    for (const refusal of refusals) {
      tried += 1;
      try {
        await assertSlackRefused(harness.url, refusal);
        refused += 1;
      } catch (error) {
        failures.push(`Slack ${refusal.reason}: ${(error as Error).message}`);
      }
    }
    assert.deepEqual(await rowCounts(harness.dataSource), rowsBefore);
  });

  test('report: inputs tried, refused correctly, failures', (t) => {
    for (const failure of failures) t.diagnostic(`FAILED ${failure}`);
    const byCode = [...refusalCodes].map(([code, count]) => `${code} ${count}`).join(', ');
    t.diagnostic(`bad inputs: ${tried} tried, ${refused} refused correctly (GraphQL ${byCode}; Slack ${refused - sum(refusalCodes.values())}), ${failures.length} failures`);
    assert.equal(failures.length, 0, `${failures.length} bad inputs were not refused as they should be (listed above)`);
  });
});
