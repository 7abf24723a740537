// Only entity classes are exported here: the data source registers everything this module exports.
export * from './approval-decision.entity';
export * from './approval-gate.entity';
export * from './audit-event.entity';
export * from './dataset-version.entity';
export * from './dataset.entity';
export * from './deployment.entity';
export * from './drift-report.entity';
export * from './lineage-edge.entity';
export * from './lineage-node.entity';
export * from './model-version.entity';
export * from './model.entity';
export * from './pipeline-run.entity';
export * from './trainer.entity';
export * from './validation-report.entity';
