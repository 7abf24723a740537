import { restartMidPipeline } from './support/restart-scenario';

restartMidPipeline('Postgres restart', (stack, downMs) => stack.restartPostgres(downMs));
