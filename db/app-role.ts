/**
 * The Postgres role the API, workers and serving run as (created by migration
 * 1763900018000-app-role): SELECT and INSERT only on audit_event, no ownership.
 */
export const APP_ROLE = 'provenant_app';
