/**
 * Fuzzing the loader in the browser engine: mutated CSV and .duckdb files (bit flips, truncation,
 * spliced separators and quotes, random bytes), a bounded number with a fixed seed. Every case ends
 * in a result or a readable message, and the engine still answers a query after each one.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BAD_INPUTS } from './paths';

const CSV_CASES = 24;
const DUCKDB_CASES = 10;

test('mutated CSV and .duckdb files: a message every time, and the engine answers after', async ({ page }) => {
	test.setTimeout(120_000);
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto('./?debug');
	await expect(page.getByTestId('sample-button')).toBeVisible();
	const db = readFileSync(join(BAD_INPUTS, 'storage-v0.10', 'export.duckdb')).toString('base64');

	const outcomes = await page.evaluate(
		async ({ db, csvCases, dbCases }) => {
			type Engine = { request: (r: unknown) => Promise<{ files?: number; rows?: { x: number }[] }> };
			const engine = (window as unknown as { __aparavi: { engine: () => Engine } }).__aparavi.engine();
			let seed = 7;
			const rand = () => {
				// mulberry32: deterministic, so a failing case reproduces.
				seed = (seed + 0x6d2b79f5) | 0;
				let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
				t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
				return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
			};
			const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
			const csvBase = new TextEncoder().encode(
				'objectId,parentId,classId,name,primarySize,createdAt\n' +
					Array.from({ length: 200 }, (_, i) => `o${i},p${i % 7},idxobject,"file ${i}.txt",${i * 13},${1_600_000_000_000 + i * 1000}`).join('\n') +
					'\n'
			);
			const dbBase = Uint8Array.from(atob(db), (c) => c.charCodeAt(0));
			const SPLICE = [',', ';', '"', '\n', '\r', '\0', '\ufeff', '""', '\t'].map((s) => new TextEncoder().encode(s));

			function mutate(base: Uint8Array, text: boolean): Uint8Array {
				const kind = rand();
				if (kind < 0.15) return Uint8Array.from({ length: Math.floor(rand() * 4096) + 1 }, () => Math.floor(rand() * 256));
				let bytes = base.slice(0, kind < 0.4 ? Math.max(1, Math.floor(rand() * base.length)) : base.length);
				const edits = 1 + Math.floor(rand() * (text ? 12 : 64));
				for (let e = 0; e < edits; e++) {
					const at = Math.floor(rand() * bytes.length);
					if (text && rand() < 0.6) {
						const s = pick(SPLICE);
						const next = new Uint8Array(bytes.length + s.length);
						next.set(bytes.subarray(0, at));
						next.set(s, at);
						next.set(bytes.subarray(at), at + s.length);
						bytes = next;
					} else bytes[at] = Math.floor(rand() * 256);
				}
				return bytes;
			}

			const outcomes: { name: string; ok: boolean; message: string; answered: boolean }[] = [];
			const cases = [
				...Array.from({ length: csvCases }, (_, i) => ({ name: `objects.csv#${i}`, base: csvBase, text: true })),
				...Array.from({ length: dbCases }, (_, i) => ({ name: `export.duckdb#${i}`, base: dbBase, text: false }))
			];
			for (const c of cases) {
				const fileName = c.name.split('#')[0];
				const file = new File([mutate(c.base, c.text) as Uint8Array<ArrayBuffer>], fileName);
				let ok = false;
				let message = '';
				try {
					const info = await engine.request({ type: 'open', files: [{ file, path: fileName }], urls: [] });
					ok = true;
					message = `${info.files} files`;
				} catch (e) {
					message = e instanceof Error ? e.message : `not an Error: ${String(e)}`;
				}
				let answered = false;
				try {
					answered = (await engine.request({ type: 'sql', sql: 'SELECT 42 AS x' })).rows?.[0]?.x === 42;
				} catch {
					answered = false;
				}
				outcomes.push({ name: c.name, ok, message, answered });
			}
			return outcomes;
		},
		{ db, csvCases: CSV_CASES, dbCases: DUCKDB_CASES }
	);

	expect(outcomes.length).toBe(CSV_CASES + DUCKDB_CASES);
	for (const o of outcomes) {
		expect(o.answered, `${o.name}: the engine answers after (${o.message})`).toBe(true);
		if (!o.ok) {
			// A readable message: a sentence, naming the file or the problem, not a bare internal error.
			expect(o.message, o.name).toMatch(/\w{3,}/);
			expect(o.message, o.name).not.toMatch(/^not an Error|undefined|\[object /);
		}
	}
	// The fuzz really exercised both paths: some cases open, some are refused.
	expect(outcomes.some((o) => o.ok)).toBe(true);
	expect(outcomes.some((o) => !o.ok)).toBe(true);
	expect(errors).toEqual([]);
	console.log(outcomes.map((o) => `${o.name}: ${o.ok ? 'opened' : 'refused'}: ${o.message.slice(0, 100)}`).join('\n'));
});
