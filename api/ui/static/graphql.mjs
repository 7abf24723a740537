// The one way the pages talk to the API: POST /graphql on this origin with the signed-in
// token. The token lives in sessionStorage, so it is gone when the tab closes.

const TOKEN_KEY = 'provenant.token';

export function signedInToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function rememberToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/**
 * The session cookie that lets this browser open drift report links as pages; the API
 * sets it from the token (HttpOnly, so no script here ever reads it back).
 * @param {string} token
 */
export async function openSession(token) {
  const response = await fetch('/ui/session', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new ApiError([{ message: `the API answered ${response.status} to the sign-in`, extensions: { code: 'INTERNAL' } }]);
}

export async function closeSession() {
  await fetch('/ui/session', { method: 'DELETE' });
}

/** A refusal or failure the API reported, with its stable code and the field at fault. */
export class ApiError extends Error {
  /** @param {{message: string, extensions?: {code?: string, field?: string}}[]} errors */
  constructor(errors) {
    super(describeErrors(errors));
    this.name = 'ApiError';
    this.code = errors[0]?.extensions?.code ?? 'INTERNAL';
    this.field = errors[0]?.extensions?.field ?? null;
  }
}

const PREFIXES = {
  UNAUTHENTICATED: 'Not signed in',
  FORBIDDEN: 'Refused',
  BAD_USER_INPUT: 'Invalid input',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Not possible now',
  UNAVAILABLE: 'A service is unavailable, try again',
  INTERNAL: 'The server failed (details are in its log)',
};

/**
 * GraphQL errors as one sentence a person can act on: what kind of refusal, then the
 * API's own message, which already names the field and the reason.
 * @param {{message: string, extensions?: {code?: string}}[]} errors
 */
export function describeErrors(errors) {
  return errors
    .map(({ message, extensions }) => {
      const prefix = PREFIXES[extensions?.code ?? ''];
      return prefix ? `${prefix}: ${message}` : message;
    })
    .join('; ');
}

/**
 * Runs a query or mutation; resolves to `data`, or rejects with an ApiError. Without a
 * token it does not ask, as every operation needs one.
 * @param {string} query
 * @param {Record<string, unknown>} [variables]
 * @param {{token?: string | null, signal?: AbortSignal}} [options]
 */
export async function graphql(query, variables = {}, { token = signedInToken(), signal } = {}) {
  if (!token) throw new ApiError([{ message: 'sign in with a token first', extensions: { code: 'UNAUTHENTICATED' } }]);
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  const body = await response.json().catch(() => null);
  if (!body) throw new ApiError([{ message: `the API answered ${response.status} without a GraphQL body`, extensions: { code: 'INTERNAL' } }]);
  if (body.errors?.length) throw new ApiError(body.errors);
  return body.data;
}

/**
 * A drift report page as a file to save: the page needs the bearer header, which a plain
 * link cannot send, and it cannot be shown inside this app, whose policy forbids the
 * report's inline styles.
 * @param {string} reportId
 * @param {{token?: string | null, signal?: AbortSignal}} [options]
 * @returns {Promise<Blob>}
 */
export async function fetchDriftReportPage(reportId, { token = signedInToken(), signal } = {}) {
  const response = await fetch(`/reports/drift/${encodeURIComponent(reportId)}`, { headers: { authorization: `Bearer ${token}` }, signal });
  if (!response.ok) {
    const body = await response.json().catch(() => ({ message: `the API answered ${response.status}` }));
    throw new ApiError([{ message: body.message, extensions: { code: body.code } }]);
  }
  return response.blob();
}
