import path from 'node:path';
import { TOKENS, SAMPLE_DATA, type Harness } from '../../test/support/harness';
import { count, milliseconds, ratio, type Benchmark, type BenchmarkReport } from '../support/report';
import { startBenchServices } from '../support/services';
import { percentile } from '../support/statistics';
import { startApprovalFloor, type RoundTrip } from './approval-floor';
import { deployStageStartedAt } from './approval-latency';

const P50_TARGET_MS = 100;
const P99_TARGET_MS = 500;
const MIN_GATES = 50;
/** The approval round trip may cost at most this many times Temporal's floor (issue 17). */
const FLOOR_RATIO_TARGET = 1.5;
const POLL_MS = 500;
const GATE_RETRY_MS = 100;
const RUN_TIMEOUT_MS = 30 * 60_000;

const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const STATE = `query R($workflowId: String!) { pipelineRun(workflowId: $workflowId) { status error approvalGate { id } stages { name status startedAt finishedAt } } }`;
const DECIDE = `mutation D($input: DecideApprovalInput!) { decideApproval(input: $input) { status } }`;

interface StageRecord {
  name: string;
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface RunOutcome {
  workflowId: string;
  status: string;
  startedAt: number;
  finishedAt: number;
  /** When the decideApproval call that succeeded was sent, and when it returned. */
  decisionSentAt: number;
  decidedAt: number;
  stages: StageRecord[];
}

/**
 * One release as an engineer and an approver would drive it: start a pipeline that asks
 * to deploy (trivial training: seattle-weather, 20 iterations), wait for its approval gate,
 * approve it as someone else, and wait for the run to end.
 */
async function release(harness: Harness, datasetVersionId: string, index: number): Promise<RunOutcome> {
  const startedAt = Date.now();
  const started = await harness.gql(
    START,
    {
      input: {
        modelName: `bench-orchestration-${index}`,
        datasetVersionId,
        target: 'weather',
        features: ['precipitation', 'temp_max', 'temp_min', 'wind'],
        task: 'CLASSIFICATION',
        hyperparameters: { maxIterations: 20 },
        runKey: `bench-${index}`,
        deploy: { environment: 'STAGING', requiredApprovals: 1, canary: { steps: [100], observationWindow: '1s', minRequests: 0 } },
      },
    },
    TOKENS.engineer,
  );
  if (!started.data) throw new Error(`startModelPipeline failed: ${JSON.stringify(started.errors)}`);
  const { workflowId } = started.data.startModelPipeline;
  let state = await pipelineState(harness, workflowId);
  while (state.status === 'RUNNING') {
    if (Date.now() - startedAt > RUN_TIMEOUT_MS) throw new Error(`${workflowId} still RUNNING after ${RUN_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    state = await pipelineState(harness, workflowId);
  }
  if (state.status !== 'AWAITING_APPROVAL') throw new Error(`${workflowId} ended ${state.status} before its gate: ${state.error}`);
  // The run shows AWAITING_APPROVAL and its gate row a moment before the workflow holds the
  // gate open for decisions; the workflow refuses a decision that early, as it would anyone's.
  let decisionSentAt = Date.now();
  let decided = await harness.gql(DECIDE, { input: { gateId: state.approvalGate.id, decision: 'APPROVE' } }, TOKENS.approver);
  while (decided.errors?.[0]?.message === 'the gate is not open yet' && Date.now() - startedAt < RUN_TIMEOUT_MS) {
    await new Promise((resolve) => setTimeout(resolve, GATE_RETRY_MS));
    decisionSentAt = Date.now();
    decided = await harness.gql(DECIDE, { input: { gateId: state.approvalGate.id, decision: 'APPROVE' } }, TOKENS.approver);
  }
  const decidedAt = Date.now();
  if (decided.data?.decideApproval.status !== 'APPROVED') throw new Error(`decideApproval failed: ${JSON.stringify(decided)}`);
  await harness.temporal.workflow.getHandle(workflowId).result();
  const finishedAt = Date.now();
  const final = await pipelineState(harness, workflowId);
  return { workflowId, status: final.status, startedAt, finishedAt, decisionSentAt, decidedAt, stages: final.stages };
}

async function pipelineState(harness: Harness, workflowId: string) {
  const response = await harness.gql(STATE, { workflowId });
  if (!response.data) throw new Error(`pipelineRun failed: ${JSON.stringify(response.errors)}`);
  return response.data.pipelineRun as { status: string; error: string | null; approvalGate: { id: string }; stages: StageRecord[] };
}

/**
 * The issue's target, ours ≤ 1.5× the floor, on its own measure (from the decision
 * returning) while the floor there is above zero; otherwise on the measure from the
 * decision being sent, where the floor is always positive and ours also pays for the
 * decideApproval call. Either way the observed text gives both.
 */
const p50Of = (values: number[]) => percentile(values, 0.5);

/** concurrency, ours and the floor at p50, their gap and ratio (none when the floor is at or below zero), and both at p95. */
function roundTripCells(concurrency: number, ours: number[], floor: number[]): string[] {
  const [oursP50, floorP50] = [p50Of(ours), p50Of(floor)];
  return [
    count(concurrency),
    milliseconds(oursP50),
    milliseconds(floorP50),
    milliseconds(oursP50 - floorP50),
    floorP50 > 0 ? ratio(oursP50 / floorP50) : '–',
    milliseconds(percentile(ours, 0.95)),
    milliseconds(percentile(floor, 0.95)),
  ];
}

function floorTarget(concurrency: number, oursReturned: number, floorReturned: number, oursSent: number, floorSent: number) {
  const fromReturn = floorReturned > 0;
  const judged = fromReturn ? oursReturned / floorReturned : oursSent / floorSent;
  return {
    target: `approval round trip p50 ≤ ${FLOOR_RATIO_TARGET}× Temporal's floor at ${concurrency} concurrent`,
    observed:
      `from return ${milliseconds(oursReturned)} against ${milliseconds(floorReturned)} (${milliseconds(oursReturned - floorReturned)} more${fromReturn ? `, ${ratio(judged)}` : '; floor ≤ 0, no ratio'}); ` +
      `from sent ${milliseconds(oursSent)} against ${milliseconds(floorSent)}: ${ratio(oursSent / floorSent)}; judged ${fromReturn ? 'from return' : 'from sent'}`,
    met: judged <= FLOOR_RATIO_TARGET,
  };
}

/** From decideApproval being sent and returning to the deploy stage's first activity starting, per run, read from each run's history. */
async function approvalLatencies(harness: Harness, runs: RunOutcome[]): Promise<RoundTrip[]> {
  const latencies: RoundTrip[] = [];
  for (const run of runs) {
    const started = deployStageStartedAt(await harness.temporal.workflow.getHandle(run.workflowId).fetchHistory());
    latencies.push({ fromSent: started - run.decisionSentAt, fromReturned: started - run.decidedAt });
  }
  return latencies;
}

/** Per stage: how long it ran, and the gap since the stage before it ended (what orchestration adds between stages). */
function stageTimings(runs: RunOutcome[]) {
  const byStage = new Map<string, { durations: number[]; gaps: number[] }>();
  for (const run of runs) {
    let previousEnd: number | null = null;
    for (const stage of run.stages) {
      if (!stage.startedAt || !stage.finishedAt) continue;
      const start = Date.parse(stage.startedAt);
      const end = Date.parse(stage.finishedAt);
      const timing = byStage.get(stage.name) ?? { durations: [], gaps: [] };
      timing.durations.push(end - start);
      if (previousEnd !== null) timing.gaps.push(start - previousEnd);
      byStage.set(stage.name, timing);
      previousEnd = end;
    }
  }
  return [...byStage].map(([stage, { durations, gaps }]) => ({ stage, durations, gaps }));
}

export const orchestrationBenchmark: Benchmark = {
  name: 'orchestration',
  description: '100 concurrent pipelines on the Temporal dev server (trivial training, approval, deploy): wall time, per-stage overhead, approval round trip against Temporal\'s floor at 1 and 100',
  async run({ quick, log }): Promise<BenchmarkReport> {
    const pipelines = quick ? 10 : 100;
    log('orchestration: starting Postgres, Temporal, workers and the API');
    const services = await startBenchServices();
    let floor: Awaited<ReturnType<typeof startApprovalFloor>> | undefined;
    try {
      const { harness } = services;
      const registered = await harness.gql(`mutation R($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`, {
        input: { name: 'bench-weather', uri: path.join(SAMPLE_DATA, 'seattle-weather.csv') },
      });
      const datasetVersionId = registered.data!.registerDataset.id as string;
      floor = await startApprovalFloor(harness.config, harness.temporal);
      const singles = quick ? 2 : 10;
      log(`orchestration: ${singles} pipelines one at a time, then Temporal's floor one at a time`);
      const singleRuns: RunOutcome[] = [];
      for (let i = 0; i < singles; i += 1) singleRuns.push(await release(harness, datasetVersionId, pipelines + i));
      const singleTrips = await approvalLatencies(harness, singleRuns);
      const floorSingle = await floor.measure(1, quick ? 5 : 20);
      log(`orchestration: ${pipelines} concurrent pipelines`);
      const settled = await Promise.allSettled(Array.from({ length: pipelines }, (_, i) => release(harness, datasetVersionId, i)));
      const runs = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
      const failures = settled.flatMap((outcome) => (outcome.status === 'rejected' ? [String(outcome.reason)] : []));
      const succeeded = runs.filter((run) => run.status === 'SUCCEEDED').length;
      const wallMs = Math.max(...runs.map((run) => run.finishedAt)) - Math.min(...runs.map((run) => run.startedAt));
      const trips = await approvalLatencies(harness, runs);
      const latencies = trips.map((trip) => trip.fromReturned);
      log(`orchestration: Temporal's floor, ${pipelines} at once`);
      const floorConcurrent = await floor.measure(pipelines, 1);
      const sent = (values: RoundTrip[]) => values.map((trip) => trip.fromSent);
      const returned = (values: RoundTrip[]) => values.map((trip) => trip.fromReturned);
      const floorRows = [
        { concurrency: 1, ours: sent(singleTrips), floor: sent(floorSingle), oursReturned: returned(singleTrips), floorReturned: returned(floorSingle) },
        { concurrency: pipelines, ours: sent(trips), floor: sent(floorConcurrent), oursReturned: returned(trips), floorReturned: returned(floorConcurrent) },
      ];
      const stages = stageTimings(runs);
      const p50 = percentile(latencies, 0.5);
      const p99 = percentile(latencies, 0.99);
      return {
        name: 'orchestration',
        tables: [
          {
            title: `Orchestration: ${pipelines} concurrent pipelines (validate, train, evaluate, register, approve, deploy), one in-process worker`,
            columns: ['measure', 'value'],
            rows: [
              ['pipelines succeeded', `${succeeded} of ${pipelines}`],
              ['wall time, first start to last finish', milliseconds(wallMs)],
              ['approval gates measured', count(latencies.length)],
              ['approval latency p50 (decideApproval returned → deploy activity started)', milliseconds(p50)],
              ['approval latency p99', milliseconds(p99)],
              ['approval latency max', milliseconds(Math.max(...latencies))],
            ],
          },
          {
            title: "Approval round trip against Temporal's floor on the same server: decideApproval returned (floor: the update returned) → next stage's first activity started",
            columns: ['concurrent', 'ours p50', 'floor p50', 'ours − floor p50', 'ours/floor p50', 'ours p95', 'floor p95', 'samples ours / floor'],
            rows: floorRows.map((row) => [...roundTripCells(row.concurrency, row.oursReturned, row.floorReturned), `${row.ours.length} / ${row.floor.length}`]),
          },
          {
            title: 'The same round trip from decideApproval being sent (floor: the update sent), which includes the decideApproval call itself',
            columns: ['concurrent', 'ours p50', 'floor p50', 'ours − floor p50', 'ours/floor p50', 'ours p95', 'floor p95', 'decideApproval call p50'],
            rows: floorRows.map((row) => [
              ...roundTripCells(row.concurrency, row.ours, row.floor),
              milliseconds(p50Of(row.ours.map((sent, i) => sent - row.oursReturned[i]))),
            ]),
          },
          {
            title: 'Stages: how long each ran, and the gap before it after the previous stage ended (stage records)',
            columns: ['stage', 'runs', 'p50', 'p95', 'gap before p50', 'gap before p95'],
            rows: stages.map(({ stage, durations, gaps }) => [
              stage,
              count(durations.length),
              milliseconds(percentile(durations, 0.5)),
              milliseconds(percentile(durations, 0.95)),
              gaps.length ? milliseconds(percentile(gaps, 0.5)) : '–',
              gaps.length ? milliseconds(percentile(gaps, 0.95)) : '–',
            ]),
          },
        ],
        targets: [
          { target: `all ${pipelines} pipelines complete`, observed: `${succeeded} SUCCEEDED${failures.length ? `, ${failures.length} failed` : ''}`, met: succeeded === pipelines },
          ...floorRows.map((row) => floorTarget(row.concurrency, p50Of(row.oursReturned), p50Of(row.floorReturned), p50Of(row.ours), p50Of(row.floor))),
          {
            target: `approval latency p50 ≤ ${P50_TARGET_MS} ms over ≥ ${MIN_GATES} gates`,
            observed: `${milliseconds(p50)} over ${latencies.length} gates`,
            met: p50 <= P50_TARGET_MS && latencies.length >= (quick ? 1 : MIN_GATES),
          },
          {
            target: `approval latency p99 ≤ ${P99_TARGET_MS} ms over ≥ ${MIN_GATES} gates`,
            observed: `${milliseconds(p99)} over ${latencies.length} gates`,
            met: p99 <= P99_TARGET_MS && latencies.length >= (quick ? 1 : MIN_GATES),
          },
        ],
        notes: [
          'each gate is approved as soon as the bench sees it (polling every 500 ms), so decisions arrive while other pipelines still train and evaluate: the latency is measured under that load',
          'the workers, the API and the bench client share one Node process; Postgres and the Temporal dev server run beside it',
          "the floor is a bare workflow that waits for an update and then schedules one activity, on its own task queue and worker in the same process and server; at 1 it runs one at a time after the single pipelines, at the higher concurrency all its workflows are decided at once after the concurrent pipelines finished",
          'ours at 1: pipelines run one at a time before the concurrent batch, each decided as soon as its gate opens',
          "the issue's measure is from decideApproval returning; the floor's is then about zero or below (the bare workflow schedules its activity in the same workflow task that completes the update, and the activity can start before the update's reply reaches the client), and no multiple of a floor at or below zero is a bound: the gap in milliseconds is reported, and the target is judged from the decision being sent instead, which also charges the decideApproval call to ours",
          ...failures.map((failure) => `failed: ${failure}`),
        ],
        measurements: { pipelines, succeeded, wallMs, approvalLatenciesMs: latencies, approvalRoundTripsMs: trips, singleApprovalRoundTripsMs: singleTrips, floorSingleMs: floorSingle, floorConcurrentMs: floorConcurrent, stages, failures },
      };
    } finally {
      await floor?.stop();
      await services.stop();
    }
  },
};
