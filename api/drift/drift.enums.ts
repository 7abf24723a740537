import { registerEnumType } from '@nestjs/graphql';
import type { ConceptDriftConfirmationRule, DriftConfirmationStatus, DriftLevel, DriftTestStatus, RetrainingAction } from '../../domain/drift';
import { enumOf } from '../common/enums';

export const DriftLevelEnum = enumOf<DriftLevel>(['NONE', 'WARNING', 'DRIFT']);
export const RetrainingActionEnum = enumOf<RetrainingAction>(['STARTED', 'SKIPPED', 'NOT_NEEDED']);

registerEnumType(DriftLevelEnum, {
  name: 'DriftLevel',
  description: 'A concept-drift detector\'s state.',
  valuesMap: {
    NONE: { description: 'In control.' },
    WARNING: { description: 'The error rate is rising: it may be changing.' },
    DRIFT: { description: "The error rate has risen past the detector's drift level: it has changed." },
  },
});
registerEnumType(RetrainingActionEnum, {
  name: 'RetrainingAction',
  description: 'What a retraining policy did about one drift report.',
  valuesMap: {
    STARTED: { description: 'A new pipeline run started on the newest data.' },
    SKIPPED: {
      description: 'A trigger was met but no run started: within the cooldown, the scanned version was imported, or no dataset version is newer than its training data; reason says which.',
    },
    NOT_NEEDED: { description: 'No run was due: the model has no policy, its policy is disabled, or no trigger was met.' },
  },
});
export const DriftTestStatusEnum = enumOf<DriftTestStatus>(['TESTED', 'NOT_ENOUGH_DATA']);
export const DriftConfirmationStatusEnum = enumOf<DriftConfirmationStatus>(['CONFIRMED', 'NOT_CONFIRMED', 'PENDING']);
export const ConceptDriftConfirmationEnum = enumOf<ConceptDriftConfirmationRule>(['FOLLOWING_WINDOW', 'DATA_DRIFT', 'SIGNAL_COUNT']);

registerEnumType(DriftTestStatusEnum, {
  name: 'DriftTestStatus',
  description: 'Whether a column could be tested for drift.',
  valuesMap: {
    TESTED: { description: 'Both samples had at least the minimum of present values: the test ran.' },
    NOT_ENOUGH_DATA: { description: 'A sample had fewer present values than the scan’s minimum sample size: not tested, never drifted, left out of the drift share.' },
  },
});
registerEnumType(DriftConfirmationStatusEnum, {
  name: 'DriftConfirmationStatus',
  description: 'What the labelled predictions after a drift signal said about it.',
  valuesMap: {
    CONFIRMED: { description: 'Their error rose significantly above the rate before the signal.' },
    NOT_CONFIRMED: { description: 'The window after the signal is complete and showed no significant rise.' },
    PENDING: { description: 'Fewer labelled predictions after the signal than the confirmation window, so far.' },
  },
});
registerEnumType(ConceptDriftConfirmationEnum, {
  name: 'ConceptDriftConfirmation',
  description: 'What confirms a concept-drift signal before it retrains (see docs/drift-and-retraining.md).',
  valuesMap: {
    FOLLOWING_WINDOW: { description: 'The default: the labelled predictions after the signal show a significant rise in the error (1.0% of stationary streams retrain).' },
    DATA_DRIFT: { description: 'Dataset or prediction drift in the same scan.' },
    SIGNAL_COUNT: { description: 'confirmationSignals signals inside one scan’s window; noisier than the default on long streams.' },
  },
});
