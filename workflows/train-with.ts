import { BUILTIN_TRAINERS, isBuiltinTrainer, type PipelineInput, type TrainedModel } from '../domain/pipeline';
import type { activitiesOn } from './activity-proxies';

/** Trains with the run's trainer: a built-in one in-process, or the registered external command. */
export async function trainWith(
  training: ReturnType<typeof activitiesOn>['training'],
  input: PipelineInput & { workflowId: string; trialIndex?: number },
): Promise<TrainedModel> {
  // Runs started before trainers were selectable carry no `trainer`.
  const trainer = input.trainer ?? BUILTIN_TRAINERS[input.task];
  if (isBuiltinTrainer(trainer)) return training.trainModel(input);
  return training.trainExternal({ ...input, trainer });
}
