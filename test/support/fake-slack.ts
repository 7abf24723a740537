import { randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { slackSignature } from '../../slack/request-signature';

/** One Web API call the fake received: the method, the bot token it came with, its JSON body, and the answer. */
export interface SlackCall {
  method: string;
  token: string | null;
  body: Record<string, any>;
  reply: Record<string, any>;
}

export interface FakeSlack {
  /** Use as SLACK_API_URL. */
  apiUrl: string;
  /** A response_url on this fake, as Slack puts in interactions and slash commands; posts to it are recorded as method `response_url`. */
  responseUrl(name: string): string;
  calls: SlackCall[];
  callsTo(method: string): SlackCall[];
  /** Resolves with the first call (already made or still to come) that matches. */
  waitForCall(method: string, matches?: (call: SlackCall) => boolean, timeoutMs?: number): Promise<SlackCall>;
  /** The next call to `method` answers `{ok: false, error}`, as Slack does. */
  failNext(method: string, error: string): void;
  close(): Promise<void>;
}

/**
 * A local stand-in for the Slack Web API methods Provenant calls. Answers like Slack
 * (`{ok: true, …}`, message timestamps unique per channel) and records every call.
 */
export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const failures = new Map<string, string>();
  const waiters: { method: string; matches: (call: SlackCall) => boolean; resolve: (call: SlackCall) => void }[] = [];
  let sequence = 0;
  /** Top-level messages by channel, oldest first, as conversations.history reads them. */
  const history = new Map<string, { ts: string; metadata?: unknown }[]>();

  const answer = (method: string, body: Record<string, any>): Record<string, unknown> => {
    const failure = failures.get(method);
    if (failure) {
      failures.delete(method);
      return { ok: false, error: failure };
    }
    switch (method) {
      case 'chat.postMessage': {
        sequence += 1;
        // Slack's ts is the posting time; the sequence keeps it unique within the second.
        const ts = `${Math.floor(Date.now() / 1000)}.${String(sequence).padStart(6, '0')}`;
        if (!body.thread_ts) history.set(body.channel, [...(history.get(body.channel) ?? []), { ts, metadata: body.metadata }]);
        return { ok: true, channel: body.channel, ts, message: { text: body.text } };
      }
      case 'conversations.history': {
        // One page, newest first; metadata only when asked for, as Slack does.
        const messages = (history.get(body.channel) ?? [])
          .filter((message) => Number(message.ts) > Number(body.oldest ?? 0))
          .reverse()
          .map((message) => (body.include_all_metadata && message.metadata ? message : { ts: message.ts }));
        return { ok: true, messages, has_more: false };
      }
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: '1700000000.999999' };
      case 'views.open':
        return { ok: true, view: { id: `V${sequence}` } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const server: Server = createServer(async (request, response) => {
    // A response_url needs no token: the URL itself is the credential, as with Slack's hooks.
    const toResponseUrl = (request.url ?? '').startsWith('/response/');
    const method = toResponseUrl ? 'response_url' : (request.url ?? '').replace(/^\/api\//, '');
    const body = JSON.parse((await readBody(request)) || '{}') as Record<string, any>;
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? null;
    const reply = toResponseUrl ? { ok: true, url: request.url } : token ? answer(method, body) : { ok: false, error: 'not_authed' };
    const call = { method, token, body, reply };
    calls.push(call);
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    for (const waiter of waiters.filter((w) => w.method === method && w.matches(call))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(call);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    responseUrl: (name) => `http://127.0.0.1:${port}/response/${encodeURIComponent(name)}`,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    waitForCall(method, matches = () => true, timeoutMs = 60_000) {
      const made = calls.find((call) => call.method === method && matches(call));
      if (made) return Promise.resolve(made);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching ${method} call to the fake Slack within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ method, matches, resolve: (call) => (clearTimeout(timer), resolve(call)) });
      });
    },
    failNext: (method, error) => failures.set(method, error),
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Headers Slack would send with `body`, signed with `signingSecret` at `timestamp` (Unix seconds). */
export function slackHeaders(signingSecret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(signingSecret, String(timestamp), body),
  };
}

/** A slash command body as Slack posts it; its trigger_id makes each one unique, as Slack's are. */
export function slashCommandBody(userId: string, text: string, responseUrl = 'https://hooks.slack.com/commands/T0PROVENANT/1/abc'): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0PROVENANT',
    channel_id: 'C0APPROVALS',
    user_id: userId,
    command: '/provenant',
    text,
    response_url: responseUrl,
    trigger_id: `${Date.now()}.${randomInt(1e9)}`,
  }).toString();
}

/** An interactivity request body: the payload JSON in the `payload` form field. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
