/** Whether `value` is a UUID (any version): checked before a lookup so a malformed id is rejected as bad input rather than failing Postgres's uuid cast. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
