/** provenant/client: Provenant's GraphQL API as typed methods, for Node.js 20 and later, with no dependencies. */
export { ApiError, formatApiError, ProvenantApi, type ApiConnection } from './provenant-api';
export { FINISHED_PIPELINE_STATUSES, ProvenantClient, type ClientConnection, type FollowPipelineOptions } from './provenant-client';
export type * from './types';
