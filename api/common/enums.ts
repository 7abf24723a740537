import { registerEnumType } from '@nestjs/graphql';
import { DECISIONS, DEPLOY_ENVIRONMENTS, GATE_STATUSES } from '../../domain/approval';
import { ENSEMBLE_METHODS } from '../../domain/ensemble';
import { QUALITY_CHECK_OPS } from '../../domain/evaluation';
import { LINEAGE_DIRECTIONS } from '../../domain/lineage';
import { MODEL_TASKS, PIPELINE_STATUSES } from '../../domain/pipeline';
import { OBJECTIVE_GOALS, TUNING_STRATEGIES } from '../../domain/tuning';

export function enumOf<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };
}

export const ModelTaskEnum = enumOf(MODEL_TASKS);
export const PipelineStatusEnum = enumOf(PIPELINE_STATUSES);
export const LineageDirectionEnum = enumOf(LINEAGE_DIRECTIONS);
export const TuningStrategyEnum = enumOf(TUNING_STRATEGIES);
export const ObjectiveGoalEnum = enumOf(OBJECTIVE_GOALS);
export const QualityCheckOpEnum = enumOf(QUALITY_CHECK_OPS);
export const DeployEnvironmentEnum = enumOf(DEPLOY_ENVIRONMENTS);
export const GateStatusEnum = enumOf(GATE_STATUSES);
export const DecisionEnum = enumOf(DECISIONS);
export const EnsembleMethodEnum = enumOf(ENSEMBLE_METHODS);

registerEnumType(ModelTaskEnum, { name: 'ModelTask' });
registerEnumType(PipelineStatusEnum, { name: 'PipelineStatus' });
registerEnumType(LineageDirectionEnum, { name: 'LineageDirection' });
registerEnumType(TuningStrategyEnum, { name: 'TuningStrategy' });
registerEnumType(ObjectiveGoalEnum, { name: 'ObjectiveGoal' });
registerEnumType(QualityCheckOpEnum, { name: 'QualityCheckOp' });
registerEnumType(DeployEnvironmentEnum, { name: 'DeployEnvironment' });
registerEnumType(GateStatusEnum, { name: 'GateStatus' });
registerEnumType(DecisionEnum, { name: 'Decision' });
registerEnumType(EnsembleMethodEnum, {
  name: 'EnsembleMethod',
  description: 'How an ensemble combines its members (see docs/ensembles-and-categoricals.md).',
  valuesMap: {
    VOTING: { description: 'Classifiers: the (weighted) majority of the members’ labels; a tie goes to the first class label; probabilities are the vote shares.' },
    SOFT_VOTING: { description: 'Classifiers: the (weighted) mean of the members’ probabilities; the label is its most probable class.' },
    AVERAGING: { description: 'The (weighted) mean of the members’ predictions (regressors) or probabilities (classifiers).' },
    STACKING: {
      description:
        'A logistic (classifiers) or ridge (regressors) meta-model over the members’ outputs, fitted on their validation split, which none of them trained on: the members must have been trained with tuning.',
    },
  },
});
