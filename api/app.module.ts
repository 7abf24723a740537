import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { IncrementalAuditVerifier } from '../db/audit-log';
import { TokenRegistry } from '../platform/auth/token-registry';
import type { Config } from '../platform/config';
import type { ArtifactStore } from '../storage/artifact-store';
import { ArtifactsModule } from './artifacts/artifacts.module';
import { AuditModule } from './audit/audit.module';
import { AuthGuard } from './auth/auth.guard';
import { BatchScoringModule } from './batch-scoring/batch-scoring.module';
import { MeResolver } from './auth/me.resolver';
import { formatGraphqlError } from './common/graphql-error-formatter';
import { queryComplexityRule } from './common/query-complexity';
import { ARTIFACT_STORE, CONFIG, DATA_SOURCE, TEMPORAL_CLIENT } from './common/injection-tokens';
import { JsonScalar } from './common/json.scalar';
import { ProvenantErrorFilter } from './common/provenant-error.filter';
import { StorableInputPipe } from './common/storable-input.pipe';
import { DatasetsModule } from './datasets/datasets.module';
import { DriftModule } from './drift/drift.module';
import { GraphiqlModule } from './graphiql/graphiql.module';
import { HomeController } from './home/home.controller';
import { HealthController } from './health/health.controller';
import { DriftGauges } from './metrics/drift-gauges';
import { PipelineGauges } from './metrics/pipeline-gauges';
import { MetricsController } from './metrics/metrics.controller';
import { LineageModule } from './lineage/lineage.module';
import { MaturityModule } from './maturity/maturity.module';
import { PipelinesModule } from './pipelines/pipelines.module';
import { PredictionsModule } from './predictions/predictions.module';
import { ProvenanceModule } from './provenance/provenance.module';
import { RegistryModule } from './registry/registry.module';
import { SlackModule } from './slack/slack.module';
import { TrainersModule } from './trainers/trainers.module';
import { UiModule } from './ui/ui.module';
import { ValidationModule } from './validation/validation.module';
import { EvaluationModule } from './evaluation/evaluation.module';
import { ApprovalsModule } from './approvals/approvals.module';
import { DeploymentsModule } from './deployments/deployments.module';

export interface ApiDependencies {
  config: Config;
  dataSource: DataSource;
  temporal: Client;
  store: ArtifactStore;
}

/** What every domain module may inject: the handles the process was started with. */
@Global()
@Module({})
class CoreModule {
  static forRoot(deps: ApiDependencies): DynamicModule {
    const providers = [
      { provide: CONFIG, useValue: deps.config },
      { provide: DATA_SOURCE, useValue: deps.dataSource },
      { provide: TEMPORAL_CLIENT, useValue: deps.temporal },
      { provide: ARTIFACT_STORE, useValue: deps.store },
      { provide: TokenRegistry, useValue: new TokenRegistry(deps.config.apiTokens) },
      // One per process, shared by verifyAuditLog and the maturity scorecard: the chain verified once is not re-read.
      { provide: IncrementalAuditVerifier, useValue: new IncrementalAuditVerifier(deps.dataSource) },
    ];
    return { module: CoreModule, providers, exports: providers.map((p) => p.provide) };
  }
}

@Module({})
export class AppModule {
  static forRoot(deps: ApiDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(deps),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: true,
          sortSchema: true,
          // GraphiQL is served from this process (GraphiqlModule); Apollo's own landing pages load from CDNs.
          graphiql: false,
          playground: false,
          resolvers: { JSON: JsonScalar },
          context: ({ req }: { req: unknown }) => ({ req }),
          formatError: formatGraphqlError,
          validationRules: [queryComplexityRule(deps.config.graphqlLimits)],
          includeStacktraceInErrorResponses: false,
        }),
        DatasetsModule,
        PipelinesModule,
        RegistryModule,
        LineageModule,
        AuditModule,
        ProvenanceModule,
        BatchScoringModule,
        ArtifactsModule,
        TrainersModule,
        ValidationModule,
        EvaluationModule,
        ApprovalsModule,
        PredictionsModule,
        DeploymentsModule,
        DriftModule,
        MaturityModule,
        SlackModule,
        UiModule,
        GraphiqlModule,
      ],
      controllers: [HomeController, HealthController, MetricsController],
      providers: [MeResolver, DriftGauges, PipelineGauges, { provide: APP_GUARD, useClass: AuthGuard }, { provide: APP_FILTER, useClass: ProvenantErrorFilter }, { provide: APP_PIPE, useClass: StorableInputPipe }],
    };
  }
}
