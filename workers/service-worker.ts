/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The offline service worker: precaches the app shell and the DuckDB-WASM bundle this browser
 * uses, versioned by build, so the app opens and computes with no network after the first visit.
 * Only the app's own files are cached; data files (dropped, or `?src=` URLs) never are. A page
 * whose address names data (`?src=…`) is a page like any other: offline it comes from the cache,
 * and the app paints the summaries it stored for that data.
 */
import { build, files, prerendered, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `aparavi-dashboard-${version}`;

/**
 * The `mvp` DuckDB bundle is for browsers without WebAssembly exceptions; precaching it too would
 * double the wasm download. It is cached at runtime if a browser ever asks for it.
 */
const LAZY = /duckdb-(browser-)?mvp/;

/** SvelteKit's paths already carry the base the app is served from (`/tools/dashboard/_app/...`). */
const scoped = (path: string) => new URL(path, sw.location.href).href;

const precache = () => [...build.filter((p) => !LAZY.test(p)), ...files, ...prerendered].map(scoped);

/**
 * The engine worker is bundled apart from the pages, so SvelteKit's `build` list names the worker
 * but not the DuckDB files it loads. They are written into the worker as
 * new URL(`assets/...`, import.meta.url): read them from there.
 */
async function engineAssets(): Promise<string[]> {
	const out: string[] = [];
	for (const worker of build.filter((p) => /\/workers\/[^/]+\.js$/.test(p)).map(scoped)) {
		const text = await (await fetch(worker)).text();
		for (const m of text.matchAll(/new URL\(`(assets\/[^`]+)`,\s*import\.meta\.url\)/g)) {
			if (!LAZY.test(m[1])) out.push(new URL(m[1], worker).href);
		}
	}
	return out;
}

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			await cache.addAll([...new Set([...precache(), ...(await engineAssets()), sw.registration.scope])]);
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
			await sw.clients.claim();
		})()
	);
});

// The page asks the waiting worker to take over when the person accepts "update available".
sw.addEventListener('message', (event) => {
	if (event.data === 'skip-waiting') void sw.skipWaiting();
});

function isAppFile(url: URL): boolean {
	const scope = new URL(sw.registration.scope);
	return url.origin === scope.origin && url.pathname.startsWith(scope.pathname);
}

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	const url = new URL(request.url);
	if (request.method !== 'GET' || !isAppFile(url) || request.headers.has('range')) return;
	const known = new Set(precache());
	const isPage = request.mode === 'navigate';
	if (!isPage && !known.has(url.href) && !LAZY.test(url.pathname) && !url.pathname.includes('/_app/')) return;

	event.respondWith(
		(async () => {
			const cache = await caches.open(CACHE);
			if (isPage) {
				// Pages: the network when there is one (a new build shows at once), else the cached shell.
				try {
					const response = await fetch(request);
					if (response.ok) void cache.put(url.origin + url.pathname, response.clone());
					return response;
				} catch {
					const page = (await cache.match(url.origin + url.pathname)) ?? (await cache.match(sw.registration.scope));
					if (page) return page;
					throw new Error('offline and this page is not cached');
				}
			}
			// Build files are immutable (hashed names): the cache first.
			const hit = await cache.match(request);
			if (hit) return hit;
			const response = await fetch(request);
			if (response.ok) void cache.put(request, response.clone());
			return response;
		})()
	);
});
