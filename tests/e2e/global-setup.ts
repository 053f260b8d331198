/**
 * Before the browser tests: make sure the generated exports they open exist (100k files, every
 * format) and the bad-input corpus (scripts/bad-inputs.mjs). Both are cached under data/ and
 * rebuilt only when missing or out of date.
 */
import { existsSync } from 'node:fs';
import { BAD_INPUTS, E2E_DATA, E2E_ROWS } from './paths';

export default async function globalSetup(): Promise<void> {
	const { generateBadInputs } = await import('../../scripts/bad-inputs.mjs');
	await generateBadInputs(BAD_INPUTS);
	const marker = `${E2E_DATA}/gen-${E2E_ROWS}/.complete`;
	if (existsSync(marker)) return;
	const { generate } = await import('../../scripts/gen.mjs');
	await generate({ rows: E2E_ROWS, out: `${E2E_DATA}/gen-${E2E_ROWS}`, format: 'all', seed: 42 });
	const { writeFileSync } = await import('node:fs');
	writeFileSync(marker, new Date().toISOString());
}
