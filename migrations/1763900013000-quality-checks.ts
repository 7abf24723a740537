import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Gate" now means a human approval gate only: the metric thresholds an evaluation applies
 * are quality checks. Renames them where Provenant reads them back: evaluation reports
 * (`gates`, `gatesPassed`, each result's `gate`), model release evidence on approval gates,
 * the thresholds in pipeline run inputs and the status of runs that missed one. Audit
 * events keep the names they were written with: their payloads are hash-chained history.
 */
export class QualityChecks1763900013000 implements MigrationInterface {
  name = 'QualityChecks1763900013000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(renames({ list: ['gates', 'qualityChecks'], item: ['gate', 'check'], passed: ['gatesPassed', 'qualityChecksPassed'], input: ['qualityGates', 'qualityChecks'] }));
    await db.query(`
      ALTER TABLE evaluation_report RENAME COLUMN gates_passed TO quality_checks_passed;
      UPDATE pipeline_run
        SET status = 'QUALITY_CHECKS_FAILED', error = regexp_replace(error, '^quality gates failed: ', 'quality checks failed: ')
        WHERE status = 'GATE_FAILED';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(renames({ list: ['qualityChecks', 'gates'], item: ['check', 'gate'], passed: ['qualityChecksPassed', 'gatesPassed'], input: ['qualityChecks', 'qualityGates'] }));
    await db.query(`
      ALTER TABLE evaluation_report RENAME COLUMN quality_checks_passed TO gates_passed;
      UPDATE pipeline_run
        SET status = 'GATE_FAILED', error = regexp_replace(error, '^quality checks failed: ', 'quality gates failed: ')
        WHERE status = 'QUALITY_CHECKS_FAILED';
    `);
  }
}

type Rename = [from: string, to: string];

/** The UPDATEs renaming the keys of reports, release evidence and run inputs, from → to. */
function renames(keys: { list: Rename; item: Rename; passed: Rename; input: Rename }): string {
  const [list] = keys.list;
  const [passed, newPassed] = keys.passed;
  const [input, newInput] = keys.input;
  return `
    UPDATE evaluation_report
      SET report = (${withListRenamed('report', keys)} - '${passed}') || jsonb_build_object('${newPassed}', report->'${passed}')
      WHERE report ? '${list}';
    UPDATE approval_gate
      SET evidence = ${withListRenamed('evidence', keys)}
      WHERE evidence ? '${list}';
    UPDATE pipeline_run
      SET input = (input - '${input}') || jsonb_build_object('${newInput}', input->'${input}')
      WHERE input ? '${input}';
  `;
}

/** `column` with its list of results moved to the new key, each result's name key renamed, in order. */
function withListRenamed(column: string, keys: { list: Rename; item: Rename }): string {
  const [list, newList] = keys.list;
  const [item, newItem] = keys.item;
  return `((${column} - '${list}') || jsonb_build_object('${newList}', (
    SELECT coalesce(jsonb_agg((result - '${item}') || jsonb_build_object('${newItem}', result->'${item}') ORDER BY position), '[]')
    FROM jsonb_array_elements(${column}->'${list}') WITH ORDINALITY AS results(result, position)
  )))`;
}
