import { registerEnumType } from '@nestjs/graphql';
import { LINEAGE_DIRECTIONS } from '../../domain/lineage';
import { MODEL_TASKS, PIPELINE_STATUSES } from '../../domain/pipeline';

function enumOf<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };
}

export const ModelTaskEnum = enumOf(MODEL_TASKS);
export const PipelineStatusEnum = enumOf(PIPELINE_STATUSES);
export const LineageDirectionEnum = enumOf(LINEAGE_DIRECTIONS);

registerEnumType(ModelTaskEnum, { name: 'ModelTask' });
registerEnumType(PipelineStatusEnum, { name: 'PipelineStatus' });
registerEnumType(LineageDirectionEnum, { name: 'LineageDirection' });
