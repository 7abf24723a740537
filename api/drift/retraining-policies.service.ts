import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { appendAuditEvent } from '../../db/audit-log';
import { policyForRelease } from '../../db/approval-policies';
import { inTransaction } from '../../db/db';
import { findRetrainingPolicy, saveRetrainingPolicy, type RetrainingPolicyRow } from '../../db/retraining-policies';
import { DRIFT_MONITOR_ACTOR } from '../../domain/drift';
import { formatDuration, parseDuration } from '../../domain/duration';
import { badInput } from '../../domain/errors';
import type { Principal } from '../../domain/roles';
import type { Config } from '../../platform/config';
import { CONFIG, DATA_SOURCE } from '../common/injection-tokens';
import { deployRequest } from '../pipelines/deploy-options';
import { knownModel } from './known-model';
import type { RetrainingPolicyType, SetRetrainingPolicyInput } from './retraining-policy.types';

const MAX_CONSECUTIVE_DRIFTED_SCANS = 100;
const CONFIRMATION_SIGNALS = { min: 2, max: 100 };

@Injectable()
export class RetrainingPoliciesService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async get(modelName: string): Promise<RetrainingPolicyType | null> {
    await knownModel(this.dataSource, 'modelName', modelName);
    const policy = await findRetrainingPolicy(this.dataSource, modelName);
    return policy && policyView(policy);
  }

  /**
   * Creates or replaces a model's policy. The deploy request is checked as a pipeline's
   * is (within the approval policy that governs the model there), with the drift monitor
   * as the requester: the retrained version waits at the same approval gate, which whoever
   * last set this retraining policy may not decide (separation of duties), so naming
   * yourself as an approver is refused.
   */
  async set(principal: Principal, input: SetRetrainingPolicyInput): Promise<RetrainingPolicyType> {
    await knownModel(this.dataSource, 'input.modelName', input.modelName);
    const scans = input.consecutiveDriftedScans ?? null;
    if (scans !== null && !(Number.isInteger(scans) && scans >= 1 && scans <= MAX_CONSECUTIVE_DRIFTED_SCANS)) {
      throw badInput('input.consecutiveDriftedScans', `must be an integer from 1 to ${MAX_CONSECUTIVE_DRIFTED_SCANS}`);
    }
    if (scans === null && !input.onConceptDrift) {
      throw badInput('input.consecutiveDriftedScans', 'a policy needs a trigger: set consecutiveDriftedScans, onConceptDrift: true, or both');
    }
    const signals = input.confirmationSignals;
    if (!(Number.isInteger(signals) && signals >= CONFIRMATION_SIGNALS.min && signals <= CONFIRMATION_SIGNALS.max)) {
      throw badInput('input.confirmationSignals', `must be an integer from ${CONFIRMATION_SIGNALS.min} to ${CONFIRMATION_SIGNALS.max}: one signal is what needs confirming`);
    }
    const cooldownMs = parseDuration(input.cooldown);
    if (cooldownMs === null) throw badInput('input.cooldown', `must be a duration like 30m, 24h or 7d (got ${JSON.stringify(input.cooldown)})`);
    const approvalPolicy = await policyForRelease(this.dataSource, input.modelName, input.deploy.environment);
    const deploy = deployRequest(input.deploy, DRIFT_MONITOR_ACTOR, this.config.apiTokens, approvalPolicy, [
      { name: principal.name, reason: 'sets this retraining policy, so may not approve the runs it starts (separation of duties)' },
    ])!;
    const saved = await inTransaction(this.dataSource, async (manager) => {
      const previous = await findRetrainingPolicy(manager, input.modelName);
      // What the policy says is also what the audit event records.
      const settings = {
        enabled: input.enabled,
        consecutiveDriftedScans: scans,
        onConceptDrift: input.onConceptDrift,
        conceptDriftConfirmation: input.conceptDriftConfirmation,
        confirmationSignals: signals,
        cooldownMs,
        deploy,
      };
      const policy = await saveRetrainingPolicy(manager, { modelName: input.modelName, ...settings, updatedBy: principal.name });
      await appendAuditEvent(manager, {
        actor: principal.name,
        action: previous ? 'retraining_policy.updated' : 'retraining_policy.created',
        subjectType: 'retraining_policy',
        subjectId: input.modelName,
        payload: settings,
      });
      return policy;
    });
    return policyView(saved);
  }
}

function policyView(policy: RetrainingPolicyRow): RetrainingPolicyType {
  return {
    modelName: policy.modelName,
    enabled: policy.enabled,
    consecutiveDriftedScans: policy.consecutiveDriftedScans,
    onConceptDrift: policy.onConceptDrift,
    conceptDriftConfirmation: policy.conceptDriftConfirmation,
    confirmationSignals: policy.confirmationSignals,
    cooldown: formatDuration(policy.cooldownMs),
    deploy: policy.deploy,
    updatedBy: policy.updatedBy,
    updatedAt: policy.updatedAt,
  };
}
