/**
 * Classification results (docs/MODEL.md, "Content Categories"): a file's classification key reads
 * `FISMA:091;NIST 800-171:091`, `;`-separated parts, each a policy name, a colon and a confidence
 * (0–100). `Unclassified` is the classifier's "nothing found". A file counts once under each policy
 * its key names, at the highest confidence the key gives that policy.
 *
 * The rules run on the distinct keys (a few hundred in an export), not per file: the report build
 * keeps files and bytes per key, and the page splits the keys with these functions.
 */

/** Confidence tiers, highest first: a policy's confidence falls in the first tier it reaches. */
export const CONFIDENCE_TIERS = [
	{ id: 'high', label: '≥ 90', min: 90 },
	{ id: 'medium', label: '75–89', min: 75 },
	{ id: 'low', label: '50–74', min: 50 },
	{ id: 'weak', label: '< 50', min: 0 }
] as const;

/** A tier, or 'unknown' for a policy named without a confidence. */
export type TierId = (typeof CONFIDENCE_TIERS)[number]['id'] | 'unknown';

export const UNCLASSIFIED_POLICY = 'Unclassified';

export interface PolicyMatch {
	policy: string;
	/** The highest confidence the key gives the policy; null when it gives none. */
	confidence: number | null;
}

/** A part `name: 91` (one to three digits after the last colon); anything else is a name alone. */
const PART = /^(.*):\s*([0-9]{1,3})$/s;

/** The policies a key names, each once, at its highest confidence, in the order they first appear. */
export function policiesOf(key: string | null): PolicyMatch[] {
	if (key === null) return [];
	const out = new Map<string, number | null>();
	for (const raw of key.split(';')) {
		const part = raw.trim();
		if (part === '') continue;
		const m = PART.exec(part);
		const policy = (m ? m[1] : part).trim();
		// A part with no name names no policy.
		if (policy === '') continue;
		const confidence = m ? Number(m[2]) : null;
		const seen = out.get(policy);
		if (seen === undefined || (confidence !== null && (seen === null || confidence > seen))) out.set(policy, confidence);
	}
	return [...out].map(([policy, confidence]) => ({ policy, confidence }));
}

export function tierOf(confidence: number | null): TierId {
	if (confidence === null) return 'unknown';
	return CONFIDENCE_TIERS.find((t) => confidence >= t.min)!.id;
}

/**
 * 'none': no classification result; 'unclassified': a result naming no policy but Unclassified;
 * 'classified': at least one other policy matched.
 */
export type ClassificationState = 'classified' | 'unclassified' | 'none';

export function stateOf(key: string | null): ClassificationState {
	if (key === null) return 'none';
	return policiesOf(key).some((p) => p.policy !== UNCLASSIFIED_POLICY) ? 'classified' : 'unclassified';
}
