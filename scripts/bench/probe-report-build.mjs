// Scratch probe (not committed): open an export and run the report build, printing the console.
import { browserRun, OPERATIONS } from './browser.mjs';
import { serve } from '../serve.mjs';
import { loadModel } from './model.mjs';
const dir = process.argv[2];
const server = await serve({ root: 'build', port: 45123 });
const files = [`${dir}/export.duckdb`];
const r = await browserRun({ baseUrl: 'http://127.0.0.1:45123/', files, model: await loadModel(), openTimeoutMs: 900_000, log: console.error, operations: OPERATIONS.filter((o) => ['boot', 'open', 'report-build'].includes(o.name)) });
console.log(JSON.stringify({ rb: r.ops['report-build'], console: r.console }, null, 1));
server.close?.();
process.exit(0);
