import { Module } from '@nestjs/common';
import { UiController } from './ui.controller';
import { UiSessionController } from './ui-session.controller';

/** The web UI: sign in, pipeline timelines, lineage pictures, provenance and the approval queue, over the GraphQL API. */
@Module({ controllers: [UiController, UiSessionController] })
export class UiModule {}
