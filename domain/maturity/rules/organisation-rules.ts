import type { ElementRule } from '../element-rule';
import type { DeployedRoute, MaturityMeasurements } from '../measurements';
import { APPROVALS_PER_GATE_KAIZEN, BUSIEST_APPROVER_SHARE_KAIZEN, DISTINCT_APPROVERS_AUTOMATED } from '../thresholds';
import { count, lastWeeks, listOf, ofTotal, percent, ratio, routeName, shareOf, sumOf } from '../wording';

const busiestShare = (m: MaturityMeasurements) => shareOf(m.approvals.approvers[0]?.decisions ?? 0, m.approvals.decisions);
const gates = (m: MaturityMeasurements) => m.approvals.requiredApprovalsPerGate.length;
const gatesBelowQuorum = (m: MaturityMeasurements) => m.approvals.requiredApprovalsPerGate.filter((required) => required < APPROVALS_PER_GATE_KAIZEN).length;
const traceableRoutes = (m: MaturityMeasurements) => m.routes.filter((route) => provenanceGaps(route).length === 0);

/** What a deployed version's provenance lacks, in words. */
function provenanceGaps(route: DeployedRoute): string[] {
  return [
    ...(route.validated ? [] : ['its run has no validation report']),
    ...(route.reproducible ? [] : ['its run has no complete reproducibility record']),
    ...(route.approved ? [] : ['no approval gate approved it (promoted by an operator)']),
  ];
}

export const ORGANISATION_RULES: ElementRule[] = [
  {
    key: 'organisation.separation-of-duties',
    dimension: 'ORGANISATION',
    element: 'Separation of duties',
    evidence: (m) => [
      count('approvalDecisions', m.approvals.decisions, `${m.approvals.decisions} approval decisions`, 'WINDOW'),
      ratio('decisionsByOthers', m.approvals.decisionsByOthers, m.approvals.decisions, 'decisions by someone other than the person who started the run', 'WINDOW'),
      ratio('gatesWithSeveralApprovals', gates(m) - gatesBelowQuorum(m), gates(m), `gates asking for at least ${APPROVALS_PER_GATE_KAIZEN} approvals`, 'WINDOW'),
    ],
    ladder: [
      {
        stage: 'DATA_OPS',
        requirement: 'Who did what is recorded: every run names the person who started it.',
        missing: (m) => (sumOf(m.modelRuns, (r) => r.runs) > 0 ? [] : [`no pipeline run ${lastWeeks(m)}`]),
      },
      {
        stage: 'MANUAL_MLOPS',
        requirement: 'A second person approves a model before it is released.',
        missing: (m) =>
          m.approvals.decisions > 0
            ? []
            : [`no approval decision ${lastWeeks(m)}: ask for deployment (deploy in startModelPipeline) so an approver other than the requester decides`],
      },
      {
        stage: 'AUTOMATED_MLOPS',
        requirement: 'The platform, not a convention, enforces it: nobody decides the gate of a run they started. Provenant refuses such decisions, so this holds whenever decisions exist.',
        missing: (m) => {
          const own = m.approvals.decisions - m.approvals.decisionsByOthers;
          return own === 0 ? [] : [`decisions ${lastWeeks(m)} made by the person who started the run: ${own}`];
        },
      },
      {
        stage: 'KAIZEN',
        requirement: `Every gate asks for at least ${APPROVALS_PER_GATE_KAIZEN} approvals, so no single reviewer releases a model alone.`,
        missing: (m) => {
          if (gates(m) === 0) return [`no approval gate was opened ${lastWeeks(m)}`];
          return gatesBelowQuorum(m) === 0
            ? []
            : [`${ofTotal(gatesBelowQuorum(m), gates(m), 'gates')} ${lastWeeks(m)} asked for fewer than ${APPROVALS_PER_GATE_KAIZEN} approvals: set requiredApprovals to ${APPROVALS_PER_GATE_KAIZEN} or more`];
        },
      },
    ],
  },
  {
    key: 'organisation.shared-review',
    dimension: 'ORGANISATION',
    element: 'Shared review',
    evidence: (m) => [
      count('peopleActing', m.audit.peopleActing, `${m.audit.peopleActing} people acted under their own names`, 'WINDOW'),
      count('approvers', m.approvals.approvers.length, `approvers: ${listOf(m.approvals.approvers.map((a) => `${a.name} (${a.decisions})`)) || 'none'}`, 'WINDOW'),
      count('busiestApproverShare', busiestShare(m), `the busiest approver made ${percent(busiestShare(m))} of the decisions`, 'WINDOW'),
    ],
    ladder: [
      {
        stage: 'DATA_OPS',
        requirement: 'Named people act on the platform, each under their own token.',
        missing: (m) => (m.audit.peopleActing > 0 ? [] : [`nobody acted ${lastWeeks(m)}: give each person a token of their own (PROVENANT_API_TOKENS)`]),
      },
      {
        stage: 'MANUAL_MLOPS',
        requirement: 'Someone reviews models before they are released.',
        missing: (m) => (m.approvals.approvers.length > 0 ? [] : [`nobody decided an approval gate ${lastWeeks(m)}`]),
      },
      {
        stage: 'AUTOMATED_MLOPS',
        requirement: `At least ${DISTINCT_APPROVERS_AUTOMATED} people decide approvals, so no release waits for one person.`,
        missing: (m) =>
          m.approvals.approvers.length >= DISTINCT_APPROVERS_AUTOMATED
            ? []
            : [`${m.approvals.approvers.length} of the ${DISTINCT_APPROVERS_AUTOMATED} approvers needed decided gates ${lastWeeks(m)}: give more people the approver role and name them on gates`],
      },
      {
        stage: 'KAIZEN',
        requirement: `Review is shared: no approver makes more than ${percent(BUSIEST_APPROVER_SHARE_KAIZEN)} of the decisions.`,
        missing: (m) => {
          const [busiest] = m.approvals.approvers;
          return busiestShare(m) <= BUSIEST_APPROVER_SHARE_KAIZEN
            ? []
            : [`${busiest.name} made ${ofTotal(busiest.decisions, m.approvals.decisions, 'decisions')}: spread reviews by naming other approvers on gates`];
        },
      },
    ],
  },
  {
    key: 'organisation.audit-trail',
    dimension: 'ORGANISATION',
    element: 'Audit trail and traceability',
    evidence: (m) => [
      count('auditEvents', m.audit.events, `${m.audit.events} events in the hash-chained audit log`, 'ALL_TIME'),
      count(
        'auditChainVerified',
        m.audit.chainVerified ? 1 : 0,
        m.audit.chainVerified ? 'every event fits the chain (verified incrementally: each call re-hashes the events appended since the last)' : `the chain breaks at sequence ${m.audit.firstInvalidSequence}`,
        'NOW',
      ),
      count('platformActionsAudited', m.audit.platformActions, 'automated steps recorded under a system actor', 'WINDOW'),
      ratio('deployedVersionsTraceable', traceableRoutes(m).length, m.routes.length, 'deployed versions traceable to validated data, a reproducible run and an approval', 'NOW'),
    ],
    ladder: [
      {
        stage: 'DATA_OPS',
        requirement: 'Changes are written to an audit log.',
        missing: (m) => (m.audit.events > 0 ? [] : ['the audit log is empty: every change made through Provenant is recorded there']),
      },
      {
        stage: 'MANUAL_MLOPS',
        requirement: 'The audit log is tamper-evident and verifies from its first event to its last.',
        missing: (m) =>
          m.audit.chainVerified
            ? []
            : [`the audit hash chain breaks at sequence ${m.audit.firstInvalidSequence}: compare with an earlier export (exportAuditLog) to find what changed`],
      },
      {
        stage: 'AUTOMATED_MLOPS',
        requirement: 'Automated steps are audited like people’s, under the platform’s own actor names.',
        missing: (m) => (m.audit.platformActions > 0 ? [] : [`no automated step was audited ${lastWeeks(m)}: run a pipeline, whose stages record their work`]),
      },
      {
        stage: 'KAIZEN',
        requirement: 'Every deployed version traces back to validated data, a reproducible run and an approval.',
        missing: (m) => {
          if (m.routes.length === 0) return ['no model is deployed, so no release has been traced end to end'];
          return m.routes
            .filter((route) => provenanceGaps(route).length > 0)
            .map((route) => `${routeName(route)} v${route.version}: ${provenanceGaps(route).join('; ')}`);
        },
      },
    ],
  },
];
