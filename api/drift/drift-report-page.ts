import { formatNumber } from '../../slack/messages/gate-message';
import { histogramSpec, performanceSpec, renderChart } from './drift-report-charts';
import type { ColumnQualityType, ConceptDriftType, DetectorOutcomeType, DriftColumnType, DriftConfirmationType, DriftReportType, PerformanceEstimateType } from './drift-report.types';

/**
 * A drift report as one self-contained HTML page: inline CSS, charts as inline SVG, no
 * JavaScript and no URL but its own, so it opens offline, can be archived or attached as
 * it is, and a strict Content-Security-Policy costs it nothing. Everything from the report
 * is escaped: column names and categories come from user data.
 */
export async function renderDriftReportPage(report: DriftReportType): Promise<string> {
  const [histograms, predictionChart, performanceChart] = await Promise.all([
    Promise.all(report.columns.map((column) => renderChart(histogramSpec(column.histogram)))),
    report.predictionDrift ? renderChart(histogramSpec(report.predictionDrift.histogram)) : null,
    report.conceptDrift && report.conceptDrift.windows.some((window) => window.value !== null) ? renderChart(performanceSpec(report.conceptDrift)) : null,
  ]);
  const environment = report.environment ?? 'no environment (dataset scan)';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Drift report: ${text(report.modelName)} v${report.modelVersion}, ${text(environment)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Drift report: ${text(report.modelName)} version ${report.modelVersion}</h1>
<p class="verdict ${report.datasetDrift ? 'drifted' : 'stable'}">${text(datasetVerdict(report))}</p>
</header>
${summarySection(report, environment)}
${columnsSection(report.columns)}
<section id="distributions">
<h2>Feature distributions</h2>
<p class="hint">Share of each sample’s values per bin (numeric) or category, so samples of different sizes compare.</p>
<div class="charts">
${report.columns.map((column, i) => chartFigure('histogram', column.column, verdict(column), histograms[i])).join('\n')}
</div>
</section>
${predictionSection(report.predictionDrift, predictionChart)}
${qualitySection(report.dataQuality)}
${conceptSection(report.conceptDrift, performanceChart)}
${estimateSection(report.performanceEstimate)}
${retrainingSection(report)}
<footer>Scan <code>${text(report.workflowId)}</code>, report <code>${text(report.id)}</code>, created ${text(report.createdAt.toISOString())}. Permalink: <a href="${text(report.reportUrl)}">${text(report.reportUrl)}</a></footer>
</body>
</html>
`;
}

function datasetVerdict(report: DriftReportType): string {
  const untested = report.numberOfColumns - report.numberOfTestedColumns;
  if (report.numberOfTestedColumns === 0) {
    return `Not enough data: no column had the values its test needs, so nothing could drift (${untested} of ${report.numberOfColumns} columns not tested).`;
  }
  const notTested = untested > 0 ? `; ${untested} not tested for lack of data` : '';
  const share = `${report.numberOfDriftedColumns} of ${report.numberOfTestedColumns} tested columns drifted (${percent(report.driftShare)})${notTested}`;
  return report.datasetDrift
    ? `Dataset drift: ${share}, at or above the ${percent(report.driftShareThreshold)} threshold.`
    : `No dataset drift: ${share}, below the ${percent(report.driftShareThreshold)} threshold.`;
}

function summarySection(report: DriftReportType, environment: string): string {
  const current = report.current;
  const currentSample =
    current.kind === 'prediction_log'
      ? `${count(current.rows)} logged predictions in ${current.environment} from ${current.from} to ${current.to}`
      : `${count(current.rows)} rows of dataset version ${current.datasetVersionId}`;
  const concept = report.conceptDrift;
  const facts: [string, string][] = [
    ['Model', report.modelName],
    ['Version', `${report.modelVersion} (${report.modelVersionId})`],
    ['Environment', environment],
    ['Deployment', report.deploymentId ?? 'none running'],
    ['Reference sample', `${count(report.reference.rows)} rows of dataset version ${report.reference.datasetVersionId}`],
    ['Current sample', currentSample],
    ['Drift share', `${percent(report.driftShare)} of ${report.numberOfTestedColumns} tested columns (threshold ${percent(report.driftShareThreshold)})`],
    ['Dataset drift', report.datasetDrift ? 'yes' : 'no'],
    ['Prediction drift', report.predictionDrift ? verdict(report.predictionDrift) : 'not measured (nothing was scored)'],
    ['Concept drift', concept ? conceptVerdict(concept) : 'not measured (a dataset version has no ground truth)'],
    ['Estimated performance', report.performanceEstimate ? estimateVerdict(report.performanceEstimate) : 'not estimated (regression, or a reference without labels)'],
    ['Triggered by', report.scheduleId ? `${report.triggeredBy} (schedule ${report.scheduleId})` : report.triggeredBy],
  ];
  return `<section id="summary">
<h2>Summary</h2>
${factsTable(facts)}
</section>`;
}

const COLUMN_HEADINGS = ['Column', 'Kind', 'Test', 'Chosen by', 'Statistic', 'p-value', 'Threshold', 'Reference rows (missing)', 'Current rows (missing)', 'Verdict'];

function columnRow(column: DriftColumnType): string {
  const cells = [
    column.column,
    column.kind,
    column.binned ? `${column.test} (binned)` : column.test,
    chosenBy(column),
    column.statistic === null ? '–' : `${formatNumber(column.statistic)}${boundOf(column)}`,
    column.pValue === null ? '–' : formatNumber(column.pValue),
    formatNumber(column.threshold),
    `${count(column.referenceSize)} (${count(column.referenceMissing)})`,
    `${count(column.currentSize)} (${count(column.currentMissing)})`,
  ];
  const note = column.note ? ` <span class="note">${text(column.note)}</span>` : '';
  const verdictClass = column.status === 'NOT_ENOUGH_DATA' ? 'untested' : column.drifted ? 'drifted' : 'stable';
  return `<tr>${cells.map((cell) => `<td>${text(cell)}</td>`).join('')}<td class="${verdictClass}">${verdict(column)}${note}</td></tr>`;
}

/** A statistic from histograms or sketches is shown with its proven bound: ± for the distances, the most it may rise for KS (computed at bucket edges). */
function boundOf(column: DriftColumnType): string {
  if (!column.errorBound) return '';
  return column.test === 'ks' ? ` (at most +${formatNumber(column.errorBound)})` : ` ± ${formatNumber(column.errorBound)}`;
}

const TEST_RULES: Record<NonNullable<DriftColumnType['testChosenBy']>, string> = {
  SMALL_REFERENCE_NUMERIC: '≤ 1000 reference rows, > 5 values',
  SMALL_REFERENCE_NUMERIC_FEW_VALUES: '≤ 1000 reference rows, ≤ 5 values: as categorical',
  SMALL_REFERENCE_CATEGORICAL: '≤ 1000 reference rows, categorical',
  SMALL_REFERENCE_TWO_VALUES: '≤ 1000 reference rows, ≤ 2 values',
  LARGE_REFERENCE_NUMERIC: '> 1000 reference rows, > 5 values',
  LARGE_REFERENCE_NUMERIC_FEW_VALUES: '> 1000 reference rows, ≤ 5 values: as categorical',
  LARGE_REFERENCE_CATEGORICAL: '> 1000 reference rows, categorical',
};

/** Which kind and which of Evidently's default rules chose the column's test, in a few words. */
function chosenBy(column: DriftColumnType): string {
  const kind = column.kindChosenBy === 'DECLARED' ? 'kind declared' : column.kindChosenBy === 'SCHEMA' ? 'kind from schema' : null;
  const rule = column.testChosenBy ? TEST_RULES[column.testChosenBy] : 'chosen explicitly';
  return kind ? `${kind}; ${rule}` : rule;
}

function columnsSection(columns: DriftColumnType[]): string {
  return `<section id="columns">
<h2>Column drift</h2>
${columnTable(columns)}
</section>`;
}

function columnTable(columns: DriftColumnType[]): string {
  return `<table>
<thead><tr>${COLUMN_HEADINGS.map((heading) => `<th scope="col">${heading}</th>`).join('')}</tr></thead>
<tbody>
${columns.map(columnRow).join('\n')}
</tbody>
</table>`;
}

function predictionSection(prediction: DriftColumnType | null, chart: string | null): string {
  if (!prediction || !chart) {
    return `<section id="prediction-drift"><h2>Prediction drift</h2><p>Not measured: nothing was scored.</p></section>`;
  }
  return `<section id="prediction-drift">
<h2>Prediction drift</h2>
${columnTable([prediction])}
<div class="charts">${chartFigure('prediction', prediction.column, verdict(prediction), chart)}</div>
</section>`;
}

function qualitySection(quality: ColumnQualityType[]): string {
  const rows = quality.map((entry) => {
    const unseen = entry.unseenCategories.length > 0 ? entry.unseenCategories.join(', ') : '–';
    const cells = [entry.column, percent(entry.referenceNullShare), percent(entry.currentNullShare), unseen, percent(entry.unseenShare)];
    const finding = entry.noCurrentValues ? 'no values in the current sample' : entry.drifted ? 'degraded' : 'as reference';
    return `<tr>${cells.map((cell) => `<td>${text(cell)}</td>`).join('')}<td class="${entry.drifted ? 'drifted' : 'stable'}">${finding}</td></tr>`;
  });
  return `<section id="data-quality">
<h2>Data quality</h2>
<table>
<thead><tr><th scope="col">Column</th><th scope="col">Missing (reference)</th><th scope="col">Missing (current)</th><th scope="col">Unseen categories</th><th scope="col">Unseen share</th><th scope="col">Verdict</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>`;
}

function conceptVerdict(concept: ConceptDriftType): string {
  const levels = [
    concept.ddm && `DDM ${concept.ddm.level}`,
    concept.eddm && `EDDM ${concept.eddm.level}`,
    concept.pageHinkley && `Page–Hinkley ${concept.pageHinkley.level}`,
  ].filter((level): level is string => Boolean(level));
  return `${count(concept.labelledRows)} labelled predictions; ${levels.length > 0 ? levels.join(', ') : 'no detector ran'}`;
}

function detectorRow(name: string, outcome: DetectorOutcomeType | null, absent: string): string {
  if (!outcome) return `<tr><th scope="row">${name}</th><td colspan="3">${absent}</td></tr>`;
  const times = (list: string[]) => (list.length > 0 ? list.join(', ') : '–');
  return `<tr><th scope="row">${name}</th><td class="${outcome.level === 'NONE' ? 'stable' : 'drifted'}">${outcome.level}</td><td>${text(times(outcome.warnings))}</td><td>${text(times(outcome.drifts))}</td></tr>`;
}

function conceptSection(concept: ConceptDriftType | null, chart: string | null): string {
  if (!concept) {
    return `<section id="concept-drift"><h2>Concept drift</h2><p>Not measured: the current sample is a dataset version, which has no ground truth.</p></section>`;
  }
  const picture = chart
    ? `<div class="charts">${chartFigure('performance', `${concept.metric.replaceAll('_', ' ')} per window`, `${count(concept.labelledRows)} labelled predictions`, chart)}</div>`
    : '<p>No labelled predictions yet: record ground truth to measure performance.</p>';
  return `<section id="concept-drift">
<h2>Concept drift</h2>
${picture}
<table>
<thead><tr><th scope="col">Detector</th><th scope="col">Level</th><th scope="col">Warnings began</th><th scope="col">Drift signalled</th></tr></thead>
<tbody>
${detectorRow('DDM', concept.ddm, 'not run (regression has no stream of right and wrong predictions)')}
${detectorRow('EDDM', concept.eddm, 'not run (regression has no stream of right and wrong predictions)')}
${detectorRow('Page–Hinkley', concept.pageHinkley, 'not run (it watches the absolute errors of regression)')}
</tbody>
</table>
${confirmationsTable(concept)}
</section>`;
}

/** Every drift signal with what the window of labelled predictions after it said. */
function confirmationsTable(concept: ConceptDriftType): string {
  const detectors: [string, DetectorOutcomeType | null][] = [
    ['DDM', concept.ddm],
    ['EDDM', concept.eddm],
    ['Page–Hinkley', concept.pageHinkley],
  ];
  const rows = detectors.flatMap(([name, outcome]) => (outcome?.confirmations ?? []).map((confirmation) => confirmationRow(name, confirmation)));
  if (!concept.confirmationWindow) return '<p class="hint">Signals in this report were recorded before confirmation existed.</p>';
  const window = concept.confirmationWindow;
  const intro = `<p class="hint">A signal is confirmed when the ${count(window.rows)} labelled predictions after it show a rise of the ${concept.metric.replaceAll('_', ' ')} over the predictions before it (one-sided p &lt; ${window.significance}); a single unconfirmed signal is often noise.</p>`;
  if (rows.length === 0) return `${intro}<p>No drift signalled.</p>`;
  return `${intro}
<table>
<thead><tr><th scope="col">Detector</th><th scope="col">Signalled</th><th scope="col">Before (rows, mean)</th><th scope="col">After (rows, mean)</th><th scope="col">p-value</th><th scope="col">Confirmation</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

function confirmationRow(detector: string, confirmation: DriftConfirmationType): string {
  const status =
    confirmation.status === 'CONFIRMED'
      ? `confirmed at ${confirmation.decidedAt}`
      : confirmation.status === 'NOT_CONFIRMED'
        ? `not confirmed (decided at ${confirmation.decidedAt})`
        : 'pending: the window after it is not complete';
  const cells = [
    detector,
    confirmation.at,
    `${count(confirmation.rowsBefore)}, ${formatNumber(confirmation.meanBefore)}`,
    confirmation.meanAfter === null ? '0, –' : `${count(confirmation.rowsAfter)}, ${formatNumber(confirmation.meanAfter)}`,
    confirmation.pValue === null ? '–' : formatNumber(confirmation.pValue),
  ];
  const statusClass = confirmation.status === 'CONFIRMED' ? 'drifted' : 'stable';
  return `<tr>${cells.map((cell) => `<td>${text(cell)}</td>`).join('')}<td class="${statusClass}">${text(status)}</td></tr>`;
}

function estimateVerdict(estimate: PerformanceEstimateType): string {
  const last = estimate.windows.at(-1);
  if (!last) return 'no current prediction had probabilities to estimate from';
  const realised = last.realisedAccuracy === null ? 'no labels yet' : `realised ${formatNumber(last.realisedAccuracy)} on ${count(last.labelledRows)} labelled`;
  return `latest window: expected accuracy ${formatNumber(last.expectedAccuracy)} (${realised})`;
}

function estimateSection(estimate: PerformanceEstimateType | null): string {
  if (!estimate) {
    return `<section id="estimated-performance"><h2>Estimated performance</h2><p>Not estimated: CBPE applies to classification with a labelled reference.</p></section>`;
  }
  const optional = (value: number | null) => (value === null ? '–' : formatNumber(value));
  const rows = estimate.windows.map((window, i) => {
    const span = window.from === null ? `rows, window ${i + 1}` : `${window.from} – ${window.to}`;
    const cells = [span, count(window.rows), formatNumber(window.expectedAccuracy), optional(window.realisedAccuracy), formatNumber(window.expectedMacroF1), optional(window.realisedMacroF1), count(window.labelledRows)];
    return `<tr>${cells.map((cell) => `<td>${text(cell)}</td>`).join('')}</tr>`;
  });
  const skipped = estimate.rowsWithoutProbabilities > 0 ? ` ${count(estimate.rowsWithoutProbabilities)} predictions were logged without probabilities and are left out.` : '';
  return `<section id="estimated-performance">
<h2>Estimated performance</h2>
<p>${text(`Confidence-based performance estimation (${estimate.method}): accuracy and macro F1 expected from the model's probabilities, calibrated (${estimate.calibration.toLowerCase()}) on ${count(estimate.referenceRows)} labelled reference rows (there: expected ${formatNumber(estimate.referenceExpectedAccuracy)}, realised ${formatNumber(estimate.referenceRealisedAccuracy)}), beside the realised figures where labels have arrived.${skipped}`)}</p>
<table>
<thead><tr><th scope="col">Window</th><th scope="col">Predictions</th><th scope="col">Accuracy (expected)</th><th scope="col">Accuracy (realised)</th><th scope="col">Macro F1 (expected)</th><th scope="col">Macro F1 (realised)</th><th scope="col">Labelled</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
<p class="hint">Assumptions:</p>
<ul class="hint">${estimate.assumptions.map((assumption) => `<li>${text(assumption)}</li>`).join('')}</ul>
</section>`;
}

function retrainingSection(report: DriftReportType): string {
  const decision = report.retraining;
  if (!decision) return `<section id="retraining"><h2>Retraining</h2><p>No decision recorded.</p></section>`;
  const facts: [string, string][] = [
    ['Action', decision.action],
    ['Reason', decision.reason],
    ['Concept drift confirmation', decision.conceptDriftConfirmation ?? 'concept drift does not trigger retraining'],
    ...(decision.pipelineWorkflowId ? [['Pipeline workflow', decision.pipelineWorkflowId] as [string, string]] : []),
    ...(decision.pipelineRunId ? [['Pipeline run', decision.pipelineRunId] as [string, string]] : []),
  ];
  return `<section id="retraining">
<h2>Retraining</h2>
${factsTable(facts)}
</section>`;
}

function factsTable(facts: [string, string][]): string {
  return `<table class="facts">
${facts.map(([name, value]) => `<tr><th scope="row">${text(name)}</th><td>${text(value)}</td></tr>`).join('\n')}
</table>`;
}

function chartFigure(kind: string, title: string, caption: string, svg: string): string {
  return `<figure class="chart" data-chart="${kind}"><figcaption><strong>${text(title)}</strong> ${text(caption)}</figcaption>${svg}</figure>`;
}

function verdict(column: DriftColumnType): string {
  if (column.status === 'NOT_ENOUGH_DATA') return 'not enough data';
  return column.drifted ? 'drifted' : 'stable';
}

function percent(share: number): string {
  return `${formatNumber(share * 100)}%`;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for element content and quoted attribute values alike. */
function text(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}

const STYLE = `
:root { color-scheme: light; --drift: #b42318; --stable: #067647; --line: #d0d5dd; }
body { font: 14px/1.45 system-ui, sans-serif; color: #101828; margin: 0 auto; padding: 24px; max-width: 1200px; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #f2f4f7; }
table.facts th { background: #f9fafb; font-weight: 600; white-space: nowrap; }
.verdict { font-weight: 600; padding: 8px 12px; border-radius: 6px; display: inline-block; }
.verdict.drifted { background: #fef3f2; color: var(--drift); }
.verdict.stable { background: #ecfdf3; color: var(--stable); }
td.drifted { color: var(--drift); font-weight: 600; }
td.stable { color: var(--stable); }
td.untested { color: #475467; font-style: italic; }
.note { display: block; font-weight: normal; color: #475467; font-size: 12px; }
.hint { color: #475467; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure.chart { margin: 0; padding: 8px; border: 1px solid var(--line); border-radius: 6px; }
figcaption { margin-bottom: 4px; }
footer { margin-top: 32px; color: #475467; font-size: 12px; }
code { font-size: 12px; }
`;
