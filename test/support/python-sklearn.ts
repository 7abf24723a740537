import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../platform/config';

const run = promisify(execFile);

const EXAMPLE_DIR = path.join(REPO_ROOT, 'examples', 'sklearn');
const REQUIREMENTS = path.join(EXAMPLE_DIR, 'requirements.txt');
const EXPORT_SCRIPT = path.join(EXAMPLE_DIR, 'export_model.py');
/** pip and the exporter are chatty; their output is kept for an error message, not printed. */
const OUTPUT_LIMIT_BYTES = 64 * 1024 * 1024;

/** Paths of what examples/sklearn/export_model.py writes. */
export interface SklearnModels {
  irisCsv: string;
  irisOnnx: string;
  diabetesCsv: string;
  diabetesOnnx: string;
}

const exportsByDir = new Map<string, Promise<SklearnModels>>();

/**
 * Models produced outside the project: scikit-learn pipelines converted by skl2onnx
 * (examples/sklearn), written with their training CSVs into `outputDir`. The Python
 * environment is built once per machine and requirements file, in the system's temp
 * directory; the export runs once per `outputDir` and process.
 */
export function ensureSklearnModels(outputDir: string): Promise<SklearnModels> {
  const key = path.resolve(outputDir);
  let models = exportsByDir.get(key);
  if (!models) {
    models = exportModels(key);
    exportsByDir.set(key, models);
    models.catch(() => exportsByDir.delete(key));
  }
  return models;
}

async function exportModels(outputDir: string): Promise<SklearnModels> {
  const python = await ensureVenvPython();
  await runLogged(python, [EXPORT_SCRIPT, outputDir], 'exporting the scikit-learn models');
  return {
    irisCsv: path.join(outputDir, 'iris.csv'),
    irisOnnx: path.join(outputDir, 'iris.onnx'),
    diabetesCsv: path.join(outputDir, 'diabetes.csv'),
    diabetesOnnx: path.join(outputDir, 'diabetes.onnx'),
  };
}

/**
 * The venv's python, creating the venv first if needed. It is named by the hash of the
 * requirements, so changing a pin makes a new one, and built under a temporary name then
 * renamed, so a venv whose install was interrupted is never used and concurrent test
 * processes cannot trip over each other's half-built one.
 */
async function ensureVenvPython(): Promise<string> {
  const requirements = await readFile(REQUIREMENTS);
  const hash = createHash('sha256').update(requirements).digest('hex').slice(0, 16);
  const venv = path.join(os.tmpdir(), `provenant-sklearn-venv-${hash}`);
  const python = path.join(venv, 'bin', 'python');
  if (await exists(python)) return python;

  const building = `${venv}.building-${randomBytes(4).toString('hex')}`;
  try {
    log(`creating a Python venv for examples/sklearn in ${venv} (first time only, about a minute)`);
    await runLogged('python3', ['-m', 'venv', building], 'creating the venv (python3 ≥ 3.11 is needed)');
    await runLogged(
      path.join(building, 'bin', 'python'),
      ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--only-binary=:all:', '-r', REQUIREMENTS],
      `installing ${path.relative(REPO_ROOT, REQUIREMENTS)} from PyPI`,
    );
    // A venv finds its packages relative to its python, so it works from its final name.
    await rename(building, venv).catch(async (error: NodeJS.ErrnoException) => {
      if (!(await exists(python))) throw error;
      log('another process finished the venv first; using its copy');
    });
    return python;
  } finally {
    await rm(building, { recursive: true, force: true });
  }
}

async function runLogged(command: string, args: string[], what: string): Promise<void> {
  const started = Date.now();
  log(`${what}…`);
  try {
    await run(command, args, { maxBuffer: OUTPUT_LIMIT_BYTES });
  } catch (error) {
    const { stdout = '', stderr = '', message } = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`${what} failed: ${message}\n${stdout}${stderr}`.trimEnd());
  }
  log(`${what}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function log(message: string): void {
  console.log(`[python-sklearn] ${message}`);
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
