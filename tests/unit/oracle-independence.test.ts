/**
 * The oracles and the end-to-end specs owe nothing to the app: no file under tests/oracle/ or
 * tests/e2e/ imports the app's code (src/, $lib, workers/) or the app's model built in native DuckDB
 * (tests/fixtures/model-db.ts), directly or through another test file. An oracle that reused the
 * app's word lists, rules, SQL or formatters would agree with a wrong app (the brief's standard).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const FORBIDDEN = ['src/', 'workers/', 'static/', 'tests/fixtures/model-db'];

/** Every module specifier a file names: static and dynamic imports, re-exports, require(). */
export function specifiers(text: string): string[] {
	const out: string[] = [];
	const patterns = [/\bimport\s+(?:type\s+)?(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]/g, /\bexport\s+(?:type\s+)?[^'"`;]*?\sfrom\s+['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
	for (const re of patterns) for (const m of text.matchAll(re)) out.push(m[1]);
	return out;
}

/** The repository path a specifier of `file` points at, or the specifier itself for a package. */
function target(file: string, spec: string): string {
	if (spec.startsWith('$lib')) return `src/lib${spec.slice(4)}`;
	if (!spec.startsWith('.')) return spec;
	return relative(ROOT, resolve(dirname(file), spec));
}

const withExtension = (path: string) => [path, `${path}.ts`, `${path}.js`, `${path}/index.ts`].find((p) => existsSync(join(ROOT, p)));

/** Files reached from `start` through relative imports, each with the chain that reached it. */
function reach(start: string): Map<string, string[]> {
	const seen = new Map<string, string[]>([[start, [start]]]);
	const queue = [start];
	while (queue.length) {
		const file = queue.shift()!;
		for (const spec of specifiers(readFileSync(join(ROOT, file), 'utf8'))) {
			const t = target(join(ROOT, file), spec);
			if (!t.includes('/') || t.startsWith('@')) continue;
			const path = withExtension(t) ?? t;
			if (seen.has(path)) continue;
			seen.set(path, [...seen.get(file)!, path]);
			if (path.startsWith('tests/') && /\.(ts|js|mjs)$/.test(path) && existsSync(join(ROOT, path))) queue.push(path);
		}
	}
	return seen;
}

const files = (dir: string) => readdirSync(join(ROOT, dir)).filter((f) => /\.(ts|js|mjs)$/.test(f)).map((f) => `${dir}/${f}`);

describe('oracles and end-to-end specs import nothing of the app', () => {
	test('the import scanner sees every form of import', () => {
		const text = `import { a } from '../../src/lib/a';\nimport type { B } from "$lib/b";\nimport '../../src/c';\nexport { d } from '../../src/d';\nconst e = await import('../../src/e');\nconst f = require('../../src/f');`;
		expect(specifiers(text)).toEqual(['../../src/lib/a', '$lib/b', '../../src/c', '../../src/d', '../../src/e', '../../src/f']);
	});

	for (const dir of ['tests/oracle', 'tests/e2e']) {
		test(`${dir}/ reaches no app code`, () => {
			const checked = files(dir);
			expect(checked.length).toBeGreaterThan(dir === 'tests/oracle' ? 5 : 20);
			const offending = checked.flatMap((file) => [...reach(file)].filter(([path]) => FORBIDDEN.some((f) => path.startsWith(f))).map(([, chain]) => chain.join(' → ')));
			expect(offending).toEqual([]);
		});
	}
});
