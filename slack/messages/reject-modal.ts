import { plainText, section, type SlackView } from './block-kit';

export const REJECT_MODAL_CALLBACK = 'provenant_gate_reject_modal';
const COMMENT_BLOCK = 'provenant_reject_comment';
const COMMENT_ACTION = 'comment';

/** Where the rejection came from, so the submission can decide that gate and update that message. */
export interface RejectContext {
  gateId: string;
  channel: string;
  messageTs: string;
}

/** A rejection needs a reason: the modal asks for one and Slack will not submit it empty. */
export function rejectModal(rejecting: RejectContext): SlackView {
  return {
    type: 'modal',
    callback_id: REJECT_MODAL_CALLBACK,
    private_metadata: JSON.stringify(rejecting),
    title: plainText('Reject deployment', 24),
    submit: plainText('Reject', 24),
    close: plainText('Cancel', 24),
    blocks: [
      section('Rejecting ends this pipeline run *REJECTED*; the model version stays registered. Your reason is kept in the audit log.'),
      {
        type: 'input',
        block_id: COMMENT_BLOCK,
        label: plainText('Why are you rejecting it?', 2000),
        element: { type: 'plain_text_input', action_id: COMMENT_ACTION, multiline: true, max_length: 2000 },
      },
    ],
  };
}

/** The answer to a submission that keeps the modal open, with `message` under the comment field. */
export function rejectModalError(message: string): { response_action: 'errors'; errors: Record<string, string> } {
  return { response_action: 'errors', errors: { [COMMENT_BLOCK]: message } };
}

/** The modal's context back from `private_metadata`; null if it is not one this app wrote. */
export function rejectContextOf(privateMetadata: string): RejectContext | null {
  try {
    const parsed = JSON.parse(privateMetadata) as Partial<RejectContext>;
    const { gateId, channel, messageTs } = parsed;
    if (typeof gateId !== 'string' || typeof channel !== 'string' || typeof messageTs !== 'string') return null;
    return { gateId, channel, messageTs };
  } catch {
    return null;
  }
}

/** The comment typed into a submitted reject modal (`view.state.values`). */
export function rejectCommentOf(values: Record<string, Record<string, { value?: string | null }>> | undefined): string | null {
  return values?.[COMMENT_BLOCK]?.[COMMENT_ACTION]?.value ?? null;
}
