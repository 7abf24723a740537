// The maturity scorecard: where this deployment stands in John, Olsson & Bosch's MLOps
// maturity model, element by element, measured from Provenant's records or attested by an
// admin, and each use case's desired stage from the paper's taxonomy beside the current one.

import { badge, facts, h, notice, number, pageHeading, table, time } from './dom.mjs';
import { graphql } from './graphql.mjs';

export const title = 'Maturity';

const SCORECARD = `
  query Scorecard {
    me { role }
    maturityScorecard {
      since until source
      overall { stage complete reason }
      dimensions { dimension stage notAttested reason }
      elements {
        key dimension element paperElement practiceCodes source status stage stageDescription
        evidence { name value detail }
        nextStage { stage requirement missing }
        attestation { stage statement evidenceUrl attestedBy attestedAt }
      }
      useCases { name modelName regulatoryCompliance operationalExcellence rationale desiredStage currentStage currentStageComplete alignment updatedBy updatedAt }
    }
  }`;

const ATTEST = `
  mutation Attest($input: AttestMaturityElementInput!) {
    attestMaturityElement(input: $input) { elementKey stage }
  }`;

const SET_USE_CASE = `
  mutation SetUseCase($input: MaturityUseCaseInput!) {
    setMaturityUseCase(input: $input) { name desiredStage }
  }`;

const STAGES = ['AD_HOC', 'DATA_OPS', 'MANUAL_MLOPS', 'AUTOMATED_MLOPS', 'KAIZEN'];
const STAGE_NAMES = { AD_HOC: 'Ad hoc', DATA_OPS: 'DataOps', MANUAL_MLOPS: 'Manual MLOps', AUTOMATED_MLOPS: 'Automated MLOps', KAIZEN: 'Kaizen' };
const DIMENSION_NAMES = { DATA: 'Data', MODEL: 'Model', DEPLOYMENT: 'Deployment', OPERATIONS_AND_INFRASTRUCTURE: 'Operations & infrastructure', ORGANISATION: 'Organisation' };
const LEVELS = ['LOW', 'MEDIUM', 'HIGH'];

/** A stage as a badge, or "not attested" when an unobservable element has none. */
function stageBadge(stage) {
  return stage ? h('span', { class: `badge stage-${stage.toLowerCase()}` }, STAGE_NAMES[stage]) : h('span', { class: 'badge status-not_attested' }, 'not attested');
}

export async function render(view, _argument, { signal }) {
  const outcome = h('div', { class: 'outcome' });
  const content = h('div', {});
  const reload = async () => {
    const { me, maturityScorecard: card } = await graphql(SCORECARD, {}, { signal });
    const act = async (work, success) => {
      try {
        await work();
        outcome.replaceChildren(notice('success', success));
        await reload();
      } catch (error) {
        outcome.replaceChildren(notice('error', error.message));
      }
    };
    // h flattens the nested lists of sections and leaves out the forms non-admins do not get.
    content.replaceChildren(h('div', {}, scorecardView(card, me.role === 'admin', act)));
  };
  view.append(
    pageHeading('Maturity scorecard'),
    h('p', { class: 'hint' }, 'The 17 elements of the revised MLOps framework of John, Olsson & Bosch: measured from Provenant’s own records, or attested by an admin where Provenant cannot see. An element nobody attested has no stage.'),
    outcome,
    content,
  );
  await reload();
}

function scorecardView(card, isAdmin, act) {
  return [
    facts([
      ['Overall', [stageBadge(card.overall.stage), ' ', card.overall.complete ? '' : h('span', { class: 'muted' }, '(incomplete)')]],
      ['Why', card.overall.reason],
      ['Window', [time(card.since), ' – ', time(card.until)]],
      ['Source', card.source],
    ]),
    h('h2', {}, 'Use cases: desired stage beside the current one'),
    table(
      [
        ['Use case', (u) => (u.modelName ? `${u.name} (model ${u.modelName})` : u.name)],
        ['Regulatory compliance', (u) => u.regulatoryCompliance],
        ['Operational excellence', (u) => u.operationalExcellence],
        ['Desired stage', (u) => stageBadge(u.desiredStage)],
        ['Current stage', (u) => [stageBadge(u.currentStage), u.currentStageComplete ? '' : ' (incomplete)']],
        ['Alignment', (u) => badge(u.alignment)],
        ['Why', (u) => u.rationale],
        ['Set by', (u) => [u.updatedBy, ', ', time(u.updatedAt)]],
      ],
      card.useCases,
      { caption: 'The taxonomy gives a use case’s desired stage from its regulatory compliance and operational excellence.', empty: 'No use case is placed in the taxonomy yet.' },
    ),
    isAdmin ? useCaseForm(act) : null,
    h('h2', {}, 'Dimensions'),
    table(
      [
        ['Dimension', (d) => DIMENSION_NAMES[d.dimension]],
        ['Stage', (d) => stageBadge(d.stage)],
        ['Why', (d) => d.reason],
      ],
      card.dimensions,
    ),
    ...Object.keys(DIMENSION_NAMES).map((dimension) => [
      h('h2', {}, DIMENSION_NAMES[dimension]),
      ...card.elements.filter((element) => element.dimension === dimension).map(elementCard),
    ]),
    isAdmin ? attestationForm(card.elements.filter((element) => element.source === 'ATTESTED'), act) : null,
  ];
}

function elementCard(element) {
  return h(
    'article',
    { class: 'maturity-element', 'data-element': element.key, 'aria-labelledby': `element-${element.key}` },
    h('h3', { id: `element-${element.key}` }, element.element, ' ', stageBadge(element.stage)),
    facts([
      ['In the paper', `${element.paperElement}${element.practiceCodes.length > 0 ? ` (${element.practiceCodes.join(', ')})` : ''}`],
      ['Judged by', element.status === 'MEASURED' ? 'measured from Provenant’s records' : element.status === 'ATTESTED' ? 'an admin’s attestation' : 'nobody yet: not attested'],
      ['This stage', element.stageDescription],
      element.attestation
        ? ['Attestation', [`${element.attestation.attestedBy}, `, time(element.attestation.attestedAt), ': ', element.attestation.statement, ' ', h('a', { href: element.attestation.evidenceUrl, rel: 'noopener' }, 'evidence')]]
        : null,
      element.nextStage ? [`For ${STAGE_NAMES[element.nextStage.stage]}`, h('ul', {}, element.nextStage.missing.map((gap) => h('li', {}, gap)))] : null,
    ]),
    element.evidence.length > 0
      ? table(
          [
            ['Record', (e) => e.detail],
            ['Value', (e) => number(e.value)],
          ],
          element.evidence,
          { caption: element.source === 'MEASURED' ? 'Evidence' : 'Context from the records (not a stage)' },
        )
      : null,
  );
}

/** Admins record the stage of an element Provenant cannot observe. */
function attestationForm(elements, act) {
  const element = h('select', { id: 'attest-element', name: 'element' }, elements.map((e) => h('option', { value: e.key }, e.element)));
  const stage = h('select', { id: 'attest-stage', name: 'stage' }, STAGES.map((s) => h('option', { value: s }, STAGE_NAMES[s])));
  const statement = h('textarea', { id: 'attest-statement', name: 'statement', rows: 2 });
  const evidenceUrl = h('input', { id: 'attest-evidence', name: 'evidenceUrl', type: 'url', placeholder: 'https://…' });
  const submit = (event) => {
    event.preventDefault();
    const input = { element: element.value, stage: stage.value, statement: statement.value, evidenceUrl: evidenceUrl.value };
    return act(() => graphql(ATTEST, { input }), `Attested ${element.selectedOptions[0].textContent} at ${STAGE_NAMES[stage.value]}.`);
  };
  return h(
    'form',
    { class: 'attest', onsubmit: submit },
    h('h2', {}, 'Attest an element'),
    h('p', { class: 'hint' }, 'Only for elements Provenant cannot observe. The newest attestation counts; every one is in the audit log.'),
    h('label', { for: 'attest-element' }, 'Element'), element,
    h('label', { for: 'attest-stage' }, 'Stage'), stage,
    h('label', { for: 'attest-statement' }, 'Statement'), statement,
    h('label', { for: 'attest-evidence' }, 'Evidence link'), evidenceUrl,
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Attest')),
  );
}

/** Admins place a use case in the taxonomy. */
function useCaseForm(act) {
  const field = (id, label, control) => [h('label', { for: id }, label), control];
  const name = h('input', { id: 'use-case-name', name: 'name' });
  const modelName = h('input', { id: 'use-case-model', name: 'modelName', placeholder: 'optional' });
  const level = (id) => h('select', { id, name: id }, LEVELS.map((l) => h('option', { value: l }, l)));
  const regulatory = level('use-case-regulatory');
  const operational = level('use-case-operational');
  const rationale = h('textarea', { id: 'use-case-rationale', name: 'rationale', rows: 2 });
  const submit = (event) => {
    event.preventDefault();
    const input = { name: name.value, modelName: modelName.value.trim() || null, regulatoryCompliance: regulatory.value, operationalExcellence: operational.value, rationale: rationale.value };
    return act(() => graphql(SET_USE_CASE, { input }), `Placed ${input.name} in the taxonomy.`);
  };
  return h(
    'form',
    { class: 'use-case', onsubmit: submit },
    h('h3', {}, 'Place a use case'),
    field('use-case-name', 'Name', name),
    field('use-case-model', 'Model', modelName),
    field('use-case-regulatory', 'Regulatory compliance', regulatory),
    field('use-case-operational', 'Operational excellence', operational),
    field('use-case-rationale', 'Why', rationale),
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, 'Save')),
  );
}
