import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contractSignature, converterIdentifier, signatureOrContract } from './model-signature';

test('converterIdentifier spells a column as skl2onnx names its input', () => {
  assert.equal(converterIdentifier('Beak Length (mm)'), 'Beak_Length__mm_');
  assert.equal(converterIdentifier('od280/od315_of_diluted_wines'), 'od280_od315_of_diluted_wines');
  assert.equal(converterIdentifier('a.b[c]'), 'a_b_c_');
  assert.equal(converterIdentifier('2nd try'), '_2nd_try', 'a leading digit gets an underscore');
  assert.equal(converterIdentifier('température+1'), 'température+1', 'letters of any script and + stay');
});

test('a version stored without a signature follows the contract', () => {
  const features = { numeric: ['a', 'b'], categorical: ['c'] };
  assert.deepEqual(signatureOrContract(null, 'CLASSIFICATION', features), {
    inputs: [
      { name: 'numeric_features', type: 'float32', features: ['a', 'b'] },
      { name: 'categorical_features', type: 'string', features: ['c'] },
    ],
    outputs: { kind: 'CLASSIFIER', label: 'label', probabilities: 'probabilities', zipMapInput: null },
  });
  assert.deepEqual(contractSignature('REGRESSION', { numeric: [], categorical: ['c'] }), {
    inputs: [{ name: 'categorical_features', type: 'string', features: ['c'] }],
    outputs: { kind: 'REGRESSOR', prediction: 'prediction' },
  });
  const stored = { inputs: [{ name: 'X', type: 'float64' as const, features: ['a'] }], outputs: { kind: 'REGRESSOR' as const, prediction: 'variable' } };
  assert.equal(signatureOrContract(stored, 'REGRESSION', features), stored);
});
