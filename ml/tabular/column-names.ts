import { TableFormatError } from './table';

/** Any non-blank name is usable, spaces, parentheses and unicode included; a table cannot name a column twice. */
export function checkColumnNames(names: readonly string[], where = 'header'): void {
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (name.trim() === '') throw new TableFormatError(`${where} column ${index + 1} has no name`);
    if (seen.has(name)) throw new TableFormatError(`${where} names column ${JSON.stringify(name)} twice`);
    seen.add(name);
  });
}
