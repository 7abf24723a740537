/**
 * JSON with object keys sorted at every level, so the same value always hashes the
 * same no matter how it was built or how Postgres' jsonb reordered it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot canonicalise non-finite number ${value}`);
      return JSON.stringify(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      // Every event is hashed three times on its way into the chain: a plain loop, without the intermediate arrays of entries.
      const object = value as Record<string, unknown>;
      // sort() without a comparator orders strings by UTF-16 code units, as the verifier does.
      const keys = Object.keys(object).sort();
      let text = '';
      for (const key of keys) {
        const member = object[key];
        if (member === undefined) continue;
        text += `${text === '' ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
      }
      return `{${text}}`;
    }
    default:
      throw new TypeError(`cannot canonicalise a value of type ${typeof value}`);
  }
}
