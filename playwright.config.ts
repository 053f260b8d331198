import { defineConfig, chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs';

const PORT = Number(process.env.E2E_PORT ?? 4173);
const executablePath = findChromium({ chromium });

export default defineConfig({
	testDir: 'tests/e2e',
	// Two browsers at a time: each engine runs DuckDB-WASM on one thread, and the machines have two
	// cores. E2E_WORKERS=1 runs them one by one.
	workers: Number(process.env.E2E_WORKERS ?? 2),
	timeout: 180_000,
	// On CI one retry: a test that passes only on its retry is reported as flaky in the log, and a
	// second failure still fails the run.
	retries: process.env.CI ? 1 : 0,
	expect: { timeout: 60_000 },
	reporter: process.env.CI ? [['list']] : [['list']],
	globalSetup: './tests/e2e/global-setup.ts',
	use: {
		baseURL: `http://127.0.0.1:${PORT}/`,
		launchOptions: { executablePath, args: CHROMIUM_ARGS },
		trace: 'off'
	},
	webServer: {
		command: `node scripts/serve.mjs build --port ${PORT} --mount /e2e-data/=data/e2e`,
		url: `http://127.0.0.1:${PORT}/`,
		reuseExistingServer: !process.env.CI,
		timeout: 30_000
	}
});
