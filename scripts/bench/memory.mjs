// Peak memory of the browser: every Chromium process below this Node process (browser, zygote,
// renderer — which hosts the page and its workers, DuckDB-WASM included —, GPU, utility, ...),
// sampled from /proc/<pid>/status (VmRSS) every 200 ms. Linux only.
//
// The RSS sum double-counts pages shared between processes (the zygote's, mostly), so every fifth
// sample also sums PSS (smaps_rollup); the largest single process is the renderer hosting the
// workers whenever DuckDB holds data. All three are reported.
import { readdirSync, readFileSync } from 'node:fs';

function readStat(pid) {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// comm may contain spaces and parentheses: the ppid is the 2nd field after the last ')'.
		const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return { ppid: Number(rest[1]) };
	} catch {
		return null;
	}
}

/** Every live descendant of `root`. */
export function descendants(root) {
	const children = new Map();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const s = readStat(entry);
		if (!s) continue;
		const list = children.get(s.ppid) ?? [];
		list.push(Number(entry));
		children.set(s.ppid, list);
	}
	const out = [];
	const queue = [...(children.get(root) ?? [])];
	while (queue.length) {
		const pid = queue.shift();
		out.push(pid);
		queue.push(...(children.get(pid) ?? []));
	}
	return out;
}

const kinds = new Map();

/** `renderer`, `gpu-process`, `utility`, `zygote`, `browser`, or null when it is not Chromium. */
function kindOf(pid) {
	if (kinds.has(pid)) return kinds.get(pid);
	let kind = null;
	try {
		// Renamed processes (setproctitle) put their whole command line, spaces and all, in one string.
		const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]+/);
		if (/chrom/i.test(argv[0] ?? '')) {
			const type = argv.find((a) => a.startsWith('--type='));
			kind = type ? type.slice('--type='.length) : 'browser';
			const sub = argv.find((a) => a.startsWith('--utility-sub-type='));
			if (kind === 'utility' && sub) kind = `utility:${sub.slice('--utility-sub-type='.length).split('.').pop()}`;
		}
	} catch {
		kind = null;
	}
	// A process forked from the zygote shows the zygote's command line until it renames itself, and
	// a process Node just spawned shows Node's until it execs: only settled answers are remembered.
	if (kind !== null && kind !== 'zygote') kinds.set(pid, kind);
	return kind;
}

function pssKb(pid) {
	try {
		const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
		return m ? Number(m[1]) : 0;
	} catch {
		return 0;
	}
}

/** VmRSS, and how much of it is anonymous memory (heaps, wasm) rather than mapped files. */
function rss(pid) {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const field = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
		return { kb: field('VmRSS'), anonKb: field('RssAnon'), fileKb: field('RssFile') + field('RssShmem') };
	} catch {
		return { kb: 0, anonKb: 0, fileKb: 0 };
	}
}

/**
 * One reading: every Chromium process's RSS, their sum and the largest. With `pss`, also the sum of
 * proportional set sizes (shared pages split between their users: a truer total, costlier to read).
 */
export function snapshot(root = process.pid, { pss = false } = {}) {
	const processes = [];
	for (const pid of descendants(root)) {
		const kind = kindOf(pid);
		if (!kind) continue;
		const r = rss(pid);
		if (r.kb > 0) processes.push({ pid, kind, ...r, ...(pss ? { pssKb: pssKb(pid) } : {}) });
	}
	const sumKb = processes.reduce((n, p) => n + p.kb, 0);
	const largest = processes.reduce((a, p) => (p.kb > (a?.kb ?? -1) ? p : a), null);
	const pssSumKb = pss ? processes.reduce((n, p) => n + p.pssKb, 0) : null;
	return { t: Date.now(), sumKb, maxKb: largest?.kb ?? 0, maxKind: largest?.kind ?? null, pssSumKb, processes };
}

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ: 100 on Linux). */
const USER_HZ = 100;

/**
 * CPU seconds each kind of Chromium process has used so far (user + system): read before and after
 * an operation, the difference says where the machine's cores went. The engine's DuckDB workers run
 * in the renderer; the browser process serves, among others, every read of a dropped File.
 */
export function cpuByKind(root = process.pid) {
	const out = {};
	for (const pid of descendants(root)) {
		const kind = kindOf(pid);
		if (!kind) continue;
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			// utime and stime are fields 14 and 15 of stat, 12 and 13 after the comm.
			out[kind] = (out[kind] ?? 0) + (Number(rest[11]) + Number(rest[12])) / USER_HZ;
		} catch {
			/* the process ended */
		}
	}
	return out;
}

/** The CPU seconds per kind used between two cpuByKind readings (processes that ended count as 0). */
export function cpuBetween(before, after) {
	return Object.fromEntries(Object.entries(after).map(([kind, s]) => [kind, Math.max(0, s - (before[kind] ?? 0))]));
}

export class MemorySampler {
	constructor({ intervalMs = 200, root = process.pid, pssEvery = 5 } = {}) {
		this.intervalMs = intervalMs;
		this.pssEvery = pssEvery;
		this.count = 0;
		this.root = root;
		this.phase = 'idle';
		this.phases = new Map();
		this.timeline = [];
		this.peakDetail = {};
		this.last = null;
		this.timer = null;
		this.started = Date.now();
	}

	start() {
		this.sample();
		this.timer = setInterval(() => this.sample(), this.intervalMs);
		return this;
	}

	/** Name what runs now; peaks are kept per phase. */
	setPhase(name) {
		this.phase = name;
		this.sample();
	}

	sample() {
		const s = snapshot(this.root, { pss: this.count++ % this.pssEvery === 0 });
		this.last = s;
		const p = this.phases.get(this.phase) ?? { samples: 0, peakSumKb: 0, peakPssSumKb: 0, peakMaxKb: 0, peakMaxKind: null, peakByKind: {} };
		p.samples++;
		p.peakSumKb = Math.max(p.peakSumKb, s.sumKb);
		if (s.pssSumKb !== null) p.peakPssSumKb = Math.max(p.peakPssSumKb, s.pssSumKb);
		if (s.maxKb > p.peakMaxKb) {
			p.peakMaxKb = s.maxKb;
			p.peakMaxKind = s.maxKind;
		}
		for (const proc of s.processes) {
			p.peakByKind[proc.kind] = Math.max(p.peakByKind[proc.kind] ?? 0, proc.kb);
			// The anonymous/file split of each kind at its peak: file pages are the export being read.
			if (proc.kb >= (this.peakDetail[proc.kind]?.kb ?? 0)) this.peakDetail[proc.kind] = { kb: proc.kb, anonKb: proc.anonKb, fileKb: proc.fileKb, phase: this.phase };
		}
		this.phases.set(this.phase, p);
		this.timeline.push({ s: (s.t - this.started) / 1000, phase: this.phase, sumKb: s.sumKb, maxKb: s.maxKb });
		return s;
	}

	stop() {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
		this.sample();
		return this.result();
	}

	result() {
		const phases = Object.fromEntries(this.phases);
		const all = Object.values(phases);
		const peakSumKb = Math.max(0, ...all.map((p) => p.peakSumKb));
		const peakPssSumKb = Math.max(0, ...all.map((p) => p.peakPssSumKb));
		const top = all.reduce((a, p) => (p.peakMaxKb > (a?.peakMaxKb ?? -1) ? p : a), null);
		const peakByKind = {};
		for (const p of all) for (const [k, kb] of Object.entries(p.peakByKind)) peakByKind[k] = Math.max(peakByKind[k] ?? 0, kb);
		// A timeline of at most ~600 points is plenty for a plot and keeps the JSON small.
		const step = Math.max(1, Math.ceil(this.timeline.length / 600));
		return {
			intervalMs: this.intervalMs,
			peakSumKb,
			pssEveryMs: this.intervalMs * this.pssEvery,
			peakPssSumKb,
			peakMaxKb: top?.peakMaxKb ?? 0,
			peakMaxKind: top?.peakMaxKind ?? null,
			peakByKind,
			peakDetail: this.peakDetail,
			phases,
			timeline: this.timeline.filter((_, i) => i % step === 0)
		};
	}
}
