import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PIPELINE_STATUSES } from '../../domain/pipeline';
import { importBrowserModule } from './browser-module';

interface Stage {
  name: string;
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
}
interface StageTimelineModule {
  stageTimeline(stages: Stage[], now: number): { start: number; end: number; bars: ({ offset: number; width: number; durationMs: number } | null)[] };
  formatDuration(ms: number): string;
  isRunFinished(status: string): boolean;
}

const load = () => importBrowserModule<StageTimelineModule>('stage-timeline.mjs');
const T0 = Date.parse('2025-03-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const stage = (name: string, status: string, start: number | null, finish: number | null): Stage => ({
  name,
  status,
  startedAt: start === null ? null : at(start),
  finishedAt: finish === null ? null : at(finish),
});

test('places finished, running and pending stages on one axis that ends now', async () => {
  const { stageTimeline } = await load();
  const timeline = stageTimeline(
    [stage('validate', 'SUCCEEDED', 0, 1000), stage('train', 'SUCCEEDED', 1000, 4000), stage('evaluate', 'RUNNING', 4000, null), stage('deploy', 'PENDING', null, null)],
    T0 + 5000,
  );
  assert.deepEqual(timeline, {
    start: T0,
    end: T0 + 5000,
    bars: [{ offset: 0, width: 20, durationMs: 1000 }, { offset: 20, width: 60, durationMs: 3000 }, { offset: 80, width: 20, durationMs: 1000 }, null],
  });
});

test('an instant stage keeps a visible sliver inside the track', async () => {
  const { stageTimeline } = await load();
  const { bars } = stageTimeline([stage('register', 'SUCCEEDED', 0, 1000), stage('approve', 'SUCCEEDED', 1000, 1000)], T0 + 1000);
  assert.deepEqual(bars[1], { offset: 99.5, width: 0.5, durationMs: 0 });
  const single = stageTimeline([stage('validate', 'SUCCEEDED', 0, 0)], T0 + 9000);
  assert.deepEqual(single.bars, [{ offset: 0, width: 100, durationMs: 0 }]);
});

test('a run that has not started has no bars', async () => {
  const { stageTimeline } = await load();
  assert.deepEqual(stageTimeline([stage('validate', 'PENDING', null, null)], T0), { start: T0, end: T0, bars: [null] });
});

test('says durations the way people do', async () => {
  const { formatDuration } = await load();
  assert.deepEqual([850, 12_400, 185_000, 7_800_000].map(formatDuration), ['850 ms', '12.4 s', '3 min 5 s', '2 h 10 min']);
});

test('keeps refreshing only runs that can still change, for every status a run can have', async () => {
  const { isRunFinished } = await load();
  const moving = PIPELINE_STATUSES.filter((status) => !isRunFinished(status));
  assert.deepEqual(moving, ['RUNNING', 'AWAITING_APPROVAL', 'DEPLOYING']);
});
