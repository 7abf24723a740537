import { Inject, Injectable } from '@nestjs/common';
import { onnx } from 'onnx-proto';
import type { DataSource } from 'typeorm';
import { loadTrainingData } from '../../activities/training-data';
import { findPipelineRun, type PipelineRunEntity } from '../../db/pipeline-runs';
import { findModel, findModelVersion, type ModelVersionEntity } from '../../db/registry';
import { CLASSIFICATION_ONLY_METHODS, ensembleTrainer, type EnsembleMember, type EnsembleMethod, type EnsembleRecipe } from '../../domain/ensemble';
import { badInput, notFound } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import { signatureOrContract } from '../../domain/model-signature';
import type { ModelTask, PipelineInput } from '../../domain/pipeline';
import type { Principal } from '../../domain/roles';
import { composeEnsemble, type StackingHead } from '../../ml/ensemble/ensemble-graph';
import { fitStackingHead } from '../../ml/ensemble/stacking-meta-model';
import { featureSpecOfSchema } from '../../ml/features/feature-spec-of-schema';
import { ONNX_PRODUCER_NAME, ONNX_PRODUCER_VERSION } from '../../ml/onnx/linear-model-onnx';
import { ONNX_CATEGORICAL_FEATURES_METADATA_KEY, ONNX_NUMERIC_FEATURES_METADATA_KEY } from '../../ml/onnx/model-contract';
import { openScoringSession, scoreBatch } from '../../ml/onnx/model-scoring';
import { modelSignatureProblem } from '../../ml/onnx/model-signature';
import type { ArtifactStore } from '../../storage/artifact-store';
import { ARTIFACT_STORE, DATA_SOURCE } from '../common/injection-tokens';
import { DatasetsService } from '../datasets/datasets.service';
import { pipelineRunView, type PipelineRunType } from './pipeline.types';
import type { CreateEnsembleVersionInput } from './ensemble-version.types';
import { PipelinesService } from './pipelines.service';

interface LoadedMember {
  field: string;
  version: ModelVersionEntity;
  modelName: string;
  task: ModelTask;
  run: PipelineRunEntity;
  bytes: Uint8Array;
}

/**
 * Builds ensembles of registered versions (createEnsembleVersion). The combined ONNX
 * model is checked against the model contract, then enters a pipeline exactly as an
 * imported model does: validated, evaluated on the members' own test split, held to its
 * quality checks and the champion, registered with lineage to every member, and taken
 * to the approval gate when the request asks to deploy.
 */
@Injectable()
export class EnsembleVersionService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    private readonly datasets: DatasetsService,
    private readonly pipelines: PipelinesService,
  ) {}

  async create(principal: Principal, request: CreateEnsembleVersionInput): Promise<PipelineRunType> {
    const members = await this.loadMembers(request.members);
    const [first] = members;
    const { task } = first;
    checkMethod(request.method, task);
    const existing = await findModel(this.dataSource, { name: request.modelName });
    if (existing && existing.task !== task) {
      throw badInput('input.modelName', `model ${request.modelName} is a ${existing.task} model; an ensemble of ${task} members cannot join it`);
    }
    const weights = checkWeights(request.method, request.weights ?? null, members.length);
    const input = await this.pipelines.pipelineInput(principal, {
      modelName: request.modelName,
      datasetVersionId: first.version.datasetVersionId,
      target: first.version.target,
      features: first.version.features,
      task,
      seed: first.run.input.seed,
      testFraction: first.run.input.testFraction,
      runKey: request.runKey,
      qualityChecks: request.qualityChecks,
      mustBeatChampion: request.mustBeatChampion,
      sensitiveFeature: request.sensitiveFeature,
      favorableLabel: request.favorableLabel,
      deploy: request.deploy,
    });
    const held = request.method === 'STACKING' ? await this.fitMetaModel(members, input) : null;
    const bytes = composeEnsemble({
      task,
      method: request.method,
      members: members.map((member) => ({ model: onnx.ModelProto.decode(member.bytes), label: `${member.field} (${member.modelName} v${member.version.version})` })),
      weights: weights ?? [],
      classLabels: first.version.classLabels,
      stacking: held?.head,
      metadata: {
        ...featureListsOf(first.bytes),
        'provenant.ensemble.method': request.method,
        'provenant.ensemble.members': JSON.stringify(members.map((member) => member.version.artifactSha256)),
      },
      producerName: ONNX_PRODUCER_NAME,
      producerVersion: ONNX_PRODUCER_VERSION,
    });
    const dataset = await this.datasets.find(input.datasetVersionId, 'input.members');
    const problem = await modelSignatureProblem(bytes, { task, spec: featureSpecOfSchema(dataset.schema, input.features) });
    if (problem) throw badInput('input.members', `the combined model does not follow the model contract: ${problem}`);

    const artifact = await this.store.put(bytes);
    const ensemble: EnsembleRecipe = {
      method: request.method,
      members: members.map(
        (member, i): EnsembleMember => ({
          modelVersionId: member.version.id,
          modelName: member.modelName,
          version: member.version.version,
          artifactSha256: member.version.artifactSha256,
          weight: weights ? weights[i] : null,
        }),
      ),
      metaModelRowCount: held?.rowCount ?? null,
    };
    const run = await this.pipelines.launch(
      principal,
      {
        ...input,
        trainer: ensembleTrainer(request.method),
        hyperparameters: {},
        importedModel: {
          artifactSha256: artifact.sha256,
          artifactUri: artifact.uri,
          classLabels: first.version.classLabels,
          trainRowCount: held?.rowCount ?? 0,
          iterations: 0,
          effectiveHyperparameters: {},
        },
        ensemble,
      },
      `ensemble:${artifact.sha256}:${request.runKey ?? ''}`,
    );
    return pipelineRunView(run);
  }

  /**
   * The members, each checked against the first: same task, target and features in the
   * same order (they share the inputs), same class labels, and evaluated on the same test
   * split (dataset version, seed, test fraction), so the ensemble's evaluation scores rows
   * no member trained on.
   */
  private async loadMembers(ids: string[]): Promise<LoadedMember[]> {
    if (ids.length < 2) throw badInput('input.members', `an ensemble needs at least 2 model versions (got ${ids.length})`);
    const members: LoadedMember[] = [];
    for (const [i, id] of ids.entries()) {
      const field = `input.members[${i}]`;
      if (!isUuid(id)) throw badInput(field, 'is not a model version id (expected a UUID)');
      if (ids.indexOf(id) !== i) throw badInput(field, `model version ${id} is listed twice`);
      const version = await findModelVersion(this.dataSource, { id });
      if (!version) throw notFound(field, `model version ${id}`);
      const model = (await findModel(this.dataSource, { id: version.modelId }))!;
      const run = version.pipelineRunId ? await findPipelineRun(this.dataSource, { id: version.pipelineRunId }) : null;
      if (!run) throw badInput(field, `${model.name} v${version.version} has no pipeline run, so its test split is unknown`);
      members.push({ field, version, modelName: model.name, task: model.task, run, bytes: await this.store.read(version.artifactUri) });
    }
    const [first] = members;
    for (const member of members.slice(1)) {
      const name = `${member.modelName} v${member.version.version}`;
      const firstName = `${first.modelName} v${first.version.version}`;
      const differs = (what: string, mine: unknown, theirs: unknown) =>
        badInput(member.field, `${name} has ${what} ${JSON.stringify(mine)} but ${firstName} (input.members[0]) has ${JSON.stringify(theirs)}; members must agree`);
      if (member.task !== first.task) throw differs('the task', member.task, first.task);
      if (member.version.target !== first.version.target) throw differs('the target', member.version.target, first.version.target);
      if (JSON.stringify(member.version.features) !== JSON.stringify(first.version.features)) {
        throw differs('the features (in input order)', member.version.features, first.version.features);
      }
      if (JSON.stringify(member.version.classLabels) !== JSON.stringify(first.version.classLabels)) {
        throw differs('the class labels', member.version.classLabels, first.version.classLabels);
      }
      const split = (m: LoadedMember) => ({ datasetVersionId: m.version.datasetVersionId, seed: m.run.input.seed, testFraction: m.run.input.testFraction });
      if (JSON.stringify(split(member)) !== JSON.stringify(split(first))) {
        throw differs('the test split (dataset version, seed, test fraction)', split(member), split(first));
      }
    }
    return members;
  }

  /**
   * Fits the stacking meta-model on the members' validation split: the rows a run that
   * tunes sets aside, which its final model never trains on. Members that did not tune
   * trained on every row outside the test split, and an imported member's training rows
   * are unknown, so neither leaves rows to fit on.
   */
  private async fitMetaModel(members: LoadedMember[], input: PipelineInput): Promise<{ head: StackingHead; rowCount: number }> {
    for (const member of members) {
      const name = `${member.modelName} v${member.version.version}`;
      const reason = member.run.input.importedModel
        ? `${name} was imported, so the rows it trained on are unknown`
        : !member.run.input.tuning
          ? `${name} was trained without tuning, on every row outside the test split`
          : null;
      if (reason) {
        throw badInput(
          'input.method',
          `STACKING needs held-out rows none of the members trained on, and ${reason}; train the members with tuning (their validation split is held out) or use AVERAGING, SOFT_VOTING or VOTING`,
        );
      }
    }
    const data = await loadTrainingData({ dataSource: this.dataSource, store: this.store }, { ...input, tuning: members[0].run.input.tuning });
    const rows = data.splits.validation;
    const memberOutputs = await Promise.all(
      members.map(async (member) => {
        const signature = signatureOrContract(member.version.signature, input.task, data.spec);
        const session = await openScoringSession(member.bytes, signature);
        try {
          const scores = await scoreBatch({ session, signature }, data.spec, data.columns, rows);
          return Float64Array.from(input.task === 'CLASSIFICATION' ? scores.probabilities : scores.predictions);
        } finally {
          await session.release();
        }
      }),
    );
    const head = fitStackingHead({
      task: input.task,
      memberOutputs,
      target: Array.from(rows, (row) => data.target[row]),
      classLabels: members[0].version.classLabels,
    });
    return { head, rowCount: rows.length };
  }
}

function checkMethod(method: EnsembleMethod, task: ModelTask): void {
  if (task === 'REGRESSION' && CLASSIFICATION_ONLY_METHODS.includes(method)) {
    throw badInput('input.method', `${method} combines class labels or probabilities; the members are regressors (use AVERAGING or STACKING)`);
  }
}

/** The weights normalised to sum to 1 (equal when none are given); null for STACKING. */
function checkWeights(method: EnsembleMethod, weights: number[] | null, memberCount: number): number[] | null {
  if (method === 'STACKING') {
    if (weights) throw badInput('input.weights', 'STACKING fits its meta-model’s weights; give none');
    return null;
  }
  if (!weights) return Array.from({ length: memberCount }, () => 1 / memberCount);
  if (weights.length !== memberCount) throw badInput('input.weights', `has ${weights.length} weights for ${memberCount} members; give one per member`);
  const bad = weights.findIndex((weight) => !(Number.isFinite(weight) && weight >= 0));
  if (bad >= 0) throw badInput(`input.weights[${bad}]`, `must be a non-negative number (got ${weights[bad]})`);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (!(total > 0)) throw badInput('input.weights', 'must not all be 0');
  return weights.map((weight) => weight / total);
}

/** The contract's feature lists, which every member shares (the features were checked equal). */
function featureListsOf(bytes: Uint8Array): Record<string, string> {
  const props = new Map(onnx.ModelProto.decode(bytes).metadataProps.map(({ key, value }) => [key, value]));
  const lists: Record<string, string> = {};
  for (const key of [ONNX_NUMERIC_FEATURES_METADATA_KEY, ONNX_CATEGORICAL_FEATURES_METADATA_KEY]) {
    const value = props.get(key);
    if (value !== undefined && value !== null) lists[key] = value;
  }
  return lists;
}
