import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { appendAuditEvent } from '../../db/audit-log';
import { inTransaction } from '../../db/db';
import { declaredColumnKinds, replaceDeclaredColumnKinds, type DeclaredColumnKind } from '../../db/model-column-kinds';
import { findNewestModelVersion } from '../../db/registry';
import type { ColumnKind } from '../../domain/drift';
import { badInput } from '../../domain/errors';
import type { Principal } from '../../domain/roles';
import { DATA_SOURCE } from '../common/injection-tokens';
import type { ColumnKindName, DeclareColumnKindsInput, DeclaredColumnKindType } from './column-kind.types';
import { knownModel } from './known-model';

@Injectable()
export class ColumnKindsService {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async list(modelName: string): Promise<DeclaredColumnKindType[]> {
    await knownModel(this.dataSource, 'modelName', modelName);
    return (await declaredColumnKinds(this.dataSource, modelName)).map(declarationView);
  }

  /**
   * Replaces the model's declarations, with an audit event naming the old and new ones in
   * the same transaction. Each column must be a feature of the model's newest version,
   * once; the next scan tests it as declared.
   */
  async declare(principal: Principal, input: DeclareColumnKindsInput): Promise<DeclaredColumnKindType[]> {
    const model = await knownModel(this.dataSource, 'input.modelName', input.modelName);
    const newest = await findNewestModelVersion(this.dataSource, model.id);
    if (!newest) throw badInput('input.modelName', `model ${input.modelName} has no registered version, so it has no columns to declare yet`);
    const seen = new Set<string>();
    input.columns.forEach(({ column }, i) => {
      if (!newest.features.includes(column)) {
        throw badInput(`input.columns[${i}].column`, `"${column}" is not a feature of ${input.modelName} version ${newest.version} (${newest.features.join(', ')})`);
      }
      if (seen.has(column)) throw badInput(`input.columns[${i}].column`, `"${column}" is declared twice`);
      seen.add(column);
    });
    const declarations = input.columns.map(({ column, kind }) => ({ column, kind: kind.toLowerCase() as ColumnKind }));
    const saved = await inTransaction(this.dataSource, async (manager) => {
      const previous = await replaceDeclaredColumnKinds(manager, input.modelName, declarations, principal.name);
      await appendAuditEvent(manager, {
        actor: principal.name,
        action: 'column_kinds.declared',
        subjectType: 'model',
        subjectId: input.modelName,
        payload: { columns: declarations, previous: previous.map(({ column, kind }) => ({ column, kind })) },
      });
      return declaredColumnKinds(manager, input.modelName);
    });
    return saved.map(declarationView);
  }
}

function declarationView(declaration: DeclaredColumnKind): DeclaredColumnKindType {
  return { ...declaration, kind: declaration.kind.toUpperCase() as ColumnKindName };
}
