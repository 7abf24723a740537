import { ApprovalDecisionEntity } from './approval-decision.entity';
import { ApprovalGateEntity } from './approval-gate.entity';
import { AuditEventEntity } from './audit-event.entity';
import { DatasetVersionEntity } from './dataset-version.entity';
import { DatasetEntity } from './dataset.entity';
import { DeploymentEntity } from './deployment.entity';
import { DriftReportEntity } from './drift-report.entity';
import { LineageEdgeEntity } from './lineage-edge.entity';
import { LineageNodeEntity } from './lineage-node.entity';
import { ModelVersionEntity } from './model-version.entity';
import { ModelEntity } from './model.entity';
import { PipelineRunEntity } from './pipeline-run.entity';

export {
  ApprovalDecisionEntity,
  ApprovalGateEntity,
  AuditEventEntity,
  DatasetEntity,
  DatasetVersionEntity,
  DeploymentEntity,
  DriftReportEntity,
  LineageEdgeEntity,
  LineageNodeEntity,
  ModelEntity,
  ModelVersionEntity,
  PipelineRunEntity,
};

export const ENTITIES = [
  ApprovalDecisionEntity,
  ApprovalGateEntity,
  AuditEventEntity,
  DatasetEntity,
  DatasetVersionEntity,
  DeploymentEntity,
  DriftReportEntity,
  LineageEdgeEntity,
  LineageNodeEntity,
  ModelEntity,
  ModelVersionEntity,
  PipelineRunEntity,
];
