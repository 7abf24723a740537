import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Request } from 'playwright-core';
import { GRAPHIQL_CONTENT_SECURITY_POLICY } from '../api/graphiql/graphiql.controller';
import { openInChromium, type OpenedPage } from './support/headless-chromium';
import { TOKENS, startHarness, type Harness } from './support/harness';

const ME = '{ me { name role } }';

describe('GraphiQL and the home page, served by the API itself: they work with no internet', () => {
  let harness: Harness;
  let browser: OpenedPage | undefined;

  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
  });

  test('GET / is a page linking to the web UI, GraphiQL, the metrics and the docs', async () => {
    const response = await fetch(`${harness.url}/`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(response.headers.get('content-security-policy') ?? '', /^default-src 'none'/);
    const html = await response.text();
    for (const expected of ['href="/ui"', 'href="/graphiql"', '<code>/metrics</code>', '<code>docs/README.md</code>']) assert.ok(html.includes(expected), `missing ${expected}`);
  });

  test('a browser asking /graphql for a page is sent to GraphiQL with its query string; API clients are not', async () => {
    const query = `?query=${encodeURIComponent(ME)}`;
    const browserAsks = await fetch(`${harness.url}/graphql${query}`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }, redirect: 'manual' });
    assert.equal(browserAsks.status, 302);
    assert.equal(browserAsks.headers.get('location'), `/graphiql${query}`);
    // POST /graphql keeps its bearer-token check.
    const noToken = await harness.gql(ME, {}, null);
    assert.equal(noToken.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    const page = await fetch(`${harness.url}/graphiql`);
    assert.equal(page.headers.get('content-security-policy'), GRAPHIQL_CONTENT_SECURITY_POLICY);
    const missing = await fetch(`${harness.url}/graphiql/package.json`);
    assert.equal(missing.status, 404);
  });

  test('offline Chromium: GraphiQL loads from this process, takes a token, and runs a query with it', async () => {
    const consoleErrors: string[] = [];
    const graphqlPosts: Request[] = [];
    browser = await openInChromium(`${harness.url}/graphql?query=${encodeURIComponent(ME)}`, { offline: true });
    const { page } = browser;
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/graphql') graphqlPosts.push(request);
    });
    assert.equal(browser.status, 200);
    assert.equal(new URL(page.url()).pathname, '/graphiql');
    await page.locator('.graphiql-execute-button').waitFor();
    assert.equal(await page.locator('#token-state').textContent(), 'No token set');

    await page.getByLabel('Bearer token').fill(TOKENS.viewer);
    await page.getByRole('button', { name: 'Use token' }).click();
    await page.locator('#token-state').filter({ hasText: 'Using the token of viewer-user (viewer)' }).waitFor();
    assert.equal(await page.evaluate("localStorage.getItem('provenant.graphiql.token')"), TOKENS.viewer);

    // The linked query is in the editor; run it.
    await page.locator('.graphiql-execute-button').waitFor();
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await result.filter({ hasText: '"name": "viewer-user"' }).waitFor();
    assert.match((await result.textContent())!, /"role": "viewer"/);

    const executed = graphqlPosts.filter((request) => (request.postData() ?? '').includes('me { name role }') && !(request.postData() ?? '').includes('query Me'));
    assert.ok(executed.length > 0, 'the query went to this origin');
    assert.equal(executed.at(-1)!.headers().authorization, `Bearer ${TOKENS.viewer}`);
    assert.deepEqual(browser.externalRequests, [], 'no request left this machine');
    assert.deepEqual(consoleErrors, []);
  });
});
