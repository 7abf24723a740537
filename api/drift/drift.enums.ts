import { registerEnumType } from '@nestjs/graphql';
import type { ConceptDriftConfirmationRule, DriftConfirmationStatus, DriftLevel, DriftTestStatus, RetrainingAction } from '../../domain/drift';
import { enumOf } from '../common/enums';

export const DriftLevelEnum = enumOf<DriftLevel>(['NONE', 'WARNING', 'DRIFT']);
export const RetrainingActionEnum = enumOf<RetrainingAction>(['STARTED', 'SKIPPED', 'NOT_NEEDED']);

registerEnumType(DriftLevelEnum, { name: 'DriftLevel', description: 'NONE (in control), WARNING (may be changing) or DRIFT (has changed).' });
export const DriftTestStatusEnum = enumOf<DriftTestStatus>(['TESTED', 'NOT_ENOUGH_DATA']);
export const DriftConfirmationStatusEnum = enumOf<DriftConfirmationStatus>(['CONFIRMED', 'NOT_CONFIRMED', 'PENDING']);
export const ConceptDriftConfirmationEnum = enumOf<ConceptDriftConfirmationRule>(['FOLLOWING_WINDOW', 'DATA_DRIFT', 'SIGNAL_COUNT']);

registerEnumType(RetrainingActionEnum, { name: 'RetrainingAction' });
registerEnumType(DriftTestStatusEnum, {
  name: 'DriftTestStatus',
  description: 'TESTED, or NOT_ENOUGH_DATA: a sample had fewer present values than the scan’s minimum sample size, so the column was not tested, does not drift and is left out of the drift share.',
});
registerEnumType(DriftConfirmationStatusEnum, {
  name: 'DriftConfirmationStatus',
  description:
    'What the labelled predictions after a drift signal said: CONFIRMED (their error rose significantly above the rate before the signal), NOT_CONFIRMED, or PENDING (fewer labelled predictions after it than the confirmation window yet).',
});
registerEnumType(ConceptDriftConfirmationEnum, {
  name: 'ConceptDriftConfirmation',
  description:
    'What confirms a concept-drift signal before it retrains: FOLLOWING_WINDOW (default; the labelled predictions after the signal show the rise), DATA_DRIFT (dataset or prediction drift in the same scan), or SIGNAL_COUNT (confirmationSignals signals inside one scan’s window).',
});
