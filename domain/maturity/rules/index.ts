import type { ElementRule } from '../element-rule';
import { DATA_RULES } from './data-rules';
import { DEPLOYMENT_RULES } from './deployment-rules';
import { MODEL_RULES } from './model-rules';
import { OPERATIONS_RULES } from './operations-rules';
import { ORGANISATION_RULES } from './organisation-rules';

/**
 * The 17 elements of the scorecard, dimension by dimension: Provenant's mapping of the five
 * dimensions of John, Olsson & Bosch's maturity model (see ../stages.ts) onto what its own
 * records can show. The model describes its stages in words; the measurable requirements
 * and the thresholds (../thresholds.ts) are ours.
 */
export const MATURITY_RULES: ElementRule[] = [...DATA_RULES, ...MODEL_RULES, ...DEPLOYMENT_RULES, ...OPERATIONS_RULES, ...ORGANISATION_RULES];
