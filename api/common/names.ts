import { badInput } from '../../domain/errors';

/** Names end up in workflow ids, URLs and labels: keep them to a safe, readable alphabet. */
export function checkName(field: string, name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name)) {
    throw badInput(field, 'must be 1-100 characters: letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  return name;
}
