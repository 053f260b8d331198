#!/usr/bin/env node
// A tiny static file server for the built site: correct MIME types (application/wasm included),
// optional sub-path mounting (`--base /tools/dashboard`), HTTP range requests (off for a URL with
// `?no-range`, as some servers do), nothing else.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';

const MIME = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.webmanifest': 'application/manifest+json',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.wasm': 'application/wasm',
	'.txt': 'text/plain; charset=utf-8',
	'.csv': 'text/csv; charset=utf-8',
	'.parquet': 'application/octet-stream',
	'.duckdb': 'application/octet-stream'
};

export function serve({ root, port = 4173, host = '127.0.0.1', base = '/', extra = {} }) {
	const rootDir = resolve(root);
	const prefix = base.endsWith('/') ? base : base + '/';
	const server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		let path = decodeURIComponent(url.pathname);
		// Extra mounts (tests serve generated data next to the app): { '/data/': '/abs/dir' }.
		let dir = rootDir;
		const mount = Object.keys(extra).find((m) => path.startsWith(m));
		if (mount) {
			dir = resolve(extra[mount]);
			path = '/' + path.slice(mount.length);
		} else if (path.startsWith(prefix)) {
			path = '/' + path.slice(prefix.length);
		} else {
			res.writeHead(404).end('not found');
			return;
		}
		let file = normalize(join(dir, path));
		if (!file.startsWith(dir + sep) && file !== dir) {
			res.writeHead(403).end();
			return;
		}
		let stat;
		try {
			stat = statSync(file);
			if (stat.isDirectory()) {
				file = join(file, 'index.html');
				stat = statSync(file);
			}
		} catch {
			try {
				file = file + '.html';
				stat = statSync(file);
			} catch {
				res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
				return;
			}
		}
		const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
		// `?no-range` plays a server that ignores Range headers (answers 200 with the whole file).
		const ranges = !url.searchParams.has('no-range');
		const headers = { 'content-type': type, 'accept-ranges': ranges ? 'bytes' : 'none', 'cache-control': 'no-cache' };
		const range = ranges ? /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '') : null;
		if (range && (range[1] || range[2])) {
			const start = range[1] ? Number(range[1]) : Math.max(0, stat.size - Number(range[2]));
			const end = range[1] && range[2] ? Math.min(Number(range[2]), stat.size - 1) : stat.size - 1;
			if (start >= stat.size || start > end) {
				res.writeHead(416, { 'content-range': `bytes */${stat.size}` }).end();
				return;
			}
			res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${stat.size}`, 'content-length': end - start + 1 });
			if (req.method === 'HEAD') return res.end();
			createReadStream(file, { start, end }).pipe(res);
			return;
		}
		res.writeHead(200, { ...headers, 'content-length': stat.size });
		if (req.method === 'HEAD') return res.end();
		createReadStream(file).pipe(res);
	});
	return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const args = process.argv.slice(2);
	const root = args.find((a) => !a.startsWith('--')) ?? 'build';
	const flag = (name, fallback) => {
		const i = args.indexOf(name);
		return i >= 0 ? args[i + 1] : fallback;
	};
	const port = Number(flag('--port', process.env.PORT ?? 4173));
	const base = flag('--base', '/');
	// `--mount /data/=some/dir` serves a folder next to the app (tests put generated exports there).
	const extra = {};
	args.forEach((a, i) => {
		if (a === '--mount') {
			const [at, dir] = args[i + 1].split('=');
			extra[at] = dir;
		}
	});
	await serve({ root, port, base, extra });
	console.log(`Serving ${root} at http://127.0.0.1:${port}${base.endsWith('/') ? base : base + '/'}`);
}
