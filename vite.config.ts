import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [sveltekit()],
	// The engine is a module worker that itself starts DuckDB-WASM's worker.
	worker: { format: 'es' },
	optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
	build: { target: 'es2022', chunkSizeWarningLimit: 2048, minify: process.env.NO_MINIFY ? false : undefined },
	server: { fs: { allow: ['workers'] } }
});
