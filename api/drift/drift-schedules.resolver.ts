import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../domain/roles';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { DriftScheduleType, ScheduleDriftScanInput } from './drift-schedule.types';
import { DriftSchedulesService } from './drift-schedules.service';

@Resolver(() => DriftScheduleType)
export class DriftSchedulesResolver {
  constructor(private readonly schedules: DriftSchedulesService) {}

  @Query(() => [DriftScheduleType], { description: 'Drift schedules with their live state in Temporal, of one model or all.' })
  @Allow(...ALL_ROLES)
  driftSchedules(
    @Args('modelName', { type: () => String, nullable: true, description: "Only this model's schedules; null: every model's." }) modelName: string | null,
  ) {
    return this.schedules.list(modelName ?? null);
  }

  @Mutation(() => DriftScheduleType, { description: 'Scans a model’s traffic in an environment on a Temporal Schedule; one per model and environment.' })
  @Allow('engineer', 'ops', 'admin')
  scheduleDriftScan(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The model, environment, interval or cron, and window.' }) input: ScheduleDriftScanInput,
  ) {
    return this.schedules.create(principal, input);
  }

  @Mutation(() => DriftScheduleType, { description: 'Pauses a drift schedule: no scans until it is resumed (roles engineer, ops and admin).' })
  @Allow('engineer', 'ops', 'admin')
  pauseDriftSchedule(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID, description: "The schedule's id." }) id: string,
    @Args('reason', { description: "Why, shown as the schedule's note and kept in the audit log." }) reason: string,
  ) {
    return this.schedules.pause(principal, id, reason);
  }

  @Mutation(() => DriftScheduleType, { description: 'Resumes a paused drift schedule (roles engineer, ops and admin).' })
  @Allow('engineer', 'ops', 'admin')
  resumeDriftSchedule(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID, description: "The schedule's id." }) id: string) {
    return this.schedules.resume(principal, id);
  }

  @Mutation(() => DriftScheduleType, { description: 'Starts a scan now; skipped if one of this schedule’s scans is still running.' })
  @Allow('engineer', 'ops', 'admin')
  runDriftScheduleNow(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID, description: "The schedule's id." }) id: string) {
    return this.schedules.runNow(principal, id);
  }

  @Mutation(() => ID, { description: 'Deletes the schedule; returns its id. Its past reports stay.' })
  @Allow('engineer', 'ops', 'admin')
  deleteDriftSchedule(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID, description: "The schedule's id." }) id: string) {
    return this.schedules.delete(principal, id);
  }
}
