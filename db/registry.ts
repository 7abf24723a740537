import { isDeepStrictEqual } from 'node:util';
import { In, type EntityManager } from 'typeorm';
import type { EvaluationReportData } from '../domain/evaluation';
import type { ModelTask } from '../domain/pipeline';
import { appendAuditEvent } from './audit-log';
import type { Db } from './db';
import { EvaluationReportEntity, ModelEntity, ModelVersionEntity, ModelVersionTagEntity, TrainerEntity } from './entities';

export type { EvaluationReportEntity, ModelEntity, ModelVersionEntity, ModelVersionTagEntity, TrainerEntity } from './entities';

export function listModels(db: Db): Promise<ModelEntity[]> {
  return db.getRepository(ModelEntity).find({ order: { name: 'ASC' } });
}

export function findModel(db: Db, key: { id: string } | { name: string }): Promise<ModelEntity | null> {
  return db.getRepository(ModelEntity).findOneBy(key);
}

/**
 * The model called `name`, created with `task` on its first registration, its row locked
 * until the transaction ends: the lock makes version numbers gap-free under concurrent
 * registrations. An existing model keeps its task; the caller refuses a version of
 * another task.
 */
export async function registerModel(manager: EntityManager, name: string, task: ModelTask): Promise<ModelEntity> {
  await manager.createQueryBuilder().insert().into(ModelEntity).values({ name, task }).orIgnore().execute();
  return manager.getRepository(ModelEntity).findOneOrFail({ where: { name }, lock: { mode: 'pessimistic_write' } });
}

/** Newest first. */
export function listModelVersions(db: Db, modelId: string): Promise<ModelVersionEntity[]> {
  return db.getRepository(ModelVersionEntity).find({ where: { modelId }, order: { version: 'DESC' } });
}

/**
 * A version by its id, or the version a pipeline run registered. With `lock`, changes to
 * the version's tags wait for the transaction, so each audit event names the value it replaced.
 */
export function findModelVersion(db: Db, key: { id: string } | { pipelineRunId: string }, options: { lock?: boolean } = {}): Promise<ModelVersionEntity | null> {
  return db.getRepository(ModelVersionEntity).findOne({ where: key, ...(options.lock ? { lock: { mode: 'for_no_key_update' as const } } : {}) });
}

/** Version `version` of the model called `modelName`. */
export function findModelVersionByNumber(db: Db, modelName: string, version: number): Promise<ModelVersionEntity | null> {
  return db
    .getRepository(ModelVersionEntity)
    .createQueryBuilder('v')
    .innerJoin(ModelEntity, 'm', 'm.id = v.model_id')
    .where('m.name = :modelName AND v.version = :version', { modelName, version })
    .getOne();
}

export function findNewestModelVersion(db: Db, modelId: string): Promise<ModelVersionEntity | null> {
  return db.getRepository(ModelVersionEntity).findOne({ where: { modelId }, order: { version: 'DESC' } });
}

/** A version whose ONNX file has these bytes. */
export function findModelVersionByArtifact(db: Db, artifactSha256: string): Promise<ModelVersionEntity | null> {
  return db.getRepository(ModelVersionEntity).findOneBy({ artifactSha256 });
}

/**
 * The version numbers of versions by id. With `modelId`, only that model's: an id of
 * another model's version is then absent, as a version the model does not have.
 */
export async function modelVersionNumbers(db: Db, ids: string[], modelId?: string): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const versions = await db.getRepository(ModelVersionEntity).find({
    select: { id: true, version: true },
    where: { id: In(ids), ...(modelId ? { modelId } : {}) },
  });
  return new Map(versions.map((version) => [version.id, version.version]));
}

export type NewModelVersion = Pick<
  ModelVersionEntity,
  'artifactSha256' | 'artifactUri' | 'metrics' | 'target' | 'features' | 'classLabels' | 'hyperparameters' | 'datasetVersionId' | 'pipelineRunId' | 'signature'
>;

/** The model's next version. Runs in the transaction that registerModel locked the model in. */
export async function registerModelVersion(manager: EntityManager, model: ModelEntity, fields: NewModelVersion): Promise<ModelVersionEntity> {
  const newest = await findNewestModelVersion(manager, model.id);
  const versions = manager.getRepository(ModelVersionEntity);
  return versions.save(versions.create({ ...fields, modelId: model.id, version: (newest?.version ?? 0) + 1, aliases: [] }));
}

export function listModelVersionTags(db: Db, modelVersionId: string): Promise<ModelVersionTagEntity[]> {
  return db.getRepository(ModelVersionTagEntity).find({ where: { modelVersionId }, order: { key: 'ASC' } });
}

/**
 * Sets a tag of a version, replacing its value, and audits the change; setting the value
 * it already has writes nothing. Run it in the transaction that locked the version
 * (findModelVersion with `lock`).
 */
export async function setModelVersionTag(manager: EntityManager, version: ModelVersionEntity, key: string, value: string, actor: string): Promise<void> {
  const tags = manager.getRepository(ModelVersionTagEntity);
  const previous = await tags.findOneBy({ modelVersionId: version.id, key });
  if (previous?.value === value) return;
  await tags.upsert({ modelVersionId: version.id, key, value, setBy: actor, setAt: () => 'now()' }, ['modelVersionId', 'key']);
  await auditTagChange(manager, actor, version, 'model_version.tag_set', { key, value, previousValue: previous?.value ?? null });
}

/** Removes a tag of a version and audits it; returns the removed tag, or null when there was none. Locking as setModelVersionTag. */
export async function deleteModelVersionTag(manager: EntityManager, version: ModelVersionEntity, key: string, actor: string): Promise<ModelVersionTagEntity | null> {
  const tags = manager.getRepository(ModelVersionTagEntity);
  const previous = await tags.findOneBy({ modelVersionId: version.id, key });
  if (!previous) return null;
  await tags.delete({ modelVersionId: version.id, key });
  await auditTagChange(manager, actor, version, 'model_version.tag_removed', { key, previousValue: previous.value });
  return previous;
}

async function auditTagChange(manager: EntityManager, actor: string, version: ModelVersionEntity, action: string, change: Record<string, unknown>): Promise<void> {
  await appendAuditEvent(manager, {
    actor,
    action,
    subjectType: 'model_version',
    subjectId: version.id,
    payload: { modelId: version.modelId, version: version.version, ...change },
  });
}

export function findEvaluationReport(db: Db, modelVersionId: string): Promise<EvaluationReportEntity | null> {
  return db.getRepository(EvaluationReportEntity).findOneBy({ modelVersionId });
}

export interface NewEvaluationReport {
  modelVersionId: string;
  datasetVersionId: string;
  pipelineRunId: string | null;
  report: EvaluationReportData;
}

export function recordEvaluationReport(db: Db, report: NewEvaluationReport): Promise<EvaluationReportEntity> {
  return db.getRepository(EvaluationReportEntity).save({ ...report, qualityChecksPassed: report.report.qualityChecksPassed });
}

export function listTrainers(db: Db): Promise<TrainerEntity[]> {
  return db.getRepository(TrainerEntity).find({ order: { name: 'ASC' } });
}

export function findTrainer(db: Db, name: string): Promise<TrainerEntity | null> {
  return db.getRepository(TrainerEntity).findOneBy({ name });
}

/**
 * Creates the trainer, or replaces its command and timeout and bumps its version, and
 * audits it. Registering an unchanged definition again changes nothing and logs nothing.
 */
export async function registerTrainer(
  manager: EntityManager,
  definition: Pick<TrainerEntity, 'name' | 'command' | 'timeoutSeconds'>,
  actor: string,
): Promise<TrainerEntity> {
  const { name, command, timeoutSeconds } = definition;
  const { raw: inserted } = await manager
    .createQueryBuilder()
    .insert()
    .into(TrainerEntity)
    .values({ name, command, timeoutSeconds, version: 1, createdBy: actor, updatedBy: actor })
    .orIgnore()
    .returning('id')
    .execute();
  const repository = manager.getRepository(TrainerEntity);
  // Locking the row serialises concurrent re-registrations, so versions never collide.
  let trainer = await repository.findOneOrFail({ where: { name }, lock: { mode: 'pessimistic_write' } });
  if ((inserted as unknown[]).length === 0) {
    if (isDeepStrictEqual(trainer.command, command) && trainer.timeoutSeconds === timeoutSeconds) return trainer;
    trainer = await repository.save({ ...trainer, command, timeoutSeconds, version: trainer.version + 1, updatedBy: actor });
  }
  await appendAuditEvent(manager, {
    actor,
    action: 'trainer.registered',
    subjectType: 'trainer',
    subjectId: trainer.id,
    payload: { name, version: trainer.version, command, timeoutSeconds },
  });
  return trainer;
}
