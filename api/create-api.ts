import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { logger } from '../platform/logger';
import { AppModule, type ApiDependencies } from './app.module';
import { GRAPHQL_PATH, graphqlRequestBody } from './common/graphql-request-body';
import { graphiqlForBrowsers } from './graphiql/browser-redirect';
import { SLACK_EVENTS_PATH, slackRequestBody } from './slack/slack-request-body';

export type { ApiDependencies };

export async function createApi(deps: ApiDependencies): Promise<INestApplication> {
  const log = logger.child({ component: 'api' });
  const app = await NestFactory.create(AppModule.forRoot(deps), {
    logger: {
      log: (message: unknown) => log.debug(message),
      error: (message: unknown, trace?: string) => log.error({ trace }, String(message)),
      warn: (message: unknown) => log.warn(message),
      debug: (message: unknown) => log.debug(message),
      verbose: (message: unknown) => log.trace(message),
      fatal: (message: unknown) => log.fatal(message),
    },
    bodyParser: true,
  });
  // Before the application's body parsers run (at init): Slack signs the bytes, not the parsed form.
  app.use(SLACK_EVENTS_PATH, ...slackRequestBody());
  app.use(GRAPHQL_PATH, graphiqlForBrowsers(), ...graphqlRequestBody());
  return app;
}
