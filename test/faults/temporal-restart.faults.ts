import { restartMidPipeline } from './support/restart-scenario';

restartMidPipeline('Temporal dev server restart', (stack, downMs) => stack.restartTemporal(downMs));
