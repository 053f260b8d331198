/** Numbers for people: 3,456,789 files, 1.2 GB, 2024-03-01. One locale so tests read the same text. */

const LOCALE = 'en-US';
const counter = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });

export function formatCount(n: number | null | undefined): string {
	if (n === null || n === undefined || !Number.isFinite(n)) return '—';
	return counter.format(n);
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/** Binary multiples (1 KB = 1,024 bytes), as storage tools show them. */
export function formatBytes(n: number | null | undefined): string {
	if (n === null || n === undefined || !Number.isFinite(n)) return '—';
	if (Math.abs(n) < 1024) return `${counter.format(n)} ${n === 1 ? 'byte' : 'bytes'}`;
	let unit = 0;
	let v = Math.abs(n);
	while (v >= 1024 && unit < UNITS.length - 1) {
		v /= 1024;
		unit++;
	}
	const digits = v < 10 ? 2 : v < 100 ? 1 : 0;
	return `${n < 0 ? '-' : ''}${v.toFixed(digits)} ${UNITS[unit]}`;
}

export function formatDate(ms: number | null | undefined): string {
	if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
	return new Date(ms).toISOString().slice(0, 10);
}

export function formatDateTime(ms: number | null | undefined): string {
	if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
	return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export function formatPercent(part: number, whole: number): string {
	if (!whole) return '—';
	const p = (100 * part) / whole;
	return `${p < 0.1 && p > 0 ? '<0.1' : p.toFixed(p < 10 ? 1 : 0)}%`;
}

export function formatDuration(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)} ms`;
	if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
	return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
