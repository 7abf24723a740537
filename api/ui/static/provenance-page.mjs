// A model version's provenance, section by section: what it was made from and with,
// how it was judged, who let it through, where it ran and what happened since. Each
// fact lists the audit events that record it.

import { badge, facts, h, notice, number, pageHeading, shortId, table, time } from './dom.mjs';
import { fetchDriftReportPage, graphql } from './graphql.mjs';
import { qualityChecksTable } from './quality-checks.mjs';
import { runLink } from './runs-page.mjs';
import { versionPicker } from './version-picker.mjs';

export const title = 'Provenance';

const PROVENANCE = `
  query Provenance($id: ID!) {
    provenance(modelVersionId: $id) {
      modelVersion { id modelName version artifactSha256 registeredAt auditEventIds }
      data { datasetVersionId datasetName version contentSha256 rowCount format sourceUri registeredBy registeredAt usedAs auditEventIds }
      pipelineRun { id workflowId status requestedBy startedAt finishedAt auditEventIds }
      code { trainer trainerVersion gitCommit nodeVersion onnxruntimeVersion provenantVersion auditEventIds }
      parameters {
        hyperparameters { name value } requestedHyperparameters { name value } seed testFraction crossValidationFolds
        tuning { strategy objectiveMetric objectiveGoal maxTrials trials succeededTrials failedTrials bestValue }
        auditEventIds
      }
      validation { reportId status failingChecks { name column message } warningChecks { name column message } auditEventIds }
      evaluation {
        reportId testRowCount metrics { name value } qualityChecksPassed qualityChecks { check passed message }
        champion { championVersion metrics { metric candidate champion delta } } championSkipped auditEventIds
      }
      approvalGates {
        id environment status policy policyVersion requiredApprovals requestedBy openedAt closedAt auditEventIds
        decisions { actor decision comment channel decidedAt auditEventIds }
      }
      deployments { id environment kind status triggeredBy reason previousVersion startedAt finishedAt auditEventIds breakGlass { id } }
      breakGlass { id operation environment status reason missing requestedBy requestedAt confirmedBy confirmedAt auditEventIds }
      aliasMoves { alias fromVersion toVersion actor reason at auditEventIds }
      driftReports { id createdAt environment datasetDrift driftShare retrainingRunId auditEventIds }
      retrainingRuns { id driftReportId workflowId status requestedBy startedAt finishedAt modelVersionId auditEventIds }
    }
  }`;

/** The audit events behind a fact, folded away: most readers want the fact, auditors the ids. */
function audit(ids) {
  if (ids.length === 0) return h('span', { class: 'muted' }, 'no audit event');
  return h('details', { class: 'audit' }, h('summary', {}, `${ids.length} audit event${ids.length === 1 ? '' : 's'}`), h('ul', {}, ids.map((id) => h('li', {}, h('code', {}, id)))));
}

function section(heading, ...content) {
  return h('section', { 'aria-label': heading }, h('h2', {}, heading), ...content);
}

function namedNumbers(pairs) {
  return table([['Name', (pair) => pair.name], ['Value', (pair) => number(pair.value)]], pairs);
}

export async function render(view, modelVersionId, { signal }) {
  view.append(pageHeading(modelVersionId ? 'Provenance' : 'Provenance: choose a model version'));
  if (!modelVersionId) {
    view.append(await versionPicker((version) => `#/provenance/${version.id}`, signal));
    return;
  }
  const { provenance: p } = await graphql(PROVENANCE, { id: modelVersionId }, { signal });
  const version = p.modelVersion;
  view.querySelector('h1').textContent = `Provenance of ${version.modelName} v${version.version}`;
  view.append(
    section(
      'Model version',
      facts([
        ['Model', `${version.modelName} v${version.version}`],
        ['ONNX file (sha256)', h('code', {}, version.artifactSha256)],
        ['Registered', time(version.registeredAt)],
        ['Lineage', h('a', { href: `#/lineage/${version.id}` }, 'as a picture')],
        ['Recorded by', audit(version.auditEventIds)],
      ]),
    ),
    section(
      'Data',
      table(
        [
          ['Dataset', (d) => `${d.datasetName} v${d.version}`],
          ['Used as', (d) => d.usedAs.join(', ').toLowerCase().replace(/_/g, ' ')],
          ['Rows', (d) => number(d.rowCount)],
          ['Format', (d) => d.format],
          ['Content (sha256)', (d) => shortId(d.contentSha256)],
          ['Registered', (d) => [d.registeredBy, ', ', time(d.registeredAt)]],
          ['Audit', (d) => audit(d.auditEventIds)],
        ],
        p.data,
      ),
    ),
    section(
      'Pipeline run',
      p.pipelineRun
        ? facts([
            ['Run', runLink(p.pipelineRun.workflowId)],
            ['Status', badge(p.pipelineRun.status)],
            ['Requested by', p.pipelineRun.requestedBy],
            ['Started', time(p.pipelineRun.startedAt)],
            ['Finished', time(p.pipelineRun.finishedAt)],
            ['Recorded by', audit(p.pipelineRun.auditEventIds)],
          ])
        : h('p', { class: 'muted' }, 'No pipeline run is recorded for this version.'),
    ),
    section(
      'Code',
      p.code
        ? facts([
            ['Trainer', `${p.code.trainer} ${p.code.trainerVersion}`],
            ['Git commit', p.code.gitCommit ? h('code', {}, p.code.gitCommit) : null],
            ['Node.js', p.code.nodeVersion],
            ['onnxruntime', p.code.onnxruntimeVersion],
            ['Provenant', p.code.provenantVersion],
            ['Recorded by', audit(p.code.auditEventIds)],
          ])
        : h('p', { class: 'muted' }, 'This version was registered before reproducibility records existed.'),
    ),
    section('Parameters', ...parameters(p.parameters)),
    section('Validation', ...validation(p.validation)),
    section('Evaluation', ...evaluation(p.evaluation)),
    section('Approval gates and decisions', ...p.approvalGates.map(gate), p.approvalGates.length === 0 ? h('p', { class: 'muted' }, 'No approval was requested for this version.') : null),
    section(
      'Deployments',
      table(
        [
          ['Environment', (d) => d.environment],
          ['Kind', (d) => [d.kind, d.breakGlass ? [' ', breakGlassFlag()] : null]],
          ['Status', (d) => badge(d.status)],
          ['Triggered by', (d) => d.triggeredBy],
          ['Replaced', (d) => (d.previousVersion === null ? '—' : `v${d.previousVersion}`)],
          ['Reason', (d) => d.reason ?? '—'],
          ['Started', (d) => time(d.startedAt)],
          ['Finished', (d) => time(d.finishedAt)],
          ['Audit', (d) => audit(d.auditEventIds)],
        ],
        p.deployments,
        { empty: 'Never deployed.' },
      ),
    ),
    section(
      'Break-glass',
      p.breakGlass.length > 0
        ? h(
            'p',
            { class: 'notice notice-error', role: 'note' },
            `This version went past the release guard: ${p.breakGlass.length === 1 ? 'an operation' : `${p.breakGlass.length} operations`} without an approved gate, each asked for by one admin and confirmed by another.`,
          )
        : null,
      table(
        [
          ['Operation', (b) => [breakGlassFlag(), ' ', `${b.operation.toLowerCase().replace('_', ' ')} in ${b.environment}`]],
          ['Status', (b) => badge(b.status)],
          ['Reason', (b) => h('span', { class: 'break-glass-reason' }, b.reason)],
          ['Missing', (b) => b.missing],
          ['Asked by', (b) => [b.requestedBy, ', ', time(b.requestedAt)]],
          ['Confirmed by', (b) => (b.confirmedBy ? [b.confirmedBy, ', ', time(b.confirmedAt)] : '—')],
          ['Audit', (b) => audit(b.auditEventIds)],
        ],
        p.breakGlass,
        { empty: 'Every change of traffic went through an approved gate.' },
      ),
    ),
    section(
      'Alias moves',
      table(
        [
          ['Alias', (m) => m.alias],
          ['Move', (m) => `${m.fromVersion === null ? '—' : `v${m.fromVersion}`} → ${m.toVersion === null ? 'removed' : `v${m.toVersion}`}`],
          ['By', (m) => m.actor],
          ['Reason', (m) => m.reason],
          ['At', (m) => time(m.at)],
          ['Audit', (m) => audit(m.auditEventIds)],
        ],
        p.aliasMoves,
        { empty: 'No alias has pointed at this version.' },
      ),
    ),
    section(
      'Drift reports',
      p.driftReports.length > 0
        ? h('p', { class: 'hint' }, 'A report page needs your token, which a plain link cannot send: “Save report” fetches it with your token and saves it as an HTML file to open.')
        : null,
      table(
        [
          ['Scanned', (r) => time(r.createdAt)],
          ['Environment', (r) => r.environment ?? 'dataset versions'],
          ['Dataset drift', (r) => badge(r.datasetDrift ? 'DRIFTED' : 'NO_DRIFT')],
          ['Drifted columns', (r) => `${number(r.driftShare * 100)}%`],
          ['Retraining run', (r) => (r.retrainingRunId ? shortId(r.retrainingRunId) : '—')],
          ['Report', (r) => saveReportButton(r.id, signal)],
          ['Audit', (r) => audit(r.auditEventIds)],
        ],
        p.driftReports,
        { empty: 'No drift scan of this version yet.' },
      ),
    ),
    section(
      'Retraining runs',
      table(
        [
          ['Run', (r) => runLink(r.workflowId)],
          ['Status', (r) => badge(r.status)],
          ['Requested by', (r) => r.requestedBy],
          ['Started', (r) => time(r.startedAt)],
          ['New version', (r) => (r.modelVersionId ? h('a', { href: `#/provenance/${r.modelVersionId}` }, 'provenance') : '—')],
          ['Audit', (r) => audit(r.auditEventIds)],
        ],
        p.retrainingRuns,
        { empty: 'Drift has not caused any retraining of this version.' },
      ),
    ),
  );
}

function parameters(params) {
  if (!params) return [h('p', { class: 'muted' }, 'No parameters are recorded for this version.')];
  const tuning = params.tuning;
  return [
    facts([
      ['Seed', params.seed],
      ['Test fraction', number(params.testFraction)],
      ['Cross-validation folds', params.crossValidationFolds ?? 'none'],
      [
        'Tuning',
        tuning
          ? `${tuning.strategy}: ${tuning.trials} of ${tuning.maxTrials} trials (${tuning.succeededTrials} succeeded, ${tuning.failedTrials} failed), ${tuning.objectiveGoal.toLowerCase()} ${tuning.objectiveMetric}, best ${number(tuning.bestValue)}`
          : 'none',
      ],
      ['Recorded by', audit(params.auditEventIds)],
    ]),
    h('h3', {}, 'Hyperparameters trained with'),
    namedNumbers(params.hyperparameters),
    h('h3', {}, 'Hyperparameters requested'),
    namedNumbers(params.requestedHyperparameters),
  ];
}

function validation(report) {
  if (!report) return [h('p', { class: 'muted' }, 'No validation report is recorded for this version.')];
  const checks = [...report.failingChecks.map((c) => ({ ...c, status: 'FAIL' })), ...report.warningChecks.map((c) => ({ ...c, status: 'WARN' }))];
  return [
    facts([
      ['Status', badge(report.status)],
      ['Recorded by', audit(report.auditEventIds)],
    ]),
    table(
      [
        ['Check', (c) => c.name],
        ['Column', (c) => c.column ?? '—'],
        ['Status', (c) => badge(c.status)],
        ['Message', (c) => c.message],
      ],
      checks,
      { empty: 'Every check passed.' },
    ),
  ];
}

function evaluation(report) {
  if (!report) return [h('p', { class: 'muted' }, 'This version was registered before evaluation reports existed.')];
  return [
    facts([
      ['Test rows', number(report.testRowCount)],
      ['Quality checks', badge(report.qualityChecksPassed ? 'PASSED' : 'FAILED')],
      ['Champion', report.champion ? `compared with v${report.champion.championVersion}` : (report.championSkipped ?? 'no champion to compare with')],
      ['Recorded by', audit(report.auditEventIds)],
    ]),
    h('h3', {}, 'Metrics on the test split'),
    namedNumbers(report.metrics),
    h('h3', {}, 'Quality checks'),
    qualityChecksTable(report.qualityChecks),
    report.champion
      ? [
          h('h3', {}, `Against the champion, v${report.champion.championVersion}`),
          table(
            [
              ['Metric', (m) => m.metric],
              ['This version', (m) => number(m.candidate)],
              ['Champion', (m) => number(m.champion)],
              ['Difference', (m) => number(m.delta)],
            ],
            report.champion.metrics,
          ),
        ]
      : null,
  ];
}

/** The mark of an operation that bypassed the release guard. */
function breakGlassFlag() {
  return h('span', { class: 'badge status-break_glass', title: 'went past the release guard: two admins agreed without an approved gate' }, 'BREAK-GLASS');
}

function gate(g) {
  return h(
    'article',
    { class: 'gate', 'data-gate-id': g.id },
    h('h3', {}, `${g.environment} approval `, badge(g.status)),
    facts([
      ['Policy', g.policy ? `${g.policy}${g.policyVersion ? ` (v${g.policyVersion})` : ''}` : 'none'],
      ['Requested by', g.requestedBy],
      ['Approvals needed', g.requiredApprovals],
      ['Opened', time(g.openedAt)],
      ['Closed', time(g.closedAt)],
      ['Recorded by', audit(g.auditEventIds)],
    ]),
    table(
      [
        ['Decision', (d) => badge(d.decision)],
        ['By', (d) => h('span', { class: 'decision-actor' }, d.actor)],
        ['Comment', (d) => d.comment ?? '—'],
        ['Through', (d) => d.channel],
        ['At', (d) => time(d.decidedAt)],
        ['Audit', (d) => audit(d.auditEventIds)],
      ],
      g.decisions,
      { empty: 'Nobody has decided yet.' },
    ),
  );
}

function saveReportButton(reportId, signal) {
  const outcome = h('span', { class: 'outcome' });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: async () => {
        button.disabled = true;
        try {
          const page = await fetchDriftReportPage(reportId, { signal });
          const link = h('a', { href: URL.createObjectURL(page), download: `drift-report-${reportId}.html` });
          link.click();
          // The download reads the blob after this handler returns; free it once that is surely done.
          setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
          outcome.replaceChildren(notice('success', 'Saved.'));
        } catch (error) {
          outcome.replaceChildren(notice('error', error.message));
        } finally {
          button.disabled = false;
        }
      },
    },
    'Save report',
  );
  return [button, outcome];
}
