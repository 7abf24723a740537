/**
 * The few Block Kit shapes Provenant sends (https://api.slack.com/block-kit), loosely typed:
 * Slack validates the full schema and reports `invalid_blocks` by name.
 */
export interface SlackBlock {
  type: string;
  [field: string]: unknown;
}

export interface SlackMessage {
  /** Shown in notifications and by clients that cannot render blocks. */
  text: string;
  blocks: SlackBlock[];
}

/** A reply to a slash command, in the HTTP response; ephemeral: only the caller sees it. */
export interface SlashCommandReply extends SlackMessage {
  response_type: 'ephemeral';
}

export interface SlackView {
  type: 'modal';
  callback_id: string;
  private_metadata: string;
  title: PlainText;
  submit: PlainText;
  close: PlainText;
  blocks: SlackBlock[];
}

export interface PlainText {
  type: 'plain_text';
  text: string;
}

/** Slack's limit for a section's text; longer is refused as invalid_blocks. */
const SECTION_TEXT_LIMIT = 3000;

/** `&`, `<` and `>` are Slack's control characters; anything people typed must have them escaped. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

export function plainText(text: string, limit = 150): PlainText {
  return { type: 'plain_text', text: truncate(text, limit) };
}

export function section(markdown: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(markdown, SECTION_TEXT_LIMIT) } };
}

export function context(markdown: string): SlackBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(markdown, SECTION_TEXT_LIMIT) }] };
}

/** A time every reader sees in their own time zone; the fallback after `|` is UTC. */
export function slackDate(iso: string): string {
  const unixSeconds = Math.floor(Date.parse(iso) / 1000);
  return `<!date^${unixSeconds}^{date_short_pretty} {time}|${iso}>`;
}

export function link(url: string, label: string): string {
  return `<${url}|${escapeText(label)}>`;
}

export function ephemeralReply(text: string, blocks: SlackBlock[] = [section(text)]): SlashCommandReply {
  return { response_type: 'ephemeral', text, blocks };
}
