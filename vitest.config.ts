import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
	resolve: { alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) } },
	test: {
		include: ['tests/unit/**/*.test.ts'],
		testTimeout: 120_000,
		hookTimeout: 180_000,
		// Native DuckDB and the generator are CPU-heavy; two cores here.
		maxWorkers: 2
	}
});
