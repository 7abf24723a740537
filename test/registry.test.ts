import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { auditLogSealed, verifyAuditLog } from '../db/audit-log';
import { SAMPLE_DATA, TOKENS, assertError, startHarness, waitForPipeline, type Harness } from './support/harness';

const REGISTER = `mutation R($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`;
const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const MODEL = `
  query M($name: String!) {
    model(name: $name) {
      id
      aliases { alias version setBy setAt }
      aliasHistory { alias fromVersion toVersion actor reason at }
      versions { id version aliases tags { key value setBy } }
    }
  }`;
const SET_ALIAS = `mutation A($input: SetModelAliasInput!) { setModelAlias(input: $input) { aliases { alias version } } }`;
const REMOVE_ALIAS = `mutation A($input: RemoveModelAliasInput!) { removeModelAlias(input: $input) { aliases { alias version } } }`;
const SET_TAG = `mutation T($input: SetModelVersionTagInput!) { setModelVersionTag(input: $input) { version tags { key value setBy } } }`;
const REMOVE_TAG = `mutation T($input: RemoveModelVersionTagInput!) { removeModelVersionTag(input: $input) { version tags { key value } } }`;

describe('registry: per-model version numbers, aliases with history, tags', () => {
  let harness: Harness;
  let weatherId: string;
  /** The model `weather`'s version ids by version number. */
  const versionIds = new Map<number, string>();

  const model = async (name = 'weather') => {
    const response = await harness.gql(MODEL, { name }, TOKENS.viewer);
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return response.data!.model;
  };
  const writeCounts = async (): Promise<{ moves: number; audit: number; tags: number }> => {
    await auditLogSealed(harness.dataSource);
    const [row] = await harness.dataSource.query(`SELECT
      (SELECT count(*)::int FROM model_alias_event) AS moves,
      (SELECT count(*)::int FROM audit_event) AS audit,
      (SELECT count(*)::int FROM model_version_tag) AS tags`);
    return row;
  };
  const setAlias = (alias: string, version: number, reason: string, token: string) =>
    harness.gql(SET_ALIAS, { input: { modelName: 'weather', alias, version, reason } }, token);

  before(async () => {
    harness = await startHarness();
    const registered = await harness.gql(REGISTER, { input: { name: 'seattle-weather', uri: path.join(SAMPLE_DATA, 'seattle-weather.csv') } });
    weatherId = registered.data!.registerDataset.id;
  });
  after(async () => {
    await harness?.close();
  });

  test('pipelines registering at once get distinct, consecutive version numbers, counted per model', async () => {
    const pipeline = (modelName: string, runKey: string) => ({
      modelName,
      runKey,
      datasetVersionId: weatherId,
      target: 'weather',
      features: ['precipitation', 'temp_max', 'wind'],
      task: 'CLASSIFICATION',
    });
    const inputs = [...['a', 'b', 'c', 'd'].map((key) => pipeline('weather', key)), pipeline('weather-other', 'a')];
    const started = await Promise.all(inputs.map((input) => harness.gql(START, { input }, TOKENS.engineer)));
    const runs = await Promise.all(
      started.map((response) => {
        assert.equal(response.errors, undefined, JSON.stringify(response.errors));
        return waitForPipeline(harness, response.data!.startModelPipeline.workflowId);
      }),
    );
    for (const run of runs) {
      assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
      // A collision on (model, version) would fail the first attempt and pass on a retry: the lock must make retries unnecessary.
      assert.equal(run.stages.find((stage: { name: string }) => stage.name === 'register').attempts, 1, JSON.stringify(run.stages));
    }

    const weatherRuns = runs.filter((run) => run.modelName === 'weather');
    assert.deepEqual(weatherRuns.map((run) => run.modelVersion.version).sort(), [1, 2, 3, 4]);
    assert.equal(runs.find((run) => run.modelName === 'weather-other')!.modelVersion.version, 1);
    const weather = await model();
    assert.deepEqual(weather.versions.map((v: { version: number }) => v.version), [4, 3, 2, 1]);
    for (const version of weather.versions) versionIds.set(version.version, version.id);
    assert.deepEqual(new Set(weather.versions.map((v: { aliases: string[] }) => v.aliases.length)), new Set([0]));
  });

  test('aliases move with their actor and reason, and every move stays in the history', async () => {
    const challenger = await setAlias('challenger', 1, 'first candidate', TOKENS.engineer);
    assert.deepEqual(challenger.data, { setModelAlias: { aliases: [{ alias: 'challenger', version: 1 }] } });
    assert.equal((await setAlias('champion', 2, 'best macro F1 on the holdout', TOKENS.ops)).errors, undefined);
    assert.equal((await setAlias('champion', 3, '  retrained on fresh data  ', TOKENS.admin)).errors, undefined);
    assert.equal((await setAlias('canary-eu', 3, 'serve a slice in eu', TOKENS.engineer)).errors, undefined);
    const removed = await harness.gql(
      REMOVE_ALIAS,
      { input: { modelName: 'weather', alias: 'challenger', reason: 'evaluation finished' } },
      TOKENS.engineer,
    );
    assert.deepEqual(removed.data, { removeModelAlias: { aliases: [{ alias: 'canary-eu', version: 3 }, { alias: 'champion', version: 3 }] } });

    const weather = await model();
    assert.deepEqual(
      weather.aliases.map(({ alias, version, setBy }: Record<string, unknown>) => ({ alias, version, setBy })),
      [
        { alias: 'canary-eu', version: 3, setBy: 'engineer-user' },
        { alias: 'champion', version: 3, setBy: 'admin-user' },
      ],
    );
    assert.deepEqual(
      weather.aliasHistory.map(({ at: _at, ...entry }: Record<string, unknown>) => entry),
      [
        { alias: 'challenger', fromVersion: 1, toVersion: null, actor: 'engineer-user', reason: 'evaluation finished' },
        { alias: 'canary-eu', fromVersion: null, toVersion: 3, actor: 'engineer-user', reason: 'serve a slice in eu' },
        { alias: 'champion', fromVersion: 2, toVersion: 3, actor: 'admin-user', reason: 'retrained on fresh data' },
        { alias: 'champion', fromVersion: null, toVersion: 2, actor: 'ops-user', reason: 'best macro F1 on the holdout' },
        { alias: 'challenger', fromVersion: null, toVersion: 1, actor: 'engineer-user', reason: 'first candidate' },
      ],
    );
    const times = weather.aliasHistory.map((entry: { at: string }) => Date.parse(entry.at));
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
    const champion = weather.aliases.find((a: { alias: string }) => a.alias === 'champion');
    assert.equal(champion.setAt, weather.aliasHistory[2].at, 'an alias was set when its last move happened');
    assert.deepEqual(
      weather.versions.map((v: { version: number; aliases: string[] }) => [v.version, v.aliases]),
      [[4, []], [3, ['canary-eu', 'champion']], [2, []], [1, []]],
    );
  });

  test('only ops and admin move champion; a reason is always required', async () => {
    const before_ = await writeCounts();
    assertError(await setAlias('champion', 4, 'I think it is better', TOKENS.engineer), 'FORBIDDEN', 'input.alias', /role engineer may not move champion; only ops or admin may/);
    assertError(
      await harness.gql(REMOVE_ALIAS, { input: { modelName: 'weather', alias: 'champion', reason: 'oops' } }, TOKENS.engineer),
      'FORBIDDEN',
      'input.alias',
      /role engineer may not move champion/,
    );
    assertError(await setAlias('challenger', 4, 'why not', TOKENS.viewer), 'FORBIDDEN', undefined, /role viewer may not perform this operation/);
    assertError(await setAlias('challenger', 4, 'why not', TOKENS.approver), 'FORBIDDEN', undefined, /role approver/);
    for (const reason of ['', '   ']) {
      assertError(await setAlias('challenger', 4, reason, TOKENS.engineer), 'BAD_USER_INPUT', 'input.reason', /input\.reason: is required/);
    }
    assertError(await setAlias('challenger', 4, 'x'.repeat(501), TOKENS.engineer), 'BAD_USER_INPUT', 'input.reason', /501 characters; the limit is 500/);
    assertError(
      await harness.gql(REMOVE_ALIAS, { input: { modelName: 'weather', alias: 'canary-eu', reason: ' ' } }, TOKENS.engineer),
      'BAD_USER_INPUT',
      'input.reason',
      /is required/,
    );
    for (const alias of ['Champion', '1st', 'has space', `a${'b'.repeat(50)}`, '']) {
      assertError(await setAlias(alias, 4, 'a reason', TOKENS.engineer), 'BAD_USER_INPUT', 'input.alias', /lower-case letter/);
    }
    assert.deepEqual(await writeCounts(), before_, 'a refused request writes nothing');
    assert.deepEqual((await model()).aliases.map((a: { alias: string; version: number }) => [a.alias, a.version]), [['canary-eu', 3], ['champion', 3]]);
  });

  test('an unknown model, version or alias is NOT_FOUND, naming the field', async () => {
    const before_ = await writeCounts();
    assertError(
      await harness.gql(SET_ALIAS, { input: { modelName: 'no-such-model', alias: 'challenger', version: 1, reason: 'r' } }, TOKENS.engineer),
      'NOT_FOUND',
      'input.modelName',
      /model no-such-model not found/,
    );
    assertError(await setAlias('challenger', 99, 'r', TOKENS.engineer), 'NOT_FOUND', 'input.version', /version 99 of model weather not found/);
    assertError(
      await harness.gql(SET_ALIAS, { input: { modelName: 'weather-other', alias: 'challenger', version: 2, reason: 'r' } }, TOKENS.engineer),
      'NOT_FOUND',
      'input.version',
      /version 2 of model weather-other not found/,
    );
    assertError(
      await harness.gql(REMOVE_ALIAS, { input: { modelName: 'weather', alias: 'challenger', reason: 'r' } }, TOKENS.engineer),
      'NOT_FOUND',
      'input.alias',
      /alias challenger of model weather not found/,
    );
    assert.deepEqual(await writeCounts(), before_);
  });

  test('setting an alias to the version it already has writes no history and no audit event', async () => {
    const before_ = await writeCounts();
    const again = await setAlias('champion', 3, 'same again', TOKENS.ops);
    assert.deepEqual(again.data, { setModelAlias: { aliases: [{ alias: 'canary-eu', version: 3 }, { alias: 'champion', version: 3 }] } });
    assert.deepEqual(await writeCounts(), before_);
  });

  test('concurrent moves of one alias serialise: each move starts where the previous one ended', async () => {
    const moves = Array.from({ length: 12 }, (_, i) => setAlias('shadow', (i % 4) + 1, `move ${i}`, TOKENS.engineer));
    for (const response of await Promise.all(moves)) assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    const weather = await model();
    const shadow = weather.aliasHistory.filter((entry: { alias: string }) => entry.alias === 'shadow').reverse();
    assert.ok(shadow.length >= 4 && shadow.length <= 12, `${shadow.length} moves`);
    assert.equal(shadow[0].fromVersion, null);
    for (let i = 1; i < shadow.length; i += 1) {
      assert.equal(shadow[i].fromVersion, shadow[i - 1].toVersion, JSON.stringify(shadow));
      assert.notEqual(shadow[i].toVersion, shadow[i].fromVersion);
    }
    assert.equal(weather.aliases.find((a: { alias: string }) => a.alias === 'shadow').version, shadow.at(-1).toVersion);
  });

  test('the alias history refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    await assert.rejects(harness.dataSource.query(`UPDATE model_alias_event SET reason = 'rewritten'`), /model_alias_event is append-only: UPDATE refused/);
    await assert.rejects(harness.dataSource.query('DELETE FROM model_alias_event'), /model_alias_event is append-only: DELETE refused/);
    await assert.rejects(harness.dataSource.query('TRUNCATE model_alias_event'), /model_alias_event is append-only: TRUNCATE refused/);
    const [other] = await harness.dataSource.query(`SELECT id FROM model_version WHERE id <> ALL($1)`, [[...versionIds.values()]]);
    const weather = await model();
    await assert.rejects(
      harness.dataSource.query(`INSERT INTO model_alias (model_id, alias, model_version_id, set_by) VALUES ($1, 'stolen', $2, 'mallory')`, [weather.id, other.id]),
      /foreign key/,
      "an alias cannot point at another model's version",
    );
  });

  test('tags on a model version: set, replace, remove; a key may be set by engineers and admins', async () => {
    const modelVersionId = versionIds.get(2)!;
    const before_ = await writeCounts();
    const set = await harness.gql(SET_TAG, { input: { modelVersionId, key: 'dataset.note', value: 'winter only' } }, TOKENS.engineer);
    assert.deepEqual(set.data, { setModelVersionTag: { version: 2, tags: [{ key: 'dataset.note', value: 'winter only', setBy: 'engineer-user' }] } });
    await harness.gql(SET_TAG, { input: { modelVersionId, key: 'Approved_By', value: 'forecasting' } }, TOKENS.admin);
    const replaced = await harness.gql(SET_TAG, { input: { modelVersionId, key: 'dataset.note', value: 'all seasons' } }, TOKENS.admin);
    assert.deepEqual(replaced.data!.setModelVersionTag.tags, [
      { key: 'Approved_By', value: 'forecasting', setBy: 'admin-user' },
      { key: 'dataset.note', value: 'all seasons', setBy: 'admin-user' },
    ]);
    const unchanged = await harness.gql(SET_TAG, { input: { modelVersionId, key: 'dataset.note', value: 'all seasons' } }, TOKENS.engineer);
    assert.equal(unchanged.data!.setModelVersionTag.tags[1].setBy, 'admin-user', 'the same value again changes nothing');
    const removed = await harness.gql(REMOVE_TAG, { input: { modelVersionId, key: 'Approved_By' } }, TOKENS.engineer);
    assert.deepEqual(removed.data, { removeModelVersionTag: { version: 2, tags: [{ key: 'dataset.note', value: 'all seasons' }] } });
    assert.deepEqual(await writeCounts(), { ...before_, audit: before_.audit + 4, tags: before_.tags + 1 });

    await auditLogSealed(harness.dataSource);
    const events = await harness.dataSource.query(
      `SELECT action, actor, payload FROM audit_event WHERE subject_id = $1 AND action LIKE 'model_version.tag_%' ORDER BY sequence`,
      [modelVersionId],
    );
    assert.deepEqual(
      events.map((e: { action: string; payload: Record<string, unknown> }) => [e.action, e.payload.key, e.payload.value, e.payload.previousValue]),
      [
        ['model_version.tag_set', 'dataset.note', 'winter only', null],
        ['model_version.tag_set', 'Approved_By', 'forecasting', null],
        ['model_version.tag_set', 'dataset.note', 'all seasons', 'winter only'],
        ['model_version.tag_removed', 'Approved_By', undefined, 'forecasting'],
      ],
    );

    const refusedBefore = await writeCounts();
    for (const key of ['', 'has space', 'k'.repeat(65), 'a/b']) {
      assertError(await harness.gql(SET_TAG, { input: { modelVersionId, key, value: 'v' } }), 'BAD_USER_INPUT', 'input.key', /1-64 characters/);
    }
    assertError(
      await harness.gql(SET_TAG, { input: { modelVersionId, key: 'long', value: 'v'.repeat(1001) } }),
      'BAD_USER_INPUT',
      'input.value',
      /1001 characters; the limit is 1000/,
    );
    assertError(await harness.gql(SET_TAG, { input: { modelVersionId, key: 'k', value: 'v' } }, TOKENS.ops), 'FORBIDDEN', undefined, /role ops/);
    assertError(
      await harness.gql(SET_TAG, { input: { modelVersionId: '00000000-0000-4000-8000-000000000000', key: 'k', value: 'v' } }),
      'NOT_FOUND',
      'input.modelVersionId',
      /model version 00000000-0000-4000-8000-000000000000 not found/,
    );
    assertError(await harness.gql(SET_TAG, { input: { modelVersionId: 'v2', key: 'k', value: 'v' } }), 'BAD_USER_INPUT', 'input.modelVersionId', /expected a UUID/);
    assertError(await harness.gql(REMOVE_TAG, { input: { modelVersionId, key: 'absent' } }), 'NOT_FOUND', 'input.key', /tag absent of model version .* not found/);
    assert.deepEqual(await writeCounts(), refusedBefore);
  });

  test('every alias move is in the audit log, and the hash chain still verifies', async () => {
    const weather = await model();
    await auditLogSealed(harness.dataSource);
    const events: { action: string; actor: string; payload: Record<string, unknown> }[] = await harness.dataSource.query(
      `SELECT action, actor, payload FROM audit_event WHERE subject_type = 'model' AND subject_id = $1 ORDER BY sequence DESC`,
      [weather.id],
    );
    assert.equal(events.length, weather.aliasHistory.length, 'one audit event per history entry');
    events.forEach((event, i) => {
      const entry = weather.aliasHistory[i];
      assert.equal(event.action, entry.toVersion === null ? 'model.alias_removed' : 'model.alias_set');
      assert.equal(event.actor, entry.actor);
      assert.deepEqual(
        { alias: event.payload.alias, from: event.payload.fromVersion, to: event.payload.toVersion, reason: event.payload.reason },
        { alias: entry.alias, from: entry.fromVersion, to: entry.toVersion, reason: entry.reason },
      );
    });
    assert.deepEqual(events.at(-1)!.payload, {
      modelName: 'weather',
      alias: 'challenger',
      fromVersionId: null,
      fromVersion: null,
      toVersionId: versionIds.get(1),
      toVersion: 1,
      reason: 'first candidate',
    });
    const verification = await verifyAuditLog(harness.dataSource);
    assert.equal(verification.ok, true, JSON.stringify(verification));
  });
});
