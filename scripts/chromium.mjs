// Finds a Chromium for Playwright: $CHROMIUM_PATH, Playwright's own download, or Debian's
// /usr/bin/chromium. When none exists and we are root on Debian, installs it with apt-get.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function playwrightOwn(chromium) {
	try {
		const p = chromium?.executablePath();
		return p && existsSync(p) ? p : null;
	} catch {
		return null;
	}
}

/** Synchronous so that playwright.config can call it; pass Playwright's `chromium` to check its own build. */
export function findChromium({ install = true, chromium } = {}) {
	if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
	const own = playwrightOwn(chromium);
	if (own) return own;
	const found = CANDIDATES.find((p) => existsSync(p));
	if (found) return found;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (install && isRoot && existsSync('/usr/bin/apt-get')) {
		console.error('Chromium not found: installing the Debian package (apt-get install chromium)...');
		execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
		if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
	}
	throw new Error(
		'No Chromium found for the end-to-end tests. Install one (Debian/Ubuntu: `sudo apt-get install chromium`) or set CHROMIUM_PATH to its executable.'
	);
}
