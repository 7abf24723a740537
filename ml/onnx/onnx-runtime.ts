import type * as Ort from 'onnxruntime-node';

let runtime: typeof Ort | undefined;

/**
 * onnxruntime-node, loaded the first time a model is scored. Importing Provenant never
 * loads it, so a worker that only runs approval gates does without its 300 MB
 * (it is an optional peer dependency of the provenant package).
 */
export function onnxRuntime(): typeof Ort {
  if (!runtime) {
    try {
      runtime = require('onnxruntime-node') as typeof Ort;
    } catch (error) {
      throw new Error(`onnxruntime-node could not be loaded (${(error as Error).message}): training, evaluation and scoring need it; install it beside provenant (npm install onnxruntime-node)`);
    }
  }
  return runtime;
}
