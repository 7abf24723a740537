/**
 * simple-statistics publishes a CommonJS build under its "require" export, but its one
 * type file is declared as ESM, so TypeScript refuses a plain import from CommonJS.
 * Load the CommonJS build here, typed by the package's own declarations.
 */
type SimpleStatistics = typeof import('simple-statistics', { with: { 'resolution-mode': 'import' } });

export const stats: SimpleStatistics = require('simple-statistics');
