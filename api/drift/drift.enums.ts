import { registerEnumType } from '@nestjs/graphql';
import type { RetrainingAction } from '../../domain/drift';
import type { DriftLevel } from '../../domain/drift';
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
