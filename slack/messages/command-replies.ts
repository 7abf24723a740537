import type { PipelineStatus, StageStatus } from '../../domain/pipeline';
import { context, ephemeralReply, escapeText, link, section, slackDate, type SlashCommandReply } from './block-kit';
import { approvalCount, evidenceUrl, gateSubjectText, type GateView } from './gate-message';

export const SLASH_COMMAND = '/provenant';

/** A Slack message holds at most 50 blocks; the rest of a long list is counted, not shown. */
const MAX_LISTED_GATES = 40;

export function helpReply(): SlashCommandReply {
  return ephemeralReply(
    [
      `*${SLASH_COMMAND} approvals*: open approval gates you may decide`,
      `*${SLASH_COMMAND} status <workflowId>*: where a pipeline run is`,
      `*${SLASH_COMMAND} help*: this list`,
    ].join('\n'),
  );
}

/** A refusal only the caller sees. */
export function errorReply(message: string): SlashCommandReply {
  return ephemeralReply(`:warning: ${escapeText(message)}`);
}

/** `/provenant approvals`: the open gates this person may decide, oldest deadline first. */
export function pendingApprovalsReply(gates: GateView[], publicUrl: string): SlashCommandReply {
  if (gates.length === 0) return ephemeralReply('No approval gates are waiting for you.');
  const sorted = [...gates].sort((a, b) => Date.parse(a.deadline) - Date.parse(b.deadline));
  const text = `${gates.length} approval gate${gates.length === 1 ? '' : 's'} waiting for you; decide from each gate's message in the approvals channel.`;
  return ephemeralReply(text, [
    section(text),
    ...sorted.slice(0, MAX_LISTED_GATES).map((gate) =>
      section(
        gateSubjectText(gate) +
          ` · ${approvalCount(gate.decisions)} of ${gate.requiredApprovals} approvals · expires ${slackDate(gate.deadline)}\n` +
          `${link(evidenceUrl(gate, publicUrl), 'Evidence')} · workflow \`${escapeText(gate.workflowId)}\``,
      ),
    ),
    ...(sorted.length > MAX_LISTED_GATES ? [context(`and ${sorted.length - MAX_LISTED_GATES} more, due later`)] : []),
  ]);
}

/** What `/provenant status` shows of a pipeline run; the API's pipeline run view fits it. */
export interface PipelineRunSummary {
  workflowId: string;
  modelName: string;
  status: PipelineStatus;
  currentStage: string;
  stages: { name: string; status: string; attempts: number; error: string | null }[];
  error: string | null;
  modelVersionId: string | null;
}

const STAGE_ICON: Record<StageStatus, string> = {
  PENDING: ':white_circle:',
  RUNNING: ':large_blue_circle:',
  SUCCEEDED: ':white_check_mark:',
  FAILED: ':x:',
  CANCELLED: ':no_entry_sign:',
  SKIPPED: ':fast_forward:',
};

export function pipelineStatusReply(run: PipelineRunSummary): SlashCommandReply {
  const headline = `*${escapeText(run.modelName)}* pipeline \`${escapeText(run.workflowId)}\` is *${run.status}* (stage: ${escapeText(run.currentStage)})`;
  const stages = run.stages.map((stage) => {
    const icon = STAGE_ICON[stage.status as StageStatus] ?? ':grey_question:';
    const retries = stage.attempts > 1 ? ` after ${stage.attempts} attempts` : '';
    return `${icon} ${escapeText(stage.name)}: ${stage.status.toLowerCase()}${retries}${stage.error ? `: ${escapeText(stage.error)}` : ''}`;
  });
  const blocks = [section(headline), section(stages.join('\n'))];
  if (run.error) blocks.push(section(`:warning: ${escapeText(run.error)}`));
  if (run.modelVersionId) blocks.push(context(`model version \`${run.modelVersionId}\``));
  return ephemeralReply(`${run.modelName} pipeline ${run.workflowId} is ${run.status}`, blocks);
}
