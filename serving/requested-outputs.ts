import { InferenceRequestError, isObject } from './inference-request';

/**
 * Which outputs a request wants back, name → whether as binary data, in the order to
 * answer them: the request's `outputs` (each `{name, parameters: {binary_data}}`) checked against the
 * version's outputs; without `outputs`, every output. An output's own `binary_data` wins;
 * otherwise the request's `parameters.binary_data_output` decides (JSON by default).
 */
export function requestedOutputs(body: unknown, available: readonly string[], describe: string): Map<string, boolean> {
  const request = body as Record<string, unknown>;
  const parameters = request.parameters;
  if (parameters !== undefined && !isObject(parameters)) throw new InferenceRequestError('"parameters" must be an object when given');
  const binaryDefault = parameters?.binary_data_output ?? false;
  if (typeof binaryDefault !== 'boolean') throw new InferenceRequestError('parameters.binary_data_output must be true or false');
  if (request.outputs === undefined) return new Map(available.map((name) => [name, binaryDefault]));
  if (!Array.isArray(request.outputs)) throw new InferenceRequestError('"outputs" must be an array of {name, parameters} when given');
  const outputs = new Map<string, boolean>();
  request.outputs.forEach((output: unknown, index) => {
    if (!isObject(output) || typeof output.name !== 'string') throw new InferenceRequestError(`outputs[${index}] must be an object with a "name"`);
    const { name } = output;
    if (!available.includes(name)) {
      throw new InferenceRequestError(`output "${name}" is not an output of ${describe}; its outputs are ${JSON.stringify(available)}`);
    }
    if (outputs.has(name)) throw new InferenceRequestError(`output "${name}" is requested twice`);
    outputs.set(name, binaryFlag(name, output.parameters, binaryDefault));
  });
  return outputs;
}

function binaryFlag(name: string, parameters: unknown, binaryDefault: boolean): boolean {
  if (parameters === undefined) return binaryDefault;
  if (!isObject(parameters)) throw new InferenceRequestError(`output "${name}": parameters must be an object`);
  // Extensions this server does not implement are refused rather than silently ignored.
  for (const unsupported of ['classification', 'shared_memory_region']) {
    if (parameters[unsupported] !== undefined) throw new InferenceRequestError(`output "${name}": parameters.${unsupported} is not supported by this server`);
  }
  const binary = parameters.binary_data ?? binaryDefault;
  if (typeof binary !== 'boolean') throw new InferenceRequestError(`output "${name}": parameters.binary_data must be true or false`);
  return binary;
}
