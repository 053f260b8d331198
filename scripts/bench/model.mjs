// The app's model (TypeScript under src/lib/model) for the benchmark's native reference.
//
// A benchmark run snapshots it once, right after building the site, into one plain ES module
// (bench/tmp/…/model.mjs) and every native child process imports that snapshot (BENCH_MODEL), so
// the native reference runs the very SQL the built app runs even while src/ is being edited.
// Without a snapshot (native.mjs run by hand) the TypeScript is loaded with Vite's module runner.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = fileURLToPath(new URL('./model-entry.ts', import.meta.url));
const lib = fileURLToPath(new URL('../../src/lib', import.meta.url));

let loaded = null;

/** The model's exports: filesViewSql, summaryBuildSql, SUMMARY_QUERIES, unitVoteSelect, ... */
export function loadModel() {
	const snapshot = process.env.BENCH_MODEL;
	loaded ??= snapshot
		? import(pathToFileURL(snapshot).href)
		: import('vite').then(({ runnerImport }) =>
				runnerImport(entry, { configFile: false, logLevel: 'error', resolve: { alias: { $lib: lib } }, server: { watch: null } }).then((r) => r.module)
			);
	return loaded;
}

/** Bundle the model as it is now into `outDir/model.mjs`; returns that path. */
export async function snapshotModel(outDir) {
	const { build } = await import('vite');
	await build({
		configFile: false,
		logLevel: 'error',
		resolve: { alias: { $lib: lib } },
		build: {
			lib: { entry, formats: ['es'], fileName: () => 'model.mjs' },
			outDir,
			emptyOutDir: true,
			minify: false,
			copyPublicDir: false
		}
	});
	return join(outDir, 'model.mjs');
}

/** A fingerprint of src/lib/model, to notice it changing while the site was being built. */
export function modelFingerprint() {
	const dir = join(lib, 'model');
	const hash = createHash('sha1');
	const walk = (d, prefix) => {
		for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
			if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
			else hash.update(prefix + e.name).update(readFileSync(join(d, e.name)));
		}
	};
	walk(dir, '');
	return hash.digest('hex').slice(0, 12);
}
