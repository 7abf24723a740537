import { Module } from '@nestjs/common';
import { GraphiqlController } from './graphiql.controller';

/** GraphiQL, served with its React from this process: no CDN, so it works offline. */
@Module({ controllers: [GraphiqlController] })
export class GraphiqlModule {}
