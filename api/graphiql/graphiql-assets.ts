import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../platform/config';
import { loadUiAssets, type UiAsset } from '../ui/ui-assets';

/** The page and its start-up script, served as written (as the web UI's files are). */
export const GRAPHIQL_STATIC_DIR = path.join(REPO_ROOT, 'api', 'graphiql', 'static');

const JAVASCRIPT = 'text/javascript; charset=utf-8';

/**
 * GraphiQL's browser builds from the installed npm packages, so the page works on a
 * machine without internet. GraphiQL's UMD bundle carries graphql and its editors and
 * needs only the React and ReactDOM globals.
 */
const VENDOR_FILES: Record<string, { packageName: string; file: string; contentType: string }> = {
  'react.production.min.js': { packageName: 'react', file: 'umd/react.production.min.js', contentType: JAVASCRIPT },
  'react-dom.production.min.js': { packageName: 'react-dom', file: 'umd/react-dom.production.min.js', contentType: JAVASCRIPT },
  'graphiql.min.js': { packageName: 'graphiql', file: 'dist/index.umd.js', contentType: JAVASCRIPT },
  'graphiql.min.css': { packageName: 'graphiql', file: 'dist/style.css', contentType: 'text/css; charset=utf-8' },
};

function packageFile(packageName: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${packageName}/package.json`)), file);
}

/** Every file GraphiQL's page may load, read once at start-up: a URL can only name one of these. */
export function loadGraphiqlAssets(): Map<string, UiAsset> {
  const assets = loadUiAssets(GRAPHIQL_STATIC_DIR);
  for (const [name, { packageName, file, contentType }] of Object.entries(VENDOR_FILES)) {
    assets.set(name, { contentType, body: readFileSync(packageFile(packageName, file), 'utf8') });
  }
  return assets;
}
