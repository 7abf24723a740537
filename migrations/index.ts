import { InitialSchema1763900000000 } from './1763900000000-initial-schema';
import { Trainers1763900001000 } from './1763900001000-trainers';
import { ValidationReportsAndTrials1763900002000 } from './1763900002000-validation-reports-and-trials';
import { ParquetFormat1763900003000 } from './1763900003000-parquet-format';
import { ModelAliasesAndTags1763900004000 } from './1763900004000-model-aliases-and-tags';
import { EvaluationReports1763900005000 } from './1763900005000-evaluation-reports';
import { ApprovalGates1763900006000 } from './1763900006000-approval-gates';
import { ServingAndDeployments1763900007000 } from './1763900007000-serving-and-deployments';
import { OneRunningDeployment1763900009000 } from './1763900009000-one-running-deployment';
import { BatchScoring1763900008000 } from './1763900008000-batch-scoring';
import { Monitoring1763900010000 } from './1763900010000-monitoring';
import { ProvenanceAndAuditExportIndexes1763900011000 } from './1763900011000-provenance-and-audit-export-indexes';
import { ApprovalGatesForAnySubject1763900012000 } from './1763900012000-approval-gates-for-any-subject';
import { QualityChecks1763900013000 } from './1763900013000-quality-checks';
import { SlackInteractions1763900014000 } from './1763900014000-slack-interactions';
import { ApprovalPoliciesAndReleaseGuard1763900015000 } from './1763900015000-approval-policies-and-release-guard';
import { GroundTruthPerModel1763900016000 } from './1763900016000-ground-truth-per-model';
import { TemporalReconciliation1763900017000 } from './1763900017000-temporal-reconciliation';
import { ModelVersionSignatures1763900021000 } from './1763900021000-model-version-signatures';
import { AppRole1763900018000 } from './1763900018000-app-role';
import { MaturityAttestationsAndUseCases1763900020000 } from './1763900020000-maturity-attestations-and-use-cases';
import { ConceptDriftConfirmation1763900019000 } from './1763900019000-concept-drift-confirmation';
import { PredictionLogPartitionFunction1763900027000 } from './1763900027000-prediction-log-partition-function';
import { PerformanceEstimateAndColumnKinds1763900025000 } from './1763900025000-performance-estimate-and-column-kinds';
import { DatasetVersionParts1763900026000 } from './1763900026000-dataset-version-parts';
import { AuditIntake1763900032000 } from './1763900032000-audit-intake';

/** Every migration, oldest first (TypeORM runs them in timestamp order). */
export const MIGRATIONS = [InitialSchema1763900000000, Trainers1763900001000, ValidationReportsAndTrials1763900002000, ParquetFormat1763900003000, ModelAliasesAndTags1763900004000, EvaluationReports1763900005000, ApprovalGates1763900006000, ServingAndDeployments1763900007000, BatchScoring1763900008000, OneRunningDeployment1763900009000, Monitoring1763900010000, ProvenanceAndAuditExportIndexes1763900011000, ApprovalGatesForAnySubject1763900012000, QualityChecks1763900013000, SlackInteractions1763900014000, ApprovalPoliciesAndReleaseGuard1763900015000, GroundTruthPerModel1763900016000, TemporalReconciliation1763900017000, AppRole1763900018000, ConceptDriftConfirmation1763900019000, MaturityAttestationsAndUseCases1763900020000, ModelVersionSignatures1763900021000, PerformanceEstimateAndColumnKinds1763900025000, DatasetVersionParts1763900026000, PredictionLogPartitionFunction1763900027000, AuditIntake1763900032000];
