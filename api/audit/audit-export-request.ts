import type { AuditExportRange } from '../../db/audit-export';
import { badInput } from '../../domain/errors';

/** The path the export is served at; the GraphQL query hands out links to it. */
export const AUDIT_EXPORT_PATH = '/audit/export';

/** A date, or a date and time with a time zone: an instant, whatever the server's zone. */
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d))?$/;

function parseInstant(field: string, value: unknown): Date | null {
  if (value === undefined || value === null || value === '') return null;
  const match = typeof value === 'string' ? ISO_INSTANT.exec(value) : null;
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [];
  const calendarDay = match ? new Date(Date.UTC(year!, month! - 1, day!)) : null;
  if (!calendarDay || calendarDay.getUTCFullYear() !== year || calendarDay.getUTCMonth() !== month! - 1 || calendarDay.getUTCDate() !== day) {
    throw badInput(field, 'must be an ISO 8601 date (2025-01-31) or date and time with a time zone (2025-01-31T09:30:00Z)');
  }
  return new Date(Date.parse(value as string));
}

/** `since` (inclusive) defaults to the first event, `until` (exclusive) to now. */
export function auditExportRange(since: unknown, until: unknown, now: Date): AuditExportRange {
  const from = parseInstant('since', since);
  const to = parseInstant('until', until) ?? now;
  if (from && from >= to) throw badInput('until', `must be later than since (${from.toISOString()})`);
  return { since: from, until: to };
}

/** Where a range can be downloaded; `until` is fixed, so the link names the same events later. */
export function auditExportUrl(publicUrl: string, range: AuditExportRange): string {
  const query = new URLSearchParams({ ...(range.since ? { since: range.since.toISOString() } : {}), until: range.until.toISOString() });
  return `${publicUrl}${AUDIT_EXPORT_PATH}?${query}`;
}
