// Pipeline runs: the newest first, and one run's stages on a timeline that refreshes
// until the run has finished.

import { badge, facts, h, notice, pageHeading, table, time } from './dom.mjs';
import { graphql } from './graphql.mjs';
import { formatDuration, isRunFinished, stageTimeline } from './stage-timeline.mjs';

export const title = 'Pipeline runs';

const PAGE_SIZE = 20;
const REFRESH_MS = 1500;

const RUNS = `
  query Runs($first: Int!, $after: String) {
    pipelineRuns(first: $first, after: $after) {
      edges { node { workflowId modelName status currentStage requestedBy createdAt finishedAt } }
      pageInfo { endCursor hasNextPage }
    }
  }`;

const RUN = `
  query Run($workflowId: String!) {
    pipelineRun(workflowId: $workflowId) {
      workflowId modelName status currentStage error requestedBy createdAt finishedAt temporalUiUrl
      stages { name status attempts startedAt finishedAt error }
      modelVersion { id version }
      approvalGate { id status environment }
    }
  }`;

export function runLink(workflowId, text = workflowId) {
  return h('a', { href: `#/runs/${encodeURIComponent(workflowId)}` }, text);
}

export async function render(view, workflowId, { signal }) {
  if (workflowId) await renderRun(view, workflowId, signal);
  else await renderList(view, signal);
}

async function renderList(view, signal) {
  const rows = h('div', { class: 'run-list' });
  const more = h('div');
  view.append(pageHeading('Pipeline runs'), rows, more);
  const load = async (after) => {
    const { pipelineRuns } = await graphql(RUNS, { first: PAGE_SIZE, after }, { signal });
    const runs = pipelineRuns.edges.map((edge) => edge.node);
    rows.append(
      table(
        [
          ['Run', (run) => runLink(run.workflowId, run.modelName)],
          ['Status', (run) => badge(run.status)],
          ['Stage', (run) => run.currentStage],
          ['Requested by', (run) => run.requestedBy],
          ['Started', (run) => time(run.createdAt)],
          ['Finished', (run) => time(run.finishedAt)],
        ],
        runs,
        { empty: after ? 'No more runs.' : 'No pipeline runs yet: start one with the startModelPipeline mutation.' },
      ),
    );
    more.replaceChildren();
    const { hasNextPage, endCursor } = pipelineRuns.pageInfo;
    if (hasNextPage) more.append(h('button', { type: 'button', onclick: () => load(endCursor).catch((error) => more.replaceChildren(notice('error', error.message))) }, 'Show older runs'));
  };
  await load(null);
}

async function renderRun(view, workflowId, signal) {
  const summary = h('div', { class: 'run-summary' });
  const stages = h('div', { class: 'run-stages' });
  view.append(h('p', { class: 'crumbs' }, h('a', { href: '#/runs' }, 'All runs')), pageHeading(`Run ${workflowId}`), summary, h('h2', {}, 'Stages'), stages);
  let shown = '';
  for (;;) {
    const { pipelineRun: run } = await graphql(RUN, { workflowId }, { signal });
    if (signal.aborted) return;
    // The summary holds links: redrawn only when the run changed, so focus stays where it is.
    const seen = JSON.stringify(run);
    if (seen !== shown) {
      shown = seen;
      summary.replaceChildren(runSummary(run));
    }
    // The stages hold nothing to focus, and a running stage's bar grows with the clock.
    const finished = isRunFinished(run.status);
    stages.replaceChildren(stageList(run.stages, finished ? Date.parse(run.finishedAt ?? run.createdAt) : Date.now()));
    if (finished) return;
    await new Promise((resolve) => setTimeout(resolve, REFRESH_MS));
    if (signal.aborted) return;
  }
}

function runSummary(run) {
  const version = run.modelVersion;
  const gate = run.approvalGate;
  return facts([
    ['Model', run.modelName],
    ['Status', h('span', { 'data-testid': 'run-status' }, badge(run.status))],
    ['Current stage', run.currentStage],
    ['Requested by', run.requestedBy],
    ['Started', time(run.createdAt)],
    ['Finished', time(run.finishedAt)],
    run.error ? ['Error', h('span', { class: 'error-text' }, run.error)] : null,
    version
      ? ['Model version', [`v${version.version} · `, h('a', { href: `#/provenance/${version.id}` }, 'provenance'), ' · ', h('a', { href: `#/lineage/${version.id}` }, 'lineage')]]
      : null,
    ['Temporal', h('a', { href: run.temporalUiUrl, target: '_blank', rel: 'noreferrer', 'data-testid': 'temporal-link' }, 'the workflow in the Temporal UI (activities, attempts, inputs, errors)')],
    gate ? ['Approval gate', [badge(gate.status), ` ${gate.environment} · `, h('a', { href: '#/approvals' }, 'approval queue')]] : null,
  ]);
}

function stageList(stages, now) {
  const { bars } = stageTimeline(stages, now);
  return h(
    'ol',
    { class: 'timeline' },
    stages.map((stage, i) => {
      const bar = bars[i];
      const track = h('div', { class: 'track', 'aria-hidden': 'true' });
      if (bar) {
        const fill = h('div', { class: `bar status-${stage.status.toLowerCase()}` });
        // Set through the style object: the page's policy forbids inline style attributes.
        fill.style.marginLeft = `${bar.offset}%`;
        fill.style.width = `${bar.width}%`;
        track.append(fill);
      }
      return h(
        'li',
        { class: 'stage', 'data-stage': stage.name, 'data-status': stage.status },
        h('div', { class: 'stage-head' }, h('h3', {}, stage.name), badge(stage.status)),
        track,
        h(
          'p',
          { class: 'stage-times' },
          stage.startedAt ? ['started ', time(stage.startedAt)] : 'not started',
          stage.finishedAt ? [' · finished ', time(stage.finishedAt)] : null,
          bar ? ` · ${formatDuration(bar.durationMs)}` : null,
          stage.attempts > 0 ? ` · ${stage.attempts} ${stage.attempts === 1 ? 'attempt' : 'attempts (retried)'}` : null,
        ),
        stage.error ? h('p', { class: 'error-text' }, stage.error) : null,
      );
    }),
  );
}
