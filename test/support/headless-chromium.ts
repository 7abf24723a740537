import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium, which `scripts/bootstrap.mjs` installs for the tests; Playwright never downloads a browser here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Quiet and offline: no sandbox (tests run as root in containers), no GPU, none of Chromium's own calls home. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenedPage {
  page: Page;
  /** The HTTP status of the page's own response. */
  status: number;
  /** Every request the page made to anything but this machine's loopback addresses (data: URLs are not requests). */
  externalRequests: string[];
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'about:') return true;
  return (protocol === 'http:' || protocol === 'https:') && LOOPBACK_HOSTS.has(hostname);
}

export interface ChromiumOptions {
  /** Sent with every request. */
  headers?: Record<string, string>;
  /** As on a machine without internet: every request to anything but loopback fails (and is still listed in externalRequests). */
  offline?: boolean;
}

/**
 * Opens `url` in headless Chromium and waits for the page to load. Each call launches its
 * own browser: Playwright gives it a fresh, temporary user data dir, removed on close, so
 * no test sees another's cookies or cache.
 */
export async function openInChromium(url: string, { headers = {}, offline = false }: ChromiumOptions = {}): Promise<OpenedPage> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: run npm test (its bootstrap installs it as root), or apt-get install -y --no-install-recommends chromium`);
  }
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ extraHTTPHeaders: headers });
    if (offline) await context.route('**/*', (route) => (isLocal(route.request().url()) ? route.continue() : route.abort('internetdisconnected')));
    const page = await context.newPage();
    const externalRequests: string[] = [];
    page.on('request', (request) => {
      if (!isLocal(request.url())) externalRequests.push(request.url());
    });
    const response = await page.goto(url, { waitUntil: 'load' });
    if (!response) throw new Error(`Chromium got no response for ${url}`);
    return { page, status: response.status(), externalRequests, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
