import type * as ort from 'onnxruntime-node';
import { onnxRuntime } from '../ml/onnx/onnx-runtime';
import type { DataSource } from 'typeorm';
import { approvedReleaseGate } from '../db/approval-gates';
import { confirmedBreakGlassFor } from '../db/break-glass';
import { findDatasetVersion } from '../db/datasets';
import { mustExist } from '../db/db';
import { findModel, findModelVersion, findModelVersionByNumber } from '../db/registry';
import type { DeployEnvironment } from '../domain/approval';
import type { ModelTask } from '../domain/pipeline';
import type { FeatureSpec } from '../ml/features/feature-spec';
import { featureSpecOfSchema } from '../ml/features/feature-spec-of-schema';
import type { Logger } from '../platform/logger';
import type { ArtifactStore } from '../storage/artifact-store';

/** A model version ready to score: its ONNX session and what reading its inputs and outputs takes. */
export interface ServedVersion {
  id: string;
  modelName: string;
  version: number;
  task: ModelTask;
  classLabels: string[];
  /** Feature order of the model's inputs, as training derived it from the dataset's column types. */
  spec: FeatureSpec;
  session: ort.InferenceSession;
}

/** A version called by number but in no route stays loaded this long after its last request. */
const PINNED_IDLE_MS = 5 * 60_000;
const SWEEP_INTERVAL_MS = 60_000;

/** A version's state as the repository index names it. */
export type VersionState = 'READY' | 'LOADING' | 'UNAVAILABLE';

interface Entry {
  loading: Promise<ServedVersion>;
  /** Set once loaded: the version is ready. */
  served?: ServedVersion;
  /** Requests scoring with it now; it is never released under them. */
  users: number;
  routed: boolean;
  pinnedUntil: number;
}

export interface ModelSessionsOptions {
  dataSource: DataSource;
  store: ArtifactStore;
  logger: Logger;
}

/**
 * ONNX sessions by model version id. A version is loaded once however many requests
 * ask for it at the same moment, kept while a traffic route names it (or, called by
 * number, for a while after), and released once it is neither routed nor in use.
 */
export class ModelSessions {
  private readonly entries = new Map<string, Entry>();
  private readonly versionIds = new Map<string, string>();
  private readonly versionNumbers = new Map<string, number>();
  private readonly released = new Set<string>();
  /** The versions the routes name now, so one loaded again after a failed load stays routed. */
  private routedIds = new Set<string>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: ModelSessionsOptions) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();
  }

  /** Runs `score` with the version loaded; `pinned` marks a request that named the version itself. */
  async use<T>(versionId: string, score: (served: ServedVersion) => Promise<T>, pinned = false): Promise<T> {
    const entry = this.entries.get(versionId) ?? this.load(versionId, this.routedIds.has(versionId));
    entry.users++;
    if (pinned) entry.pinnedUntil = Date.now() + PINNED_IDLE_MS;
    try {
      return await score(await entry.loading);
    } finally {
      entry.users--;
      this.releaseIfUnwanted(versionId, entry);
    }
  }

  /** Makes `routed` the versions the routes name: new ones start loading now, so their first request does not wait. */
  route(routed: Set<string>): void {
    this.routedIds = routed;
    for (const id of routed) if (!this.entries.has(id)) this.load(id, true);
    for (const [id, entry] of this.entries) {
      entry.routed = routed.has(id);
      this.releaseIfUnwanted(id, entry);
    }
  }

  /** The version if its session is loaded now; nothing is loaded by asking. */
  loaded(versionId: string): ServedVersion | undefined {
    return this.entries.get(versionId)?.served;
  }

  /** READY once loaded, LOADING while its load runs, UNAVAILABLE when not held (never asked for, or its load failed). */
  state(versionId: string): VersionState {
    const entry = this.entries.get(versionId);
    if (!entry) return 'UNAVAILABLE';
    return entry.served ? 'READY' : 'LOADING';
  }

  /** Whether a version the routes name is still loading (at start-up, or just after a route change). */
  get routedLoading(): boolean {
    return [...this.entries.values()].some((entry) => entry.routed && !entry.served);
  }

  /**
   * Whether the version may be served in the environment by number (pinned): it has an
   * APPROVED approval gate there, or went there by a confirmed break-glass. Only yes is
   * remembered: a version approved later is served from then on.
   */
  async releasedIn(versionId: string, environment: DeployEnvironment): Promise<boolean> {
    const key = `${versionId}\u0000${environment}`;
    if (this.released.has(key)) return true;
    const { dataSource } = this.options;
    const released = (await approvedReleaseGate(dataSource, versionId, environment)) !== null || (await confirmedBreakGlassFor(dataSource, versionId, environment)) !== null;
    if (released) this.released.add(key);
    return released;
  }

  /** The id of version `version` of the model called `modelName`, or null when it has none such. */
  async versionIdOf(modelName: string, version: number): Promise<string | null> {
    const key = `${modelName}\u0000${version}`;
    const known = this.versionIds.get(key);
    if (known) return known;
    const row = await findModelVersionByNumber(this.options.dataSource, modelName, version);
    // Only hits are kept: a version number that does not exist yet may be registered later.
    if (row) this.versionIds.set(key, row.id);
    return row?.id ?? null;
  }

  /** The version number of the version with id `versionId`, or null when there is none such. */
  async versionNumberOf(versionId: string): Promise<number | null> {
    const known = this.versionNumbers.get(versionId) ?? this.entries.get(versionId)?.served?.version;
    if (known !== undefined) return known;
    const row = await findModelVersion(this.options.dataSource, { id: versionId });
    if (row) this.versionNumbers.set(versionId, row.version);
    return row?.version ?? null;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(entries.map((entry) => releaseSession(entry)));
  }

  private load(versionId: string, routed: boolean): Entry {
    const entry: Entry = { loading: this.read(versionId), users: 0, routed, pinnedUntil: 0 };
    this.entries.set(versionId, entry);
    // A failed load is forgotten, so the next request tries again rather than failing forever.
    entry.loading.then(
      (served) => {
        entry.served = served;
      },
      (error: unknown) => {
        if (this.entries.get(versionId) === entry) this.entries.delete(versionId);
        this.options.logger.error({ err: error, modelVersionId: versionId }, 'model version could not be loaded');
      },
    );
    return entry;
  }

  private async read(versionId: string): Promise<ServedVersion> {
    const { dataSource, store } = this.options;
    const version = mustExist(await findModelVersion(dataSource, { id: versionId }), `model version ${versionId}`);
    const [model, dataset] = await Promise.all([
      findModel(dataSource, { id: version.modelId }).then((model) => mustExist(model, `model ${version.modelId}`)),
      findDatasetVersion(dataSource, version.datasetVersionId).then((dataset) => mustExist(dataset, `dataset version ${version.datasetVersionId}`)),
    ]);
    // One thread per run: requests already run side by side, and small models lose more to thread hand-offs than they gain.
    const session = await onnxRuntime().InferenceSession.create(await store.read(version.artifactUri), { intraOpNumThreads: 1, interOpNumThreads: 1 });
    this.options.logger.info({ model: model.name, version: version.version, modelVersionId: versionId }, 'model version loaded');
    return {
      id: versionId,
      modelName: model.name,
      version: version.version,
      task: model.task,
      classLabels: version.classLabels,
      spec: featureSpecOfSchema(dataset.schema, version.features),
      session,
    };
  }

  private releaseIfUnwanted(versionId: string, entry: Entry): void {
    if (entry.users > 0 || entry.routed || entry.pinnedUntil > Date.now() || this.entries.get(versionId) !== entry) return;
    this.entries.delete(versionId);
    void releaseSession(entry).then(() => this.options.logger.info({ modelVersionId: versionId }, 'model version released'));
  }

  private sweep(): void {
    for (const [id, entry] of this.entries) this.releaseIfUnwanted(id, entry);
  }
}

async function releaseSession(entry: Entry): Promise<void> {
  const served = await entry.loading.catch(() => undefined);
  await served?.session.release();
}
