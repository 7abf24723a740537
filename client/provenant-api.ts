/**
 * The one way into Provenant from outside it: the GraphQL API and the REST downloads,
 * with a bearer token, over nothing but the global fetch (Node.js 20 and later).
 */

/** A refusal as the API reports it: its stable code, the field at fault, its message. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** One line, `error [CODE] field: message`; messages of input errors already start with their field. */
export function formatApiError(error: ApiError): string {
  const detail = error.field && !error.message.startsWith(`${error.field}: `) ? `${error.field}: ${error.message}` : error.message;
  return `error [${error.code}] ${detail}`;
}

export interface ApiConnection {
  /** Base URL, e.g. http://127.0.0.1:4000. */
  url: string;
  /** Bearer token; without one the API answers UNAUTHENTICATED to everything but its health. */
  token?: string;
}

interface GraphqlAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: unknown; field?: unknown } }[];
}

export class ProvenantApi {
  readonly url: string;

  constructor(readonly connection: ApiConnection) {
    this.url = connection.url.replace(/\/+$/, '');
  }

  /** Runs one operation; the first error of a refused one is thrown as an ApiError. */
  async graphql<T>(document: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
    const response = await this.send('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: document, variables }),
      signal,
    });
    const answer = (await readJson(response, '/graphql')) as GraphqlAnswer<T>;
    const [error] = answer.errors ?? [];
    if (error) {
      const { code, field } = error.extensions ?? {};
      throw new ApiError(typeof code === 'string' ? code : 'INTERNAL', error.message, typeof field === 'string' ? field : undefined);
    }
    if (!answer.data) throw new ApiError('INTERNAL', `${this.url}/graphql answered without data or errors`);
    return answer.data;
  }

  /** A REST download (e.g. /audit/export); refusals come back as `{code, message, field}` with an HTTP status. */
  async download(path: string, query: Record<string, string>): Promise<ReadableStream<Uint8Array>> {
    const search = new URLSearchParams(query).toString();
    const response = await this.send(search ? `${path}?${search}` : path, { method: 'GET' });
    if (!response.ok) throw refusalOf(response, await readJson(response, path), path);
    if (!response.body) throw new ApiError('INTERNAL', `${path} answered without a body`);
    return response.body;
  }

  /** A JSON POST to a REST endpoint (the serving process's /v2/models/{name}/infer); resolves to the JSON answer. */
  async postJson(path: string, body: unknown): Promise<unknown> {
    const response = await this.send(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await readJson(response, path);
    if (!response.ok) throw refusalOf(response, answer, path);
    return answer;
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.connection.token) headers.set('authorization', `Bearer ${this.connection.token}`);
    try {
      return await fetch(`${this.url}${path}`, { ...init, headers });
    } catch (error) {
      // Giving up was the caller's choice, not the API's failure.
      if (init.signal?.aborted) throw init.signal.reason;
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      throw new ApiError('UNAVAILABLE', `cannot reach the API at ${this.url} (${cause}); is it running, and is that its URL?`);
    }
  }
}

/** The codes the GraphQL API uses, for REST answers that carry only an HTTP status. */
const STATUS_CODES: Record<number, string> = { 400: 'BAD_USER_INPUT', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT', 413: 'BAD_USER_INPUT' };

/** A REST refusal: the API's `{code, message, field}`, or the serving process's `{error}` (Open Inference Protocol). */
function refusalOf(response: Response, answer: unknown, path: string): ApiError {
  const refusal = (answer ?? {}) as { code?: unknown; message?: unknown; field?: unknown; error?: unknown };
  const message = typeof refusal.message === 'string' ? refusal.message : typeof refusal.error === 'string' ? refusal.error : `${path} answered HTTP ${response.status}`;
  return new ApiError(
    typeof refusal.code === 'string' ? refusal.code : (STATUS_CODES[response.status] ?? `HTTP_${response.status}`),
    message,
    typeof refusal.field === 'string' ? refusal.field : undefined,
  );
}

/** A body that is not JSON means the URL points at something other than Provenant. */
async function readJson(response: Response, path: string): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(
      'UNAVAILABLE',
      `${response.url || path} answered HTTP ${response.status} with ${response.headers.get('content-type') ?? 'no content type'}, not Provenant's JSON; is that the Provenant API's URL?`,
    );
  }
}
