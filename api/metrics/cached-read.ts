import { logger } from '../../platform/logger';

/** How long the API's Postgres-derived gauges reuse one read: Prometheus scrapes every 15 s or more, several replicas or scrapers at once. */
export const GAUGE_CACHE_MS = 5_000;

export interface CacheOptions {
  /** 0 reads on every scrape. */
  maxAgeMs?: number;
  now?: () => number;
}

/**
 * One read shared by every gauge of a scrape, and reused by the scrapes that follow within
 * `maxAgeMs`, so scraping costs Postgres at most one query per interval whoever scrapes how
 * often. A failed read is logged and answered with `fallback`, not kept.
 */
export function cachedRead<T>(read: () => Promise<T>, fallback: T, what: string, { maxAgeMs = GAUGE_CACHE_MS, now = Date.now }: CacheOptions = {}): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  let kept: { value: T; at: number } | null = null;
  return () => {
    if (kept && now() - kept.at < maxAgeMs) return Promise.resolve(kept.value);
    inFlight ??= read()
      .then((value) => {
        kept = { value, at: now() };
        return value;
      })
      .catch((error: unknown) => {
        logger.warn({ err: error }, `could not read ${what} for /metrics; their series are left out of this scrape`);
        return fallback;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
}
