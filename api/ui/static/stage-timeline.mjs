// Where each stage's bar sits on a run's timeline. Pure: no DOM, so node's test runner
// imports this very file (api/ui/stage-timeline.test.ts).

/** Stage and run statuses that will not change any more; anything else is still moving. */
export const FINISHED_RUN_STATUSES = Object.freeze(['SUCCEEDED', 'FAILED', 'CANCELLED', 'QUALITY_CHECKS_FAILED', 'REJECTED', 'EXPIRED', 'ROLLED_BACK']);

/** Whether a run can still change, so its page keeps refreshing. */
export function isRunFinished(status) {
  return FINISHED_RUN_STATUSES.includes(status);
}

/**
 * Bars on one shared time axis, from the first stage's start to the last finish (or `now`
 * while a stage still runs), as percentages of that span so they scale with the page.
 * A stage that has not started has no bar; a running one reaches `now`. A stage that
 * took no measurable time still gets a sliver, or it would vanish.
 *
 * @param {{name: string, status: string, startedAt: string | null, finishedAt: string | null}[]} stages
 * @param {number} now milliseconds since the epoch
 * @returns {{start: number, end: number, bars: ({offset: number, width: number, durationMs: number} | null)[]}}
 */
export function stageTimeline(stages, now) {
  const MIN_WIDTH = 0.5;
  const spans = stages.map((stage) => {
    if (!stage.startedAt) return null;
    const start = Date.parse(stage.startedAt);
    const end = stage.finishedAt ? Date.parse(stage.finishedAt) : Math.max(start, now);
    return { start, end };
  });
  const started = spans.filter((span) => span !== null);
  if (started.length === 0) return { start: now, end: now, bars: stages.map(() => null) };
  const start = Math.min(...started.map((span) => span.start));
  const end = Math.max(...started.map((span) => span.end));
  const total = end - start;
  return {
    start,
    end,
    bars: spans.map((span) => {
      if (span === null) return null;
      const width = total === 0 ? 100 : ((span.end - span.start) / total) * 100;
      const offset = total === 0 ? 0 : Math.min(((span.start - start) / total) * 100, 100 - MIN_WIDTH);
      return { offset, width: Math.min(Math.max(width, MIN_WIDTH), 100 - offset), durationMs: span.end - span.start };
    }),
  };
}

/**
 * A duration as people say it: `850 ms`, `12.4 s`, `3 min 5 s`, `2 h 10 min`.
 * @param {number} ms
 */
export function formatDuration(ms) {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
