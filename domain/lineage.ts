export const LINEAGE_NODE_KINDS = [
  'dataset_version',
  'validation_report',
  'pipeline_run',
  'training_trial',
  'model_version',
  'evaluation_report',
  'approval_gate',
  'deployment',
  'drift_report',
  'batch_scoring',
] as const;
export type LineageNodeKind = (typeof LINEAGE_NODE_KINDS)[number];

export const LINEAGE_RELATIONS = [
  'used_by',
  'produced',
  'validated_by',
  'ran',
  'selected',
  'evaluated_by',
  // A drift report's ties to what it scanned and to the retraining run it triggered.
  'scanned_by',
  'monitored_by',
  'reference_of',
  'current_of',
  'triggered',
  // A model version combined into an ensemble version.
  'member_of',
] as const;
export type LineageRelation = (typeof LINEAGE_RELATIONS)[number];

export const LINEAGE_DIRECTIONS = ['UPSTREAM', 'DOWNSTREAM', 'BOTH'] as const;
export type LineageDirection = (typeof LINEAGE_DIRECTIONS)[number];
