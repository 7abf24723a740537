import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InferenceRequestError } from './inference-request';
import { requestedOutputs } from './requested-outputs';

const OUTPUTS = ['label', 'probabilities'];
const DESCRIBED = 'model "m" version 1';

describe('requestedOutputs', () => {
  test('without "outputs", every output, binary only when the request asks for binary_data_output', () => {
    assert.deepEqual([...requestedOutputs({}, OUTPUTS, DESCRIBED)], [['label', false], ['probabilities', false]]);
    assert.deepEqual([...requestedOutputs({ parameters: { binary_data_output: true } }, OUTPUTS, DESCRIBED)], [['label', true], ['probabilities', true]]);
  });

  test('the requested ones in their order; each output\'s binary_data wins over the request\'s', () => {
    const body = { parameters: { binary_data_output: true }, outputs: [{ name: 'probabilities', parameters: { binary_data: false } }, { name: 'label' }] };
    assert.deepEqual([...requestedOutputs(body, OUTPUTS, DESCRIBED)], [['probabilities', false], ['label', true]]);
  });

  test('an unknown, repeated or unsupported output is refused by name', () => {
    const refused = (body: unknown, message: RegExp) =>
      assert.throws(() => requestedOutputs(body, OUTPUTS, DESCRIBED), (error: unknown) => error instanceof InferenceRequestError && message.test(error.message));
    refused({ outputs: [{ name: 'score' }] }, /^output "score" is not an output of model "m" version 1; its outputs are \["label","probabilities"\]$/);
    refused({ outputs: [{ name: 'label' }, { name: 'label' }] }, /^output "label" is requested twice$/);
    refused({ outputs: [{ name: 'label', parameters: { classification: 2 } }] }, /parameters\.classification is not supported/);
    refused({ outputs: 'label' }, /"outputs" must be an array/);
    refused({ parameters: { binary_data_output: 'yes' } }, /binary_data_output must be true or false/);
  });
});
