import type { AuditEventRef } from '../../db/audit-log';

/** One move of an alias as the alias history records it. */
export interface AliasMoveRecord {
  alias: string;
  fromVersionId: string | null;
  toVersionId: string | null;
  actor: string;
}

/** Audit events grouped by subject, in chain order, for handing each fact the ids of the events that record it. */
export class AuditEventIndex {
  private readonly bySubject = new Map<string, AuditEventRef[]>();

  constructor(events: AuditEventRef[]) {
    for (const event of [...events].sort((a, b) => a.sequence - b.sequence)) {
      const list = this.bySubject.get(event.subjectId) ?? [];
      list.push(event);
      this.bySubject.set(event.subjectId, list);
    }
  }

  /** The events about a subject (all of them, or those `where` accepts), oldest first. */
  events(subjectId: string | null | undefined, where: (event: AuditEventRef) => boolean = () => true): AuditEventRef[] {
    return subjectId ? (this.bySubject.get(subjectId) ?? []).filter(where) : [];
  }

  ids(subjectId: string | null | undefined, where?: (event: AuditEventRef) => boolean): string[] {
    return this.events(subjectId, where).map((event) => event.id);
  }
}

/** Ids of several groups of events as one list in chain order, each event once. */
export function inChainOrder(...groups: AuditEventRef[][]): string[] {
  const unique = new Map(groups.flat().map((event) => [event.id, event]));
  return [...unique.values()].sort((a, b) => a.sequence - b.sequence).map((event) => event.id);
}

/**
 * Pairs each alias move with its `model.alias_set` / `model.alias_removed` event. The two
 * are written in one transaction under the model's lock, so the n-th move of an alias
 * between two versions is recorded by the n-th such event; both lists are oldest first.
 */
export function aliasMoveEventIds(moves: AliasMoveRecord[], events: AuditEventRef[]): string[][] {
  const unclaimed = [...events];
  return moves.map((move) => {
    const index = unclaimed.findIndex(
      (event) =>
        event.alias === move.alias &&
        event.fromVersionId === move.fromVersionId &&
        event.toVersionId === move.toVersionId &&
        event.actor === move.actor,
    );
    return index < 0 ? [] : unclaimed.splice(index, 1).map((event) => event.id);
  });
}
