import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SESSION_COOKIE, sessionCookieOptions, sessionCookieToken } from './session-cookie';

test('the session token is read from its own cookie only, decoded; a value the API never set counts as none', () => {
  assert.equal(sessionCookieToken(`theme=dark; ${SESSION_COOKIE}=tok%3Aen; other=1`), 'tok:en');
  assert.equal(sessionCookieToken(`${SESSION_COOKIE}=plain`), 'plain');
  assert.equal(sessionCookieToken(`x${SESSION_COOKIE}=nope`), null);
  assert.equal(sessionCookieToken(`${SESSION_COOKIE}=`), null);
  assert.equal(sessionCookieToken(`${SESSION_COOKIE}=%E0%A4%A`), null);
  assert.equal(sessionCookieToken(undefined), null);
});

test('the cookie is hidden from scripts, follows links from elsewhere, and reaches the report pages only', () => {
  assert.deepEqual(sessionCookieOptions(true), { httpOnly: true, sameSite: 'lax', secure: true, path: '/reports' });
  assert.equal(sessionCookieOptions(false).secure, false);
});
