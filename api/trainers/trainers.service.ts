import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { inTransaction } from '../../db/db';
import { listTrainers, registerTrainer } from '../../db/registry';
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
  register(principal: Principal, input: RegisterTrainerInput): Promise<TrainerType> {
    const definition = checkTrainerDefinition(input);
    return inTransaction(this.dataSource, (tx) => registerTrainer(tx, definition, principal.name));
  }

  trainers(): Promise<TrainerType[]> {
    return listTrainers(this.dataSource);
  }
}
