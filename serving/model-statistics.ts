/** A count and the nanoseconds it took altogether, as the statistics extension reports durations. */
export interface DurationStat {
  count: number;
  ns: number;
}

/** One model version's statistics, in the shape of the protocol's statistics extension (`$model_stat`). */
export interface ModelStat {
  name: string;
  version: string;
  /** When it last answered a request, milliseconds since the epoch; 0 if never. */
  last_inference: number;
  /** Rows scored. */
  inference_count: number;
  /** Model runs: one per request, whatever its row count. */
  execution_count: number;
  inference_stats: {
    success: DurationStat;
    fail: DurationStat;
    queue: DurationStat;
    compute_input: DurationStat;
    compute_infer: DurationStat;
    compute_output: DurationStat;
    cache_hit: DurationStat;
    cache_miss: DurationStat;
  };
  batch_stats: { batch_size: number; compute_input: DurationStat; compute_infer: DurationStat; compute_output: DurationStat }[];
}

/** Where a successful request spent its time, in nanoseconds. */
export interface ScoringTimes {
  /** Reading the request into the model's input tensors. */
  inputNs: number;
  /** The model's run. */
  inferNs: number;
  /** Turning the model's outputs into the response. */
  outputNs: number;
}

interface BatchTotals {
  compute_input: DurationStat;
  compute_infer: DurationStat;
  compute_output: DurationStat;
}

/**
 * Inference statistics per model version, counted in this serving process since it
 * started: every process keeps its own (behind a load balancer, ask each, or read the
 * Prometheus metrics, which are also per process). Requests refused before a version
 * was chosen (no token, unknown model) belong to no version and are not counted here.
 */
export class ModelStatistics {
  private readonly stats = new Map<string, ModelStat>();
  private readonly batches = new Map<string, Map<number, BatchTotals>>();

  success(name: string, version: number, rows: number, times: ScoringTimes): void {
    const stat = this.of(name, version);
    const { inference_stats: inference } = stat;
    add(inference.success, times.inputNs + times.inferNs + times.outputNs);
    add(inference.compute_input, times.inputNs);
    add(inference.compute_infer, times.inferNs);
    add(inference.compute_output, times.outputNs);
    stat.inference_count += rows;
    stat.execution_count += 1;
    stat.last_inference = Date.now();
    const batches = this.batches.get(key(name, version))!;
    let batch = batches.get(rows);
    if (!batch) {
      batch = { compute_input: zero(), compute_infer: zero(), compute_output: zero() };
      batches.set(rows, batch);
    }
    add(batch.compute_input, times.inputNs);
    add(batch.compute_infer, times.inferNs);
    add(batch.compute_output, times.outputNs);
  }

  /** A request that reached the version but was refused (bad input) or that the model failed to score. */
  failure(name: string, version: number, ns: number): void {
    add(this.of(name, version).inference_stats.fail, ns);
  }

  /** The version's statistics, zero if it answered nothing yet. */
  get(name: string, version: number): ModelStat {
    const stat = this.stats.get(key(name, version));
    if (!stat) return blank(name, version);
    const batches = [...this.batches.get(key(name, version))!].sort(([a], [b]) => a - b);
    return structuredClone({ ...stat, batch_stats: batches.map(([batch_size, totals]) => ({ batch_size, ...totals })) });
  }

  /** Names of the models with anything counted. */
  modelNames(): string[] {
    return [...new Set([...this.stats.values()].map((stat) => stat.name))];
  }

  /** Version numbers of `name` with anything counted. */
  versionsOf(name: string): number[] {
    return [...this.stats.values()].filter((stat) => stat.name === name).map((stat) => Number(stat.version));
  }

  private of(name: string, version: number): ModelStat {
    const id = key(name, version);
    let stat = this.stats.get(id);
    if (!stat) {
      stat = blank(name, version);
      this.stats.set(id, stat);
      this.batches.set(id, new Map());
    }
    return stat;
  }
}

function blank(name: string, version: number): ModelStat {
  return {
    name,
    version: String(version),
    last_inference: 0,
    inference_count: 0,
    execution_count: 0,
    inference_stats: {
      success: zero(),
      fail: zero(),
      // No queue: a request runs as soon as it arrives. No response cache either.
      queue: zero(),
      compute_input: zero(),
      compute_infer: zero(),
      compute_output: zero(),
      cache_hit: zero(),
      cache_miss: zero(),
    },
    batch_stats: [],
  };
}

function key(name: string, version: number): string {
  return `${name}\u0000${version}`;
}

function zero(): DurationStat {
  return { count: 0, ns: 0 };
}

function add(stat: DurationStat, ns: number): void {
  stat.count += 1;
  stat.ns += Math.round(ns);
}
