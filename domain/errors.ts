/**
 * Stable error codes shared by the API, activities and workflows. The code is the
 * contract with clients; the message is for people.
 */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class ProvenantError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Dotted path of the input field at fault, e.g. `input.target`. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ProvenantError';
  }
}

export function badInput(field: string, reason: string): ProvenantError {
  return new ProvenantError('BAD_USER_INPUT', `${field}: ${reason}`, field);
}

export function notFound(field: string, what: string): ProvenantError {
  return new ProvenantError('NOT_FOUND', `${field}: ${what} not found`, field);
}
