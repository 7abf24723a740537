import type { MaturityElementDefinition } from '../element-rule';
import { DATA_ELEMENTS } from './data-rules';
import { DEPLOYMENT_ELEMENTS } from './deployment-rules';
import { MODEL_ELEMENTS } from './model-rules';
import { OPERATIONS_ELEMENTS } from './operations-rules';
import { ORGANISATION_ELEMENTS } from './organisation-rules';

/**
 * The 17 elements of John, Olsson & Bosch's revised framework (their Table 9, see
 * ../stages.ts), in its order: 4 of Data, 4 of Model, 3 of Deployment, 3 of Operations &
 * infrastructure and 3 of Organisation. Those Provenant's records can show are measured
 * (the paper describes its stages in words; the measurable requirements and the
 * thresholds in ../thresholds.ts are ours); the rest take an admin's attestation.
 */
export const MATURITY_ELEMENTS: MaturityElementDefinition[] = [...DATA_ELEMENTS, ...MODEL_ELEMENTS, ...DEPLOYMENT_ELEMENTS, ...OPERATIONS_ELEMENTS, ...ORGANISATION_ELEMENTS];

export function maturityElement(key: string): MaturityElementDefinition | undefined {
  return MATURITY_ELEMENTS.find((element) => element.key === key);
}
