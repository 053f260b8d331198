/** Where the end-to-end tests find generated data (served at /e2e-data/ by the test server). */
export const E2E_DATA = 'data/e2e';
export const E2E_ROWS = 100_000;
export const E2E_DIR = `${E2E_DATA}/gen-${E2E_ROWS}`;
/** The summary-pack test's export (issue #9 asks for 1M files), a .duckdb only. */
export const PACK_ROWS = 1_000_000;
export const PACK_DIR = `${E2E_DATA}/gen-${PACK_ROWS}`;
/** The bad-input corpus (scripts/bad-inputs.mjs writes it, with manifest.json). */
export const BAD_INPUTS = 'data/bad-inputs';
