import type { AttestedElement } from '../element-rule';
import type { MaturityMeasurements } from '../measurements';
import { count, listOf, ratio } from '../wording';

/** At least this many approvals per gate is what "no single reviewer releases alone" means in the context shown. */
const SEVERAL_APPROVALS = 2;
const gates = (m: MaturityMeasurements) => m.approvals.requiredApprovalsPerGate.length;

const roles: AttestedElement = {
  key: 'organisation.roles',
  dimension: 'ORGANISATION',
  source: 'ATTESTED',
  element: 'Roles',
  paperElement: 'Roles (no well-defined roles … roles focused on continuous improvement)',
  practiceCodes: ['OG1'],
  unobservable: 'Provenant knows each token’s role (viewer, engineer, approver, ops, admin) and who acted, not how the organisation defines people’s jobs.',
  stages: {
    AD_HOC: 'Roles are not well defined.',
    DATA_OPS: 'Roles are clearly defined.',
    MANUAL_MLOPS: 'Roles are specialised (data, models, operations).',
    AUTOMATED_MLOPS: 'Roles specialise in automating model development, deployment and operations.',
    KAIZEN: 'Roles focus on continuous improvement, optimisation and automation.',
  },
  context: (m) => [
    count('peopleActing', m.audit.peopleActing, `${m.audit.peopleActing} people acted under their own names`, 'WINDOW'),
    count('approvers', m.approvals.approvers.length, `approvers: ${listOf(m.approvals.approvers.map((a) => `${a.name} (${a.decisions})`)) || 'none'}`, 'WINDOW'),
    ratio('decisionsByOthers', m.approvals.decisionsByOthers, m.approvals.decisions, 'approval decisions by someone other than the person who started the run', 'WINDOW'),
    ratio(
      'gatesWithSeveralApprovals',
      m.approvals.requiredApprovalsPerGate.filter((required) => required >= SEVERAL_APPROVALS).length,
      gates(m),
      `gates asking for at least ${SEVERAL_APPROVALS} approvals`,
      'WINDOW',
    ),
  ],
};

const stakeholderCommunication: AttestedElement = {
  key: 'organisation.stakeholder-communication',
  dimension: 'ORGANISATION',
  source: 'ATTESTED',
  element: 'Communication with stakeholders',
  paperElement: 'Communication with stakeholders',
  practiceCodes: ['OG2'],
  unobservable: 'Meetings, reports and dashboards for stakeholders happen outside Provenant.',
  stages: {
    AD_HOC: 'Stakeholders are told informally, when needed.',
    DATA_OPS: 'Stakeholders hear regularly about data-related work.',
    MANUAL_MLOPS: 'Stakeholders hear regularly how models perform.',
    AUTOMATED_MLOPS: 'Stakeholders hear regularly how models perform, through automated reports or dashboards.',
    KAIZEN: 'Regular communication with stakeholders centres on continuous improvement.',
  },
  context: () => [],
};

const teamCommunication: AttestedElement = {
  key: 'organisation.team-communication',
  dimension: 'ORGANISATION',
  source: 'ATTESTED',
  element: 'Communication within the team',
  paperElement: 'Communication with team',
  practiceCodes: ['OG1', 'OG2'],
  unobservable: 'How often and about what the team talks happens outside Provenant.',
  stages: {
    AD_HOC: 'The team talks informally, when needed.',
    DATA_OPS: 'The team meets regularly about data management and governance.',
    MANUAL_MLOPS: 'The team meets regularly about deploying and managing models by hand.',
    AUTOMATED_MLOPS: 'The team meets regularly about automating the deployment and management of models.',
    KAIZEN: 'The team meets regularly about continuous improvement.',
  },
  context: () => [],
};

export const ORGANISATION_ELEMENTS = [roles, stakeholderCommunication, teamCommunication];
