import { badInput } from '../errors';
import type { AttestedElement } from './element-rule';
import { MATURITY_ELEMENTS, maturityElement } from './rules';
import { MATURITY_STAGES, type MaturityStage } from './stages';

export const STATEMENT_MAX_LENGTH = 2000;
export const EVIDENCE_URL_MAX_LENGTH = 2000;

/** An admin's recorded word on an element Provenant cannot observe; the newest per element counts. */
export interface MaturityAttestation {
  id: string;
  elementKey: string;
  stage: MaturityStage;
  statement: string;
  /** Where the evidence is kept (minutes, dashboard, team charter…): an http(s) address. */
  evidenceUrl: string;
  attestedBy: string;
  attestedAt: Date;
}

export type AttestationClaim = Pick<MaturityAttestation, 'elementKey' | 'stage' | 'statement' | 'evidenceUrl'>;

const ATTESTED_ELEMENTS = MATURITY_ELEMENTS.filter((element): element is AttestedElement => element.source === 'ATTESTED');

/** The claim, checked field by field: only elements Provenant cannot observe take one, and a statement and an evidence link are required. */
export function checkAttestationClaim(claim: AttestationClaim): AttestationClaim {
  const attestable = ATTESTED_ELEMENTS.map((element) => element.key).join(', ');
  const element = maturityElement(claim.elementKey);
  if (!element) throw badInput('input.element', `no element ${JSON.stringify(claim.elementKey.slice(0, 80))}; the elements that take an attestation are ${attestable}`);
  if (element.source === 'MEASURED') {
    throw badInput('input.element', `${element.key} is measured from Provenant's own records and cannot be attested; the elements that take an attestation are ${attestable}`);
  }
  if (!MATURITY_STAGES.includes(claim.stage)) throw badInput('input.stage', `must be one of ${MATURITY_STAGES.join(', ')}`);
  const statement = claim.statement.trim();
  if (statement.length === 0) throw badInput('input.statement', 'must say what holds, e.g. who meets whom, how often and about what');
  if (statement.length > STATEMENT_MAX_LENGTH) throw badInput('input.statement', `must be at most ${STATEMENT_MAX_LENGTH} characters`);
  return { elementKey: element.key, stage: claim.stage, statement, evidenceUrl: checkedEvidenceUrl(claim.evidenceUrl) };
}

function checkedEvidenceUrl(text: string): string {
  const problem = 'must be an http or https address where the evidence is kept (minutes, a dashboard, a team charter)';
  if (text.length > EVIDENCE_URL_MAX_LENGTH) throw badInput('input.evidenceUrl', `must be at most ${EVIDENCE_URL_MAX_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badInput('input.evidenceUrl', problem);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badInput('input.evidenceUrl', problem);
  return url.toString();
}
