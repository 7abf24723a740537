import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadUiAssets } from './ui-assets';

test('serves every file of the UI with its content type', () => {
  const assets = loadUiAssets();
  assert.equal(assets.get('index.html')?.contentType, 'text/html; charset=utf-8');
  assert.equal(assets.get('app.mjs')?.contentType, 'text/javascript; charset=utf-8');
  assert.equal(assets.get('ui.css')?.contentType, 'text/css; charset=utf-8');
  assert.equal(assets.get('favicon.svg')?.contentType, 'image/svg+xml; charset=utf-8');
});

test('every file the page and its modules ask for is there, on this origin', () => {
  const assets = loadUiAssets();
  let imports = 0;
  const fromPage = [...assets.get('index.html')!.body.matchAll(/(?:src|href)="([^"#]+)"/g)].map((match) => match[1]);
  assert.deepEqual(fromPage.sort(), ['/ui/app.mjs', '/ui/favicon.svg', '/ui/ui.css']);
  for (const url of fromPage) assert.ok(assets.has(url.replace('/ui/', '')), `${url} is served`);
  for (const [name, asset] of assets) {
    if (!name.endsWith('.mjs')) continue;
    for (const [, imported] of asset.body.matchAll(/^import .* from '([^']+)';$/gm)) {
      assert.match(imported, /^\.\/[a-z-]+\.mjs$/, `${name} imports ${imported} from this folder`);
      assert.ok(assets.has(imported.slice(2)), `${name} imports ${imported}, which is served`);
      imports += 1;
    }
  }
  assert.ok(imports >= 10, `found the modules' imports (${imports})`);
});

test('refuses a file it would not know how to serve', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ui-assets-'));
  try {
    await writeFile(path.join(dir, 'notes.txt'), 'x');
    assert.throws(() => loadUiAssets(dir), /notes\.txt: the web UI serves only \.html, \.mjs, \.css, \.svg files/);
  } finally {
    await rm(dir, { recursive: true });
  }
});
