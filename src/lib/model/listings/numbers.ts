/**
 * How a listing writes its numbers (docs/MODEL.md, "Generic inventories"). German and other
 * European exports write `1.234.567` for a million and `1,5` for one and a half; English ones
 * `1,234,567.5`. A format is read when the values say which it is; when they could be either
 * (`1.024` alone is 1024 with a grouping dot, or 1.024 with a decimal one), the person is asked.
 * Never read wrong numbers silently.
 */
import { str } from '../sql';
import { SIZE_UNIT } from './values';

export type NumberFormatId = 'plain' | 'en' | 'de' | 'fr' | 'ch' | 'comma';

interface NumberFormat {
	/** Says what the format is, with an example, for notes and the dialog. */
	label: string;
	example: string;
	/** The numeric part, strictly (grouping in threes; digits without grouping are accepted too). */
	pattern: RegExp;
	group: string[];
	decimal: '.' | ',';
}

const SPACES = ['\u0020', '\u00a0', '\u202f'];

/** In order of preference when several read every value the same. */
export const NUMBER_FORMATS: Record<NumberFormatId, NumberFormat> = {
	plain: { label: 'plain digits, decimal point', example: '1234567.5', pattern: /^\d+(\.\d+)?$/, group: [], decimal: '.' },
	en: { label: 'comma thousands separator, decimal point', example: '1,234,567.5', pattern: /^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/, group: [','], decimal: '.' },
	de: { label: 'dot thousands separator, decimal comma', example: '1.234.567,5', pattern: /^(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/, group: ['.'], decimal: ',' },
	fr: { label: 'space thousands separator, decimal comma', example: '1 234 567,5', pattern: /^(\d{1,3}([ \u00a0\u202f]\d{3})+|\d+)(,\d+)?$/, group: SPACES, decimal: ',' },
	ch: { label: 'apostrophe thousands separator, decimal point', example: "1'234'567.5", pattern: /^(\d{1,3}('\d{3})+|\d+)(\.\d+)?$/, group: ["'"], decimal: '.' },
	comma: { label: 'plain digits, decimal comma', example: '1234567,5', pattern: /^\d+(,\d+)?$/, group: [], decimal: ',' }
};

const IDS = Object.keys(NUMBER_FORMATS) as NumberFormatId[];

/** Bytes per unit, by the unit's names in lower case (TreeSize and Explorer count a KB as 1024 bytes). */
const UNIT_BYTES: [string[], number][] = [
	[['b', 'o', 'byte', 'bytes', 'octet', 'octets'], 1],
	[['k', 'kb', 'kib', 'ko'], 1024],
	[['m', 'mb', 'mib', 'mo'], 1024 ** 2],
	[['g', 'gb', 'gib', 'go'], 1024 ** 3],
	[['t', 'tb', 'tib', 'to'], 1024 ** 4],
	[['p', 'pb', 'pib', 'po'], 1024 ** 5]
];

/** A value's number and unit: `1,5 KB` → { number: '1,5', unit: 'KB' }; null when it is not a number. */
export function splitUnit(text: string): { number: string; unit: string } | null {
	const m = /^([+-]?\d[\d.,'\u00a0\u202f ]*?)\s*([A-Za-z]*)$/.exec(text.trim());
	if (!m) return null;
	if (m[2] && !SIZE_UNIT.test(m[2])) return null;
	return { number: m[1].replace(/^\+/, ''), unit: m[2] };
}

/** The number a text holds under a format (with its unit applied), or null when it does not fit. */
export function readNumber(text: string, id: NumberFormatId): number | null {
	const parts = splitUnit(text);
	if (!parts) return null;
	const negative = parts.number.startsWith('-');
	const digits = negative ? parts.number.slice(1) : parts.number;
	const f = NUMBER_FORMATS[id];
	if (!f.pattern.test(digits)) return null;
	let plain = digits;
	for (const g of f.group) plain = plain.replaceAll(g, '');
	if (f.decimal === ',') plain = plain.replace(',', '.');
	const n = Number(plain);
	const unit = parts.unit ? UNIT_BYTES.find(([names]) => names.includes(parts.unit.toLowerCase()))?.[1] : 1;
	if (!Number.isFinite(n) || unit === undefined) return null;
	return (negative ? -n : n) * unit;
}

export interface NumberDecision {
	/** The format to read with, or null when the person must choose among `choices`. */
	format: NumberFormatId | null;
	/** Formats that read the values differently, each a real possibility (when `format` is null). */
	choices: NumberFormatId[];
	/** Values that read differently under the choices (for the dialog), or that showed the format (for the note). */
	examples: string[];
	/** Some values carry a unit (`12 KB`). */
	units: boolean;
	/** Values that fit no format at all (they become unknown). */
	unreadable: number;
}

/**
 * Decide the format of these values (non-empty texts of one column). The formats kept are those
 * under which the most values are readable; among them, those that read every value alike are one
 * choice. One choice: read with it. Several: ask.
 */
export function decideNumbers(values: string[]): NumberDecision {
	const texts = values.map((v) => v.trim()).filter((v) => v !== '');
	const units = texts.some((t) => /[A-Za-z]\s*$/.test(t));
	const readable = new Map<NumberFormatId, number>(IDS.map((id) => [id, texts.filter((t) => readNumber(t, id) !== null).length]));
	const most = Math.max(0, ...readable.values());
	const fitting = IDS.filter((id) => readable.get(id) === most);
	// Formats that read every value alike are the same choice; the first of each class stands for it.
	const classes: NumberFormatId[][] = [];
	for (const id of fitting) {
		const same = classes.find((c) => texts.every((t) => readNumber(t, c[0]) === readNumber(t, id)));
		if (same) same.push(id);
		else classes.push([id]);
	}
	const choices = classes.map((c) => c[0]);
	const differing = texts.filter((t) => new Set(choices.map((id) => readNumber(t, id))).size > 1);
	const showing = choices.length === 1 ? texts.filter((t) => /[.,'\u00a0\u202f ]/.test(splitUnit(t)?.number ?? '')) : differing;
	return {
		format: choices.length === 1 ? choices[0] : null,
		choices,
		examples: [...new Set(showing)].slice(0, 4),
		units,
		unreadable: texts.length - most
	};
}

/** The unit's bytes as SQL over a unit text (lower case); NULL for a unit not known. */
function unitBytesSql(unit: string): string {
	const whens = UNIT_BYTES.map(([names, bytes]) => `WHEN ${unit} IN (${names.map((n) => str(n)).join(', ')}) THEN ${bytes}`);
	return `CASE WHEN ${unit} = '' THEN 1 ${whens.join(' ')} END`;
}

/**
 * SQL reading a text column as a DOUBLE under a format (units applied when `units`): NULL where a
 * value does not fit. No pattern check per row beyond the cast: digits with stray separators are
 * read by the format's rules, as the decision above saw them.
 */
export function numberSql(expr: string, id: NumberFormatId, units: boolean): string {
	const f = NUMBER_FORMATS[id];
	const parse = (x: string) => {
		let e = x;
		for (const g of f.group) e = `replace(${e}, ${str(g)}, '')`;
		if (f.decimal === ',') e = `replace(${e}, ',', '.')`;
		return `TRY_CAST(${e} AS DOUBLE)`;
	};
	const text = `trim(CAST(${expr} AS VARCHAR))`;
	if (!units) return parse(text);
	const parts = `regexp_extract(${text}, '^([-+]?[0-9][0-9.,'' \u00a0\u202f]*?)\\s*([A-Za-z]*)$', ['n', 'u'])`;
	return `(${parse(`${parts}.n`)} * ${unitBytesSql(`lower(${parts}.u)`)})`;
}
