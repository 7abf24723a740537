import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Response } from 'express';
import { notFound } from '../../domain/errors';
import { REPO_ROOT } from '../../platform/config';

/**
 * The browser's files are served as written from the source tree: tsc compiles only
 * TypeScript into dist/, and these need no build step. The Docker image copies the folder.
 */
export const UI_STATIC_DIR = path.join(REPO_ROOT, 'api', 'ui', 'static');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
};

export interface UiAsset {
  contentType: string;
  body: string;
}

/**
 * Every file of the folder, read once at start-up: a request can only name a file that
 * was there, so nothing from a URL ever reaches the file system.
 */
export function loadUiAssets(dir: string = UI_STATIC_DIR): Map<string, UiAsset> {
  const assets = new Map<string, UiAsset>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const contentType = CONTENT_TYPES[path.extname(entry.name)];
    if (!contentType) throw new Error(`${path.join(dir, entry.name)}: the web UI serves only ${Object.keys(CONTENT_TYPES).join(', ')} files`);
    assets.set(entry.name, { contentType, body: readFileSync(path.join(dir, entry.name), 'utf8') });
  }
  return assets;
}

/**
 * One of `assets` as the answer, under `contentSecurityPolicy`; a name not among them is a
 * NOT_FOUND naming `what`. Revalidated on every load (the ETag makes that cheap), so a new
 * version shows at once.
 */
export function sendAsset(response: Response, assets: Map<string, UiAsset>, name: string, what: string, contentSecurityPolicy: string): string {
  const asset = assets.get(name);
  if (!asset) throw notFound('file', `${what} ${name}`);
  response.set({
    'Content-Type': asset.contentType,
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
    'Referrer-Policy': 'no-referrer',
  });
  return asset.body;
}
