import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { protocolEndpoint } from './protocol-paths';

describe('protocolEndpoint', () => {
  test('names each endpoint with its method, decoding the model name', () => {
    assert.deepEqual(protocolEndpoint('/v2'), { kind: 'server-metadata', method: 'GET' });
    assert.deepEqual(protocolEndpoint('/v2/repository/index'), { kind: 'repository-index', method: 'POST' });
    assert.deepEqual(protocolEndpoint('/v2/models/stats'), { kind: 'all-statistics', method: 'GET' });
    assert.deepEqual(protocolEndpoint('/v2/repository/models/a%20b/unload'), { kind: 'repository-control', method: 'POST', name: 'a b', action: 'unload' });
    assert.deepEqual(protocolEndpoint('/v2/models/a%20b'), { kind: 'model', method: 'GET', name: 'a b', version: undefined, action: 'metadata' });
    assert.deepEqual(protocolEndpoint('/v2/models/m/versions/2/ready'), { kind: 'model', method: 'GET', name: 'm', version: '2', action: 'ready' });
    assert.deepEqual(protocolEndpoint('/v2/models/m/config'), { kind: 'model', method: 'GET', name: 'm', version: undefined, action: 'config' });
    assert.deepEqual(protocolEndpoint('/v2/models/stats/stats'), { kind: 'model', method: 'GET', name: 'stats', version: undefined, action: 'stats' });
    assert.deepEqual(protocolEndpoint('/v2/models/m/versions/1/infer'), { kind: 'model', method: 'POST', name: 'm', version: '1', action: 'infer' });
  });

  test('anything else is no endpoint', () => {
    for (const path of ['/', '/v1/models/m:predict', '/v2/models', '/v2/models/m/explain', '/v2/models/%E0%A4%A/infer', '/v2/models/m/versions/1/2']) {
      assert.equal(protocolEndpoint(path), null, path);
    }
  });
});
