/**
 * Before the browser tests: make sure the generated exports they open exist (100k files, every
 * format; 1M files as .duckdb for the summary-pack test) and the bad-input corpus (scripts/bad-inputs.mjs). Both are cached under data/ and
 * rebuilt only when missing or out of date.
 */
import { existsSync } from 'node:fs';
import { BAD_INPUTS, E2E_DIR, E2E_ROWS, PACK_DIR, PACK_ROWS } from './paths';

export default async function globalSetup(): Promise<void> {
	const { generateBadInputs } = await import('../../scripts/bad-inputs.mjs');
	await generateBadInputs(BAD_INPUTS);
	await ensureExport(E2E_DIR, E2E_ROWS, 'all');
	await ensureExport(PACK_DIR, PACK_ROWS, 'duckdb');
}

async function ensureExport(dir: string, rows: number, format: string): Promise<void> {
	const marker = `${dir}/.complete`;
	if (existsSync(marker)) return;
	const { generate } = await import('../../scripts/gen.mjs');
	await generate({ rows, out: dir, format, seed: 42 });
	const { writeFileSync } = await import('node:fs');
	writeFileSync(marker, new Date().toISOString());
}
