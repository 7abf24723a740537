import { Field, Float, ID, InputType, PickType } from '@nestjs/graphql';
import type { EnsembleMethod } from '../../domain/ensemble';
import { EnsembleMethodEnum } from '../common/enums';
import { StartModelPipelineInput } from './pipeline.types';

@InputType({ description: 'Registered versions to combine into one ONNX model, registered as the next version of `modelName`.' })
export class CreateEnsembleVersionInput extends PickType(
  StartModelPipelineInput,
  // The evaluation and release options of any pipeline; the data, target, features and split are the members'.
  ['runKey', 'qualityChecks', 'mustBeatChampion', 'sensitiveFeature', 'favorableLabel', 'deploy'] as const,
  InputType,
) {
  @Field({ description: 'The model the ensemble becomes the next version of; created when new, and it must have the members’ task.' })
  modelName!: string;

  @Field(() => [ID], {
    description:
      'Model versions to combine, at least 2: the same task, target, class labels and features in the same order, evaluated on the same dataset version, seed and test fraction (so the ensemble is evaluated on rows none of them trained on).',
  })
  members!: string[];

  @Field(() => EnsembleMethodEnum, { description: 'How the members are combined.' }) method!: EnsembleMethod;

  @Field(() => [Float], {
    nullable: true,
    description: 'VOTING, SOFT_VOTING and AVERAGING: one non-negative weight per member, in members order, normalised to sum to 1 (default: equal weights). Not for STACKING.',
  })
  weights?: number[];
}
