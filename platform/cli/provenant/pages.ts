import type { Page } from '../../../client/types';

/** Up to `limit` records of a newest-first listing, fetching as many pages (of at most 100) as that takes. */
export async function collectPages<T>(limit: number, fetchPage: (first: number, after: string | null) => Promise<Page<T>>): Promise<T[]> {
  const records: T[] = [];
  for (let after: string | null = null; records.length < limit; ) {
    const page = await fetchPage(Math.min(100, limit - records.length), after);
    records.push(...page.nodes);
    if (!page.hasNextPage) break;
    after = page.endCursor;
  }
  return records;
}
