import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../platform/config';
import { ensurePinnedVenv, runLogged } from '../../platform/python-venv';

const EXAMPLE_DIR = path.join(REPO_ROOT, 'examples', 'sklearn');
const REQUIREMENTS = path.join(EXAMPLE_DIR, 'requirements.txt');
const EXPORT_SCRIPT = path.join(EXAMPLE_DIR, 'export_model.py');
const STANDARD_EXPORTS_SCRIPT = path.join(EXAMPLE_DIR, 'standard_exports.py');

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

/** The python of the scikit-learn venv (examples/sklearn/requirements.txt), built once per machine and requirements file, in the system's temp directory. */
export function sklearnPython(): Promise<string> {
  return ensurePinnedVenv({ requirements: REQUIREMENTS, parentDir: os.tmpdir(), name: 'provenant-sklearn-venv', logPrefix: 'python-sklearn' });
}

/** Runs examples/sklearn/standard_exports.py with `args` (data, export or mlflow; see the script). */
export async function runStandardExports(args: string[]): Promise<void> {
  await runLogged(log, await sklearnPython(), [STANDARD_EXPORTS_SCRIPT, ...args], `standard_exports.py ${args[0]}`);
}

async function exportModels(outputDir: string): Promise<SklearnModels> {
  const python = await sklearnPython();
  await runLogged(log, python, [EXPORT_SCRIPT, outputDir], 'exporting the scikit-learn models');
  return {
    irisCsv: path.join(outputDir, 'iris.csv'),
    irisOnnx: path.join(outputDir, 'iris.onnx'),
    diabetesCsv: path.join(outputDir, 'diabetes.csv'),
    diabetesOnnx: path.join(outputDir, 'diabetes.onnx'),
  };
}

function log(message: string): void {
  console.log(`[python-sklearn] ${message}`);
}
