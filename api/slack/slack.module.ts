import { Module } from '@nestjs/common';
import type { Config } from '../../platform/config';
import { SlackClient } from '../../slack/slack-client';
import { ApprovalsModule } from '../approvals/approvals.module';
import { CONFIG } from '../common/injection-tokens';
import { PipelinesModule } from '../pipelines/pipelines.module';
import { SlackCommandsService } from './slack-commands.service';
import { SlackEventsController } from './slack-events.controller';
import { SlackInteractionsService } from './slack-interactions.service';
import { SlackUsersResolver } from './slack-users.resolver';
import { SlackUsersService } from './slack-users.service';

/** The Slack bot's side of the API: `/slack/events`, and the admin's mapping of Slack accounts. */
@Module({
  imports: [ApprovalsModule, PipelinesModule],
  controllers: [SlackEventsController],
  providers: [
    { provide: SlackClient, useFactory: (config: Config) => new SlackClient(config.slack), inject: [CONFIG] },
    SlackCommandsService,
    SlackInteractionsService,
    SlackUsersService,
    SlackUsersResolver,
  ],
})
export class SlackModule {}
