import { registerEnumType } from '@nestjs/graphql';
import type { RetrainingAction } from '../../domain/drift';
import type { DriftLevel } from '../../domain/drift';
import { enumOf } from '../common/enums';

export const DriftLevelEnum = enumOf<DriftLevel>(['NONE', 'WARNING', 'DRIFT']);
export const RetrainingActionEnum = enumOf<RetrainingAction>(['STARTED', 'SKIPPED', 'NOT_NEEDED']);

registerEnumType(DriftLevelEnum, { name: 'DriftLevel', description: 'NONE (in control), WARNING (may be changing) or DRIFT (has changed).' });
registerEnumType(RetrainingActionEnum, { name: 'RetrainingAction' });
