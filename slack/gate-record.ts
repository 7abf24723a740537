import { decisionsOf, findGate, gateState, type ApprovalGateEntity } from '../db/approval-gates';
import type { Db } from '../db/db';
import { gateOutcome } from '../domain/approval';
import type { GateView } from './messages/gate-message';

/** A gate's row (with where its Slack message lives) and the view its messages render. */
export interface GateRecord {
  row: ApprovalGateEntity;
  view: GateView;
}

/** The gate and its decisions as Postgres holds them; null if there is no such gate. */
export async function loadGateRecord(db: Db, gateId: string): Promise<GateRecord | null> {
  const row = await findGate(db, gateId);
  if (!row) return null;
  const decisions = await decisionsOf(db, [gateId]);
  const state = gateState(row, decisions);
  // The row closes only after the workflow has finished with the gate; its decisions are
  // recorded before anyone is notified, so they already say whether it is decided.
  const status = state.status === 'PENDING' ? gateOutcome(state) : state.status;
  return { row, view: { ...state, status, evidence: row.evidence } };
}
