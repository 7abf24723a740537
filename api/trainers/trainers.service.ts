import { Inject, Injectable } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import type { DataSource } from 'typeorm';
import { appendAuditEvent } from '../../db/audit-log';
import { TrainerEntity } from '../../db/entities';
import type { Principal } from '../../domain/roles';
import { DATA_SOURCE } from '../common/injection-tokens';
import { checkTrainerDefinition } from './trainer-definition';
import type { RegisterTrainerInput, TrainerType } from './trainer.types';

@Injectable()
export class TrainersService {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /**
   * Creates the trainer, or replaces its command and timeout and bumps its version.
   * Registering an unchanged definition again changes nothing and logs nothing.
   */
  async register(principal: Principal, input: RegisterTrainerInput): Promise<TrainerType> {
    const { name, command, timeoutSeconds } = checkTrainerDefinition(input);
    return this.dataSource.transaction(async (manager) => {
      const { raw: inserted } = await manager
        .createQueryBuilder()
        .insert()
        .into(TrainerEntity)
        .values({ name, command, timeoutSeconds, version: 1, createdBy: principal.name, updatedBy: principal.name })
        .orIgnore()
        .returning('id')
        .execute();
      const repository = manager.getRepository(TrainerEntity);
      // Locking the row serialises concurrent re-registrations, so versions never collide.
      let trainer = await repository.findOneOrFail({ where: { name }, lock: { mode: 'pessimistic_write' } });
      if ((inserted as unknown[]).length === 0) {
        if (isDeepStrictEqual(trainer.command, command) && trainer.timeoutSeconds === timeoutSeconds) return trainer;
        trainer = await repository.save({ ...trainer, command, timeoutSeconds, version: trainer.version + 1, updatedBy: principal.name });
      }
      await appendAuditEvent(manager, {
        actor: principal.name,
        action: 'trainer.registered',
        subjectType: 'trainer',
        subjectId: trainer.id,
        payload: { name, version: trainer.version, command, timeoutSeconds },
      });
      return trainer;
    });
  }

  trainers(): Promise<TrainerType[]> {
    return this.dataSource.getRepository(TrainerEntity).find({ order: { name: 'ASC' } });
  }
}
