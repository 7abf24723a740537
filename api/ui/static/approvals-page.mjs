// The approval queue: every open gate with the evidence its approvers need, and Approve /
// Reject. The API decides who may decide; a refusal is shown with its reason as it came.

import { badge, facts, h, notice, number, pageHeading, table, time } from './dom.mjs';
import { graphql } from './graphql.mjs';
import { qualityChecksTable } from './quality-checks.mjs';
import { runLink } from './runs-page.mjs';

export const title = 'Approval queue';

const GATES = `
  query PendingGates($first: Int!) {
    approvalGates(status: PENDING, first: $first) {
      edges { node {
        id workflowId subject { kind id title url } policy policyVersion approverRoles policyApprovers excludedApprovers expiresAfter evidenceLinks { label url } modelVersionId pipelineWorkflowId environment status requiredApprovals approvers requestedBy evidence deadline remindedAt createdAt
        decisions { actor decision comment channel decidedAt }
      } }
    }
  }`;

const DECIDE = `
  mutation Decide($input: DecideApprovalInput!) {
    decideApproval(input: $input) { id status decisions { actor decision } }
  }`;

/** Gates shown at once; a longer queue than this is a process problem, not a paging one. */
const QUEUE_SIZE = 100;

export async function render(view, _argument, { signal }) {
  const outcome = h('div', { class: 'outcome' });
  const queue = h('div', { class: 'queue' });
  // The decision's answer comes from the workflow; the stored gate closes a moment later,
  // so a gate this page saw close is left out even while the list still says PENDING.
  const closedHere = new Set();
  const reload = async () => {
    const { approvalGates } = await graphql(GATES, { first: QUEUE_SIZE }, { signal });
    const gates = approvalGates.edges.map((edge) => edge.node).filter((gate) => !closedHere.has(gate.id));
    queue.replaceChildren(...(gates.length === 0 ? [h('p', { class: 'muted' }, 'No gate is waiting for a decision.')] : gates.map((gate) => gateCard(gate, decided))));
  };
  const decided = async (gate, decision, result) => {
    if (result.status !== 'PENDING') closedHere.add(gate.id);
    const verb = decision === 'APPROVE' ? 'approved' : 'rejected';
    outcome.replaceChildren(notice('success', `You ${verb} ${gateTitle(gate)}: the gate is now ${result.status}.`));
    await reload();
  };
  view.append(
    pageHeading('Approval queue'),
    h('p', { class: 'hint' }, 'Open approval gates, newest first: model releases and whatever other workflows asked approval for. Whoever asked may not decide.'),
    h('button', { type: 'button', class: 'secondary', onclick: () => reload().catch((error) => outcome.replaceChildren(notice('error', error.message))) }, 'Refresh'),
    outcome,
    queue,
  );
  await reload();
}

/** A model release by its model, version and environment; any other subject by its title. */
function gateTitle(gate) {
  const evidence = gate.evidence;
  return evidence ? `${evidence.modelName} v${evidence.version} → ${gate.environment}` : gate.subject.title;
}

function gateCard(gate, decided) {
  const commentId = `comment-${gate.id}`;
  const comment = h('textarea', { id: commentId, name: 'comment', rows: 2 });
  const outcome = h('div', { class: 'outcome' });
  const decide = async (decision, button) => {
    const text = comment.value.trim();
    if (decision === 'REJECT' && !text) {
      outcome.replaceChildren(notice('error', 'A rejection needs a comment: say why, for the requester and the audit log.'));
      comment.focus();
      return;
    }
    button.disabled = true;
    try {
      const { decideApproval } = await graphql(DECIDE, { input: { gateId: gate.id, decision, comment: text || null } });
      await decided(gate, decision, decideApproval);
    } catch (error) {
      outcome.replaceChildren(notice('error', error.message));
    } finally {
      button.disabled = false;
    }
  };
  const approve = h('button', { type: 'button', class: 'approve', onclick: () => decide('APPROVE', approve) }, 'Approve');
  const reject = h('button', { type: 'button', class: 'reject', onclick: () => decide('REJECT', reject) }, 'Reject');
  const approvals = gate.decisions.filter((d) => d.decision === 'APPROVE').length;

  return h(
    'article',
    { class: 'gate', 'data-gate-id': gate.id, 'aria-labelledby': `gate-${gate.id}` },
    h('h2', { id: `gate-${gate.id}` }, gateTitle(gate)),
    facts([
      ['Status', badge(gate.status)],
      ['Requested by', gate.requestedBy],
      ['Approvals', `${approvals} of ${gate.requiredApprovals}`],
      ['Who may decide', gate.approvers.length > 0 ? gate.approvers.join(', ') : 'anyone with the approver or admin role but the requester'],
      ['Deadline', time(gate.deadline)],
      gate.remindedAt ? ['Reminded', time(gate.remindedAt)] : null,
      gate.policy ? ['Policy', policyFacts(gate)] : null,
      ...(gate.evidence ? releaseFacts(gate) : subjectFacts(gate)),
    ]),
    gate.evidenceLinks.length > 0
      ? [h('h3', {}, 'Evidence'), h('ul', {}, ...gate.evidenceLinks.map((link) => h('li', {}, h('a', { href: link.url, rel: 'noopener' }, link.label))))]
      : null,
    gate.evidence ? releaseEvidence(gate.evidence) : null,
    h('h3', {}, 'Decisions so far'),
    table(
      [
        ['Decision', (d) => badge(d.decision)],
        ['By', (d) => d.actor],
        ['Comment', (d) => d.comment ?? '—'],
        ['Through', (d) => d.channel],
        ['At', (d) => time(d.decidedAt)],
      ],
      gate.decisions,
      { empty: 'Nobody has decided yet.' },
    ),
    h(
      'div',
      { class: 'decide', role: 'group', 'aria-label': 'Decision' },
      h('label', { for: commentId }, 'Comment (required to reject)'),
      comment,
      h('div', { class: 'buttons' }, approve, reject),
      outcome,
    ),
  );
}

/** The approval policy as the gate applied it: version, quorum, who may and may never approve, expiry. */
function policyFacts(gate) {
  const mayApprove = [
    ...(gate.approverRoles.length > 0 ? [`the ${gate.approverRoles.map((role) => role.toLowerCase()).join(' or ')} role`] : []),
    ...(gate.policyApprovers.length > 0 ? [gate.policyApprovers.join(', ')] : []),
  ];
  return h(
    'div',
    { class: 'policy' },
    h('strong', {}, gate.policyVersion ? `${gate.policy} (v${gate.policyVersion})` : gate.policy),
    h(
      'ul',
      {},
      h('li', {}, `at least ${gate.requiredApprovals} approval${gate.requiredApprovals === 1 ? '' : 's'}`),
      h('li', {}, `who may approve: ${mayApprove.length > 0 ? mayApprove.join(' or ') : 'anyone with an approver role'}`),
      gate.excludedApprovers.length > 0 ? h('li', {}, `never: ${gate.excludedApprovers.join(', ')}, nor the requester`) : null,
      gate.expiresAfter ? h('li', {}, 'expires after ', gate.expiresAfter, ', at ', time(gate.deadline)) : null,
    ),
  );
}

/** What a model release's approvers check: validation, the run, and the version's pages. */
function releaseFacts(gate) {
  return [
    ['Validation', gate.evidence.validationStatus ? badge(gate.evidence.validationStatus) : '—'],
    ['Run', runLink(gate.pipelineWorkflowId)],
    ['Model version', [h('a', { href: `#/provenance/${gate.modelVersionId}` }, 'provenance'), ' · ', h('a', { href: `#/lineage/${gate.modelVersionId}` }, 'lineage')]],
  ];
}

/** Any other subject: what it is and where to look at it. */
function subjectFacts(gate) {
  const { kind, id, url } = gate.subject;
  return [
    ['Subject', `${kind} ${id}`],
    url ? ['Link', h('a', { href: url, rel: 'noopener' }, url)] : null,
    ['Workflow', gate.workflowId],
  ];
}

/** Metrics against the champion, quality checks, fairness and importance, as the evaluation recorded them. */
function releaseEvidence(evidence) {
  return [
    h('h3', {}, evidence.championVersion === null ? 'Metrics' : `Metrics against the champion, v${evidence.championVersion}`),
    table(
      [
        ['Metric', ([name]) => name],
        ['This version', ([, value]) => number(value)],
        evidence.championMetrics ? ['Champion', ([name]) => number(evidence.championMetrics[name])] : null,
      ].filter(Boolean),
      Object.entries(evidence.metrics),
    ),
    h('h3', {}, 'Quality checks'),
    qualityChecksTable(evidence.qualityChecks),
    evidence.fairness
      ? [h('h3', {}, 'Fairness'), table([['Measure', ([name]) => name], ['Value', ([, value]) => number(value)]], Object.entries(evidence.fairness))]
      : null,
    h('h3', {}, 'Most important features'),
    table(
      [
        ['Feature', (f) => f.feature],
        ['Mean importance', (f) => number(f.mean)],
      ],
      evidence.topFeatures,
      { empty: 'No importance was measured.' },
    ),
  ];
}
