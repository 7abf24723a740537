import type { CookieOptions } from 'express';

/**
 * The web UI's sign-in, for the pages a browser opens by link (drift reports): a plain
 * link cannot send an Authorization header. Only routes marked @AcceptsSessionCookie()
 * read it, all of them GET pages that change nothing, so a forged cross-site request can
 * do no harm; `/graphql` still takes the bearer header only.
 */
export const SESSION_COOKIE = 'provenant_session';

/** HttpOnly: no script reads it. Lax: sent when a link from Slack or mail is followed. Gone when the browser closes. */
export function sessionCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/reports' };
}

/** The session cookie's token from a `Cookie` header, if it carries one. */
export function sessionCookieToken(cookieHeader: string | undefined): string | null {
  for (const pair of (cookieHeader ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator !== -1 && pair.slice(0, separator).trim() === SESSION_COOKIE) {
      return decodedCookieValue(pair.slice(separator + 1).trim());
    }
  }
  return null;
}

/** A value the browser was never given (not percent-encoded as ours are) counts as no session. */
function decodedCookieValue(raw: string): string | null {
  try {
    return decodeURIComponent(raw) || null;
  } catch {
    return null;
  }
}
