#!/usr/bin/env node
// Build a summary pack from an export of any size with native DuckDB (docs/SCALE.md):
//   npm run pack -- <export...> --out estate.pack.duckdb [--threads N] [--memory-limit 8GB]
//                   [--temp-dir DIR] [--sample 100000] [--slice-objects 20000000]
// <export...>: an export.duckdb file; or Parquet/CSV files named after their tables; or folders of
// them (a folder per table holding parts, hive-partitioned or not); or quoted globs.
// The summary tables come from the same definitions the browser engine runs (src/lib/model).
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadModel } from './bench/model.mjs';
import { buildPack } from './pack/build.mjs';

function usage(message) {
	if (message) process.stderr.write(`pack: ${message}\n\n`);
	process.stderr.write('usage: npm run pack -- <export.duckdb | parquet/csv files or folders...> --out estate.pack.duckdb [--threads N] [--memory-limit 8GB] [--temp-dir DIR] [--sample N] [--slice-objects N]\n');
	process.exit(2);
}

function parseArgs(argv) {
	const o = { inputs: [], out: null, threads: null, memoryLimit: null, tempDir: null, sample: null, sliceObjects: undefined };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const value = () => argv[++i] ?? usage(`${a} needs a value`);
		if (a === '--out') o.out = value();
		else if (a === '--threads') o.threads = Number(value());
		else if (a === '--memory-limit') o.memoryLimit = value();
		else if (a === '--temp-dir') o.tempDir = value();
		else if (a === '--sample') o.sample = Number(value());
		else if (a === '--slice-objects') o.sliceObjects = Number(value());
		else if (a === '--help' || a === '-h') usage();
		else if (a.startsWith('--')) usage(`unknown option ${a}`);
		else o.inputs.push(a);
	}
	if (!o.inputs.length) usage('no export given');
	if (!o.out) usage('--out is required');
	return o;
}

const options = parseArgs(process.argv.slice(2));
const started = Date.now();
const log = (s) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(7)} s] ${s}\n`);
try {
	const model = await loadModel();
	const result = await buildPack({ ...options, model, log, DuckDBInstance });
	log(`wrote ${result.out}: ${result.manifest.files.toLocaleString('en-US')} files, ${(result.bytesOnDisk / 2 ** 20).toFixed(1)} MiB, peak memory ${(result.peakRssKb / 1024).toFixed(0)} MB`);
} catch (e) {
	process.stderr.write(`pack: ${e?.message ?? e}\n`);
	process.exit(1);
}
