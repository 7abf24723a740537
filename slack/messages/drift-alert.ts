import type { DeployEnvironment } from '../../domain/approval';
import { driftReportUrl, type ColumnDriftResult, type DetectorOutcome, type RetrainingDecision } from '../../domain/drift';
import { conceptDriftsInWindow, type ConceptDriftDetector, type DriftEvidence } from '../../domain/drift-signals';
import { DRIFT_TESTS } from '../../ml/drift/drift-tests';
import { context, escapeText, link, plainText, section, slackDate, type SlackBlock, type SlackMessage } from './block-kit';
import { formatNumber } from './gate-message';

/** A stored drift report as the alert shows it. */
export interface DriftAlertView extends DriftEvidence {
  reportId: string;
  modelName: string;
  /** The scanned model version's number. */
  version: number;
  environment: DeployEnvironment | null;
  /** The scanned dataset version by name, when the current sample is one. */
  currentDataset: { datasetName: string; version: number } | null;
  reference: { rows: number };
  driftShare: number;
  driftShareThreshold: number;
  numberOfColumns: number;
  numberOfDriftedColumns: number;
  retraining: RetrainingDecision | null;
}

/** The alert names this many drifting features; the report has the rest. */
const TOP_DRIFTING_FEATURES = 5;

/**
 * The message in the alerts channel for a report that shows drift: what was scanned,
 * the features that drifted most, the model's output, data quality, concept drift and
 * what the retraining policy decided, with a link to the full report.
 */
export function driftAlertMessage(view: DriftAlertView, publicUrl: string): SlackMessage {
  const subject = `${view.modelName} v${view.version} ${scopeOf(view)}`;
  const share = `${view.numberOfDriftedColumns} of ${view.numberOfColumns} features drifted`;
  const blocks: SlackBlock[] = [
    { type: 'header', text: plainText(`Drift: ${subject}`) },
    section(
      `*${escapeText(view.modelName)}* version *${view.version}*, ${sampleText(view)}: ${share}` +
        ` (share *${formatNumber(view.driftShare)}*, threshold ${formatNumber(view.driftShareThreshold)}): ` +
        (view.datasetDrift ? '*dataset drift*.' : 'no dataset drift.'),
    ),
    section(topFeaturesText(view.columns)),
    section(`*Prediction drift*\n${predictionDriftText(view.predictionDrift)}`),
    section(dataQualityText(view.columns)),
    section(conceptDriftText(view)),
    section(`*Retraining*\n${retrainingText(view.retraining)}`),
    context(`${link(driftReportUrl(publicUrl, view.reportId), 'Drift report')} · report \`${view.reportId}\``),
  ];
  return { text: `Drift: ${subject}: ${share}`, blocks };
}

function scopeOf(view: DriftAlertView): string {
  if (view.currentDataset) return `on ${view.currentDataset.datasetName} v${view.currentDataset.version}`;
  return `in ${view.environment ?? 'no environment'}`;
}

/** What was compared, as mrkdwn: the traffic window (in the reader's time zone) or the dataset version. */
function sampleText(view: DriftAlertView): string {
  const { current, currentDataset } = view;
  const scanned =
    current.kind === 'prediction_log'
      ? `${current.environment} traffic from ${slackDate(current.from)} to ${slackDate(current.to)}`
      : `dataset ${escapeText(currentDataset ? `${currentDataset.datasetName} v${currentDataset.version}` : current.datasetVersionId)}`;
  return `${scanned} (${current.rows} rows) against the reference (${view.reference.rows} rows)`;
}

/**
 * How far past its threshold a drifted column is, comparable across tests: threshold ÷
 * p-value for a test, statistic ÷ threshold for a distance (a zero divisor is infinitely far).
 */
function overshoot(column: ColumnDriftResult): number {
  const [numerator, denominator] = DRIFT_TESTS[column.test].score === 'p_value' ? [column.threshold, column.pValue ?? 0] : [column.statistic, column.threshold];
  return denominator === 0 ? Infinity : numerator / denominator;
}

function topFeaturesText(columns: ColumnDriftResult[]): string {
  const drifted = columns.filter((column) => column.drifted).sort((a, b) => overshoot(b) - overshoot(a) || a.column.localeCompare(b.column));
  if (drifted.length === 0) return '*Drifting features*\n• none';
  const lines = drifted.slice(0, TOP_DRIFTING_FEATURES).map((column) => `• *${escapeText(column.column)}*: ${testText(column)}`);
  const more = drifted.length - TOP_DRIFTING_FEATURES;
  return ['*Top drifting features*', ...lines, ...(more > 0 ? [`…and ${more} more in the report`] : [])].join('\n');
}

/** `ks statistic 0.31, p-value 0.0001 < 0.05` for a test, `wasserstein 0.31 ≥ 0.1` for a distance. */
function testText(column: ColumnDriftResult): string {
  // Underscores would start italics in mrkdwn.
  const test = column.test.replace(/_/g, '-');
  if (DRIFT_TESTS[column.test].score === 'distance') {
    return `${test} ${scoreText(column.statistic)} ${column.drifted ? '≥' : '<'} ${formatNumber(column.threshold)}`;
  }
  return `${test} statistic ${scoreText(column.statistic)}, p-value ${scoreText(column.pValue)} ${column.drifted ? '<' : '≥'} ${formatNumber(column.threshold)}`;
}

/** jsonb keeps a NaN (a test the samples leave undefined) as null: shown as n/a, never as a number. */
function scoreText(value: number | null): string {
  return value === null || Number.isNaN(value) ? 'n/a' : formatNumber(value);
}

function predictionDriftText(prediction: ColumnDriftResult | null): string {
  if (!prediction) return 'not measured: nothing was scored';
  return `${prediction.drifted ? ':warning: drifted' : 'no drift'}: ${testText(prediction)}`;
}

function dataQualityText(columns: ColumnDriftResult[]): string {
  const problems = columns.filter((column) => column.quality.drifted).map(({ quality }) => {
    const parts: string[] = [];
    if (quality.currentNullShare > quality.referenceNullShare) {
      parts.push(`missing ${percent(quality.referenceNullShare)} → ${percent(quality.currentNullShare)}`);
    }
    if (quality.unseenCategories.length > 0) {
      parts.push(`unseen categories ${quality.unseenCategories.map(escapeText).join(', ')} (${percent(quality.unseenShare)} of values)`);
    }
    return `• *${escapeText(quality.column)}*: ${parts.join('; ')}`;
  });
  return ['*Data quality*', ...(problems.length > 0 ? problems : ['• no problems'])].join('\n');
}

function conceptDriftText(view: DriftAlertView): string {
  const concept = view.conceptDrift;
  if (!concept) return '*Concept drift*\nnot measured: no labelled predictions in this scan';
  const heading = `*Concept drift* (${concept.metric.replace(/_/g, ' ')} over ${concept.labelledRows} labelled predictions)`;
  if (!concept.ddm && !concept.eddm && !concept.pageHinkley) return `${heading}\nno detector ran`;
  const signals = conceptDriftsInWindow(concept, view.current);
  const detector = (name: ConceptDriftDetector, label: string, outcome: DetectorOutcome | null | undefined) => {
    if (!outcome) return null;
    const inWindow = signals.filter((signal) => signal.detector === name).map((signal) => slackDate(signal.at));
    return `• ${label}: *${outcome.level}*${inWindow.length > 0 ? `, drift signalled ${inWindow.join(', ')}` : ''}`;
  };
  return [heading, detector('DDM', 'DDM', concept.ddm), detector('EDDM', 'EDDM', concept.eddm), detector('PAGE_HINKLEY', 'Page–Hinkley', concept.pageHinkley)]
    .filter((line) => line !== null)
    .join('\n');
}

function retrainingText(decision: RetrainingDecision | null): string {
  if (!decision) return 'not decided';
  const run = decision.pipelineWorkflowId ? ` Run \`${escapeText(decision.pipelineWorkflowId)}\`.` : '';
  return `*${decision.action.replace('_', ' ').toLowerCase()}*: ${escapeText(decision.reason)}.${run}`;
}

function percent(share: number): string {
  return `${formatNumber(share * 100)}%`;
}
