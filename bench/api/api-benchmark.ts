import type { EntityManager } from 'typeorm';
import { encodeCursor } from '../../api/common/connection';
import { appendAuditEvent, auditLogSealed, IncrementalAuditVerifier, verifyAuditLog } from '../../db/audit-log';
import { seededRandom } from '../../ml/random/seeded-random';
import { TOKENS, type Harness } from '../../test/support/harness';
import { count, milliseconds, ratio, type Benchmark, type BenchmarkReport } from '../support/report';
import { startBenchServices } from '../support/services';
import { percentile } from '../support/statistics';
import { seedAuditEvents } from './seed-audit-events';
import { seedLineage } from './seed-lineage';

const PAGE_P95_TARGET_MS = 20;
const LINEAGE_P95_TARGET_MS = 50;
const APPENDS_PER_SECOND_TARGET = 2000;
/** verifyAuditLog after its first call re-hashes only what was appended since: as fast at 1M events as at 1k. */
const INCREMENTAL_VERIFY_P95_TARGET_MS = 50;
const INCREMENTAL_ROUNDS = 20;
const WRITERS = 8;
const WARM_UP_REQUESTS = 10;
/**
 * Unmeasured appends (and plain inserts) per writer before each timed stretch: the first
 * ones in a process pay for compiling its code and each connection's first statements,
 * which a long-running API or worker has long paid, and without them the side measured
 * first would carry them alone.
 */
const WARM_UP_APPENDS = 50;

const AUDIT_PAGE = `query A($after: String) {
  auditEvents(first: 50, after: $after) {
    edges { cursor node { sequence id occurredAt actor action subjectType subjectId payload previousHash hash } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const LINEAGE = `query L($id: ID!) { lineage(id: $id, direction: BOTH, depth: 10) { nodes { id kind label } edges { from to relation } } }`;

/** Round-trip times of `samples` requests sent one after another, after a few unmeasured ones. */
async function latencies(harness: Harness, samples: number, request: (index: number) => { query: string; variables: Record<string, unknown> }) {
  const times: number[] = [];
  let returned = 0;
  for (let i = -WARM_UP_REQUESTS; i < samples; i += 1) {
    const { query, variables } = request(i);
    const started = performance.now();
    const response = await harness.gql(query, variables, TOKENS.viewer);
    const elapsed = performance.now() - started;
    if (!response.data) throw new Error(`${query.slice(0, 40)}… failed: ${JSON.stringify(response.errors)}`);
    if (i >= 0) {
      times.push(elapsed);
      returned += JSON.stringify(response.data).length;
    }
  }
  return { times, averageResponseBytes: returned / samples };
}

/**
 * WRITERS concurrent writers, each appending its share in its own transactions, as the API
 * and workers do; timed until the last event is sealed into the chain, not only committed.
 */
async function appendConcurrently(harness: Harness, perWriter: number): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      for (let i = 0; i < perWriter; i += 1) {
        await harness.dataSource.transaction((manager) =>
          appendAuditEvent(manager, { actor: `bench-writer-${writer}`, action: 'bench.appended', subjectType: 'bench', subjectId: `${writer}-${i}`, payload: { writer, index: i } }),
        );
      }
    }),
  );
  await auditLogSealed(harness.dataSource);
  return performance.now() - started;
}

/**
 * The peer for the appends: the same WRITERS writers, each inserting the same rows one
 * transaction at a time into a plain table of the event's columns, without the hash
 * chain or its lock. One commit per event is the floor any durable append log pays.
 * `inTransactions`: each INSERT in a transaction opened and committed as callers of
 * appendAuditEvent do (three round trips instead of one), to tell that cost from the chain's.
 */
async function insertPlainConcurrently(harness: Harness, perWriter: number, inTransactions: boolean): Promise<number> {
  await harness.dataSource.query(`CREATE TABLE bench_plain_event (
    sequence bigserial PRIMARY KEY, occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor text NOT NULL, action text NOT NULL, subject_type text NOT NULL, subject_id text NOT NULL, payload jsonb NOT NULL)`);
  const insertAll = (rows: number) =>
    Promise.all(
      Array.from({ length: WRITERS }, async (_, writer) => {
        for (let i = 0; i < rows; i += 1) {
          const insert = (db: Harness['dataSource'] | EntityManager) =>
            db.query(`INSERT INTO bench_plain_event (actor, action, subject_type, subject_id, payload) VALUES ($1, 'bench.appended', 'bench', $2, $3)`, [
              `bench-writer-${writer}`,
              `${writer}-${i}`,
              JSON.stringify({ writer, index: i }),
            ]);
          await (inTransactions ? harness.dataSource.transaction(insert) : insert(harness.dataSource));
        }
      }),
    );
  await insertAll(WARM_UP_APPENDS);
  const started = performance.now();
  await insertAll(perWriter);
  const elapsed = performance.now() - started;
  await harness.dataSource.query('DROP TABLE bench_plain_event');
  return elapsed;
}

export const apiBenchmark: Benchmark = {
  name: 'api',
  description: 'API at scale: auditEvents pages over 1M audit events and 10-hop lineage over 100k nodes through GraphQL, audit appends from 8 writers, chain verification',
  async run({ quick, log }): Promise<BenchmarkReport> {
    const auditEvents = quick ? 50_000 : 1_000_000;
    const lineageNodes = quick ? 10_000 : 100_000;
    const samples = quick ? 30 : 200;
    const appendsPerWriter = quick ? 100 : 250;
    log('api: starting Postgres, Temporal, workers and the API');
    const services = await startBenchServices();
    try {
      const { harness } = services;
      const seedingStarted = performance.now();
      await seedAuditEvents(harness.dataSource, auditEvents, log);
      const seedAuditMs = performance.now() - seedingStarted;
      const modelVersions = await seedLineage(harness.dataSource, lineageNodes);
      const [{ nodes }] = (await harness.dataSource.query('SELECT count(*)::int AS nodes FROM lineage_node')) as { nodes: number }[];
      await harness.dataSource.query('ANALYZE audit_event; ANALYZE lineage_node; ANALYZE lineage_edge');
      log(`api: seeded ${count(auditEvents)} audit events in ${(seedAuditMs / 1000).toFixed(1)} s and ${count(nodes)} lineage nodes; measuring queries`);

      const random = seededRandom(9);
      const firstPage = await latencies(harness, samples, () => ({ query: AUDIT_PAGE, variables: { after: null } }));
      const deepPage = await latencies(harness, samples, () => ({
        query: AUDIT_PAGE,
        variables: { after: encodeCursor(String(1 + Math.floor(random() * auditEvents))) },
      }));
      const lineage = await latencies(harness, samples, () => ({
        query: LINEAGE,
        // Rounds in the middle of a model's history, so the walk has ten hops each way to go.
        variables: { id: modelVersions[Math.floor(random() * modelVersions.length / 25) * 25 + 12] },
      }));

      log(`api: ${WRITERS} writers appending ${count(appendsPerWriter)} events each`);
      await appendConcurrently(harness, WARM_UP_APPENDS);
      const appendMs = await appendConcurrently(harness, appendsPerWriter);
      const appended = WRITERS * appendsPerWriter;
      const appendsPerSecond = appended / (appendMs / 1000);
      log(`api: the peer, ${WRITERS} writers inserting plain rows`);
      const plainMs = await insertPlainConcurrently(harness, appendsPerWriter, false);
      const plainPerSecond = appended / (plainMs / 1000);
      const plainInTransactionsMs = await insertPlainConcurrently(harness, appendsPerWriter, true);
      const plainInTransactionsPerSecond = appended / (plainInTransactionsMs / 1000);
      log('api: verifying the whole chain');
      const verifyStarted = performance.now();
      const verification = await verifyAuditLog(harness.dataSource);
      const verifyMs = performance.now() - verifyStarted;
      const [{ events }] = (await harness.dataSource.query('SELECT count(*)::int AS events FROM audit_event')) as { events: number }[];
      log('api: incremental verification, as verifyAuditLog and the maturity scorecard do it');
      const incremental = new IncrementalAuditVerifier(harness.dataSource);
      const firstIncrementalStarted = performance.now();
      await incremental.verify();
      const firstIncrementalMs = performance.now() - firstIncrementalStarted;
      const incrementalTimes: number[] = [];
      for (let round = 0; round < INCREMENTAL_ROUNDS; round += 1) {
        await appendConcurrently(harness, 1);
        const started = performance.now();
        const verified = await incremental.verify();
        incrementalTimes.push(performance.now() - started);
        if (!verified.ok) throw new Error(`incremental verification found sequence ${verified.firstInvalidSequence} broken`);
      }

      const row = (what: string, measured: { times: number[]; averageResponseBytes: number }) => [
        what,
        milliseconds(percentile(measured.times, 0.5)),
        milliseconds(percentile(measured.times, 0.95)),
        `${measured.times.length} requests, ${count(Math.round(measured.averageResponseBytes))} bytes each`,
      ];
      const p95 = (measured: { times: number[] }) => percentile(measured.times, 0.95);
      return {
        name: 'api',
        tables: [
          {
            title: `API at scale: ${count(auditEvents)} seeded audit events, ${count(nodes)} lineage nodes; GraphQL over HTTP on loopback, one request at a time`,
            columns: ['measure', 'p50', 'p95', 'detail'],
            rows: [
              row('auditEvents(first: 50), newest page', firstPage),
              row('auditEvents(first: 50, after: a random position)', deepPage),
              row('lineage(direction: BOTH, depth: 10) from a model version', lineage),
              ['audit appends, 8 concurrent writers', `${count(Math.round(appendsPerSecond))}/s`, '–', `${count(appended)} appends in ${milliseconds(appendMs)}`],
              [
                'peer: plain INSERTs, one commit each, 8 concurrent writers',
                `${count(Math.round(plainPerSecond))}/s`,
                '–',
                `${count(appended)} rows in ${milliseconds(plainMs)}; ours takes ${ratio(appendMs / plainMs)} the time`,
              ],
              [
                'plain INSERTs, each in a transaction as callers open one, 8 concurrent writers',
                `${count(Math.round(plainInTransactionsPerSecond))}/s`,
                '–',
                `${count(appended)} rows in ${milliseconds(plainInTransactionsMs)}; ours takes ${ratio(appendMs / plainInTransactionsMs)} the time`,
              ],
              ['verifyAuditLog over the whole chain', milliseconds(verifyMs), '–', `${count(verification.checked)} events, ok ${verification.ok}`],
              [
                `verifyAuditLog after the first call, ${WRITERS} events appended since`,
                milliseconds(percentile(incrementalTimes, 0.5)),
                milliseconds(percentile(incrementalTimes, 0.95)),
                `${INCREMENTAL_ROUNDS} calls; the first call took ${milliseconds(firstIncrementalMs)}`,
              ],
            ],
          },
        ],
        targets: [
          { target: `auditEvents page p95 ≤ ${PAGE_P95_TARGET_MS} ms`, observed: `newest ${milliseconds(p95(firstPage))}, random position ${milliseconds(p95(deepPage))}`, met: Math.max(p95(firstPage), p95(deepPage)) <= PAGE_P95_TARGET_MS },
          { target: `10-hop lineage p95 ≤ ${LINEAGE_P95_TARGET_MS} ms`, observed: milliseconds(p95(lineage)), met: p95(lineage) <= LINEAGE_P95_TARGET_MS },
          {
            target: `incremental verifyAuditLog p95 ≤ ${INCREMENTAL_VERIFY_P95_TARGET_MS} ms`,
            observed: milliseconds(percentile(incrementalTimes, 0.95)),
            met: percentile(incrementalTimes, 0.95) <= INCREMENTAL_VERIFY_P95_TARGET_MS,
          },
          { target: `≥ ${count(APPENDS_PER_SECOND_TARGET)} audit appends/s with ${WRITERS} writers`, observed: `${count(Math.round(appendsPerSecond))}/s`, met: appendsPerSecond >= APPENDS_PER_SECOND_TARGET },
          {
            target: 'the chain verifies after the appends',
            observed: `ok ${verification.ok}, ${count(verification.checked)} of ${count(events)} events checked`,
            met: verification.ok && verification.checked === events,
          },
        ],
        notes: [
          'latency is the client round trip: HTTP, the auth guard, the resolver, Postgres and JSON, with the workers idle in the same process',
          'appendAuditEvent writes to the intake in the caller\'s transaction without a shared lock; the sealer chains committed events in batches, one transaction each, 20 ms after a commit, and the time runs until the last one is sealed',
          'the peer inserts the same rows into a plain table without the chain or its lock, one commit each: what a durable append costs on this Postgres',
          `each side first runs ${WARM_UP_APPENDS} unmeasured appends or inserts per writer, as a long-running process has`,
        ],
        measurements: {
          auditEvents,
          lineageNodes: nodes,
          seedAuditMs,
          firstPageMs: firstPage.times,
          deepPageMs: deepPage.times,
          lineageMs: lineage.times,
          appended,
          appendMs,
          appendsPerSecond,
          plainInsertMs: plainMs,
          plainInsertsPerSecond: plainPerSecond,
          plainInsertsInTransactionsMs: plainInTransactionsMs,
          plainInsertsInTransactionsPerSecond: plainInTransactionsPerSecond,
          verifyMs,
          verification,
        },
      };
    } finally {
      await services.stop();
    }
  },
};
