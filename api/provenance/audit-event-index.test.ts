import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditEventRef } from '../../db/audit-log';
import { aliasMoveEventIds, AuditEventIndex, inChainOrder } from './audit-event-index';

function event(sequence: number, fields: Partial<AuditEventRef>): AuditEventRef {
  return { id: `e${sequence}`, sequence, action: 'x', actor: 'ann', subjectId: 's', stage: null, alias: null, fromVersionId: null, toVersionId: null, trainerVersion: null, ...fields };
}

test('groups events by subject in chain order and filters them', () => {
  const index = new AuditEventIndex([event(3, { subjectId: 'a', action: 'p.b' }), event(1, { subjectId: 'a', action: 'p.a' }), event(2, { subjectId: 'b' })]);
  assert.deepEqual(index.ids('a'), ['e1', 'e3']);
  assert.deepEqual(index.ids('a', (e) => e.action === 'p.b'), ['e3']);
  assert.deepEqual(index.ids('missing'), []);
  assert.deepEqual(index.ids(null), []);
});

test('merges groups into one list in chain order, each event once', () => {
  const [a, b, c] = [event(5, {}), event(2, {}), event(9, {})];
  assert.deepEqual(inChainOrder([a, c], [b, a]), ['e2', 'e5', 'e9']);
});

test('pairs each alias move with its event, the n-th repeat of a move with the n-th such event', () => {
  const moves = [
    { alias: 'staging', fromVersionId: null, toVersionId: 'v1', actor: 'system:deployment' },
    { alias: 'staging', fromVersionId: 'v1', toVersionId: 'v2', actor: 'system:deployment' },
    { alias: 'staging', fromVersionId: 'v2', toVersionId: 'v1', actor: 'ops-user' },
    { alias: 'staging', fromVersionId: 'v1', toVersionId: 'v2', actor: 'system:deployment' },
    { alias: 'champion', fromVersionId: null, toVersionId: 'v1', actor: 'ops-user' },
  ];
  const events = [
    event(10, { alias: 'staging', toVersionId: 'v1', actor: 'system:deployment' }),
    event(11, { alias: 'champion', toVersionId: 'v1', actor: 'ops-user' }),
    event(20, { alias: 'staging', fromVersionId: 'v1', toVersionId: 'v2', actor: 'system:deployment' }),
    event(30, { alias: 'staging', fromVersionId: 'v2', toVersionId: 'v1', actor: 'ops-user' }),
    event(40, { alias: 'staging', fromVersionId: 'v1', toVersionId: 'v2', actor: 'system:deployment' }),
  ];
  assert.deepEqual(aliasMoveEventIds(moves, events), [['e10'], ['e20'], ['e30'], ['e40'], ['e11']]);
  assert.deepEqual(aliasMoveEventIds([{ alias: 'other', fromVersionId: null, toVersionId: 'v1', actor: 'ann' }], events), [[]]);
});
