/**
 * Planning a listing's model (docs/MODEL.md, "Generic inventories"): which column is which, how
 * its sizes and times are written, which rows are folders, what to tell the person, and whether
 * the person must be asked first (no path, no size, column names nobody uses, or a number or date
 * format the values leave open). The decisions are the pure functions of src/lib/model/listings;
 * this module only feeds them samples of the table.
 */
import { formatCount } from '../../src/lib/format';
import type { TimeUnit } from '../../src/lib/model/dataset';
import {
	INVENTORY_TIME_FIELDS,
	mappingComplete,
	type InventoryMapping,
	type InventoryTimeField,
	type ListingReads,
	type MappingNeed,
	type NumberChoice
} from '../../src/lib/model/inventory';
import { folderRules, isGeneratedName, mappingByContent, mappingByName, type Column } from '../../src/lib/model/listings/columns';
import { decideNumbers, NUMBER_FORMATS, readNumber, type NumberFormatId } from '../../src/lib/model/listings/numbers';
import { dayMonthEvidenceSql, distinctValuesSql, folderCountSql, numberEvidenceSql, sampleRowsSql } from '../../src/lib/model/listings/sample';
import { decideEpochNumbers, decideTextTimes, type TimeRead } from '../../src/lib/model/listings/times';
import { listingTool, TOOL_NAMES } from '../../src/lib/model/listings/tools';
import type { TableShape } from '../../src/lib/model/shape';
import { timeKindOfType, unitFromVotes, unitVoteSelect } from '../../src/lib/model/times';
import type { DuckDBHost } from './duckdb';
import type { ListingSource } from './listing-load';

export interface ListingPlan {
	mapping: InventoryMapping;
	reads: ListingReads;
	/** The units shown with the dataset (DatasetInfo.timeUnits). */
	units: Record<string, TimeUnit>;
	notes: string[];
	/** Set when the person must answer first. */
	need: MappingNeed | null;
}

/** Rows sampled for recognition and for the dialog's sample values. */
const SAMPLE_ROWS = 1000;

const isNumeric = (type: string) => timeKindOfType(type) === 'epoch';

/**
 * Plan the model of listing table `name`. `given` is the person's answer to an earlier question
 * (their columns and formats are taken as they are); `source` what loading learnt.
 */
export async function planListing(host: DuckDBHost, name: string, table: TableShape, source: ListingSource | undefined, given?: InventoryMapping): Promise<ListingPlan> {
	const columns: Column[] = table.columns.map((c) => ({ name: c.name, type: c.type }));
	const sampleRows = await host.rows(sampleRowsSql(table.ref, columns.map((c) => c.name), SAMPLE_ROWS));
	const samples: Record<string, string[]> = {};
	for (const c of columns) samples[c.name] = sampleRows.map((r) => r[c.name]).filter((v) => v !== null && v !== undefined && String(v).trim() !== '').map(String);

	const label = source?.label ?? name;
	const headerless = source?.headerless ?? columns.every((c) => isGeneratedName(c.name));
	const notes: string[] = [...(source?.notes ?? [])];
	const reasons: string[] = [];

	let mapping: InventoryMapping;
	let guessedFromValues: string[] = [];
	if (given) mapping = { ...given, table: name };
	else {
		const guess = mappingByContent(mappingByName(name, columns), columns, samples);
		mapping = guess.mapping;
		guessedFromValues = guess.byContent.filter((f) => !(f === 'path' && mapping.path && mappingByName(name, columns).name === mapping.path));
	}
	const used = new Set(INVENTORY_COLUMN_FIELDS.map((f) => mapping[f]).filter((c): c is string => c !== null));
	mapping.folderRows = given?.folderRows ?? folderRules(columns, samples, used);

	const tool = source?.tool ?? listingTool(source?.preamble ?? [], columns.map((c) => c.name), headerless);
	const toolNote = tool ? `read ${label} as ${TOOL_NAMES[tool]}` : null;

	if (!mappingComplete(mapping)) reasons.push(`${label} has no column the dashboard recognises as a path or a file name: choose the one that names the files.`);
	if (!mapping.size) reasons.push(`${label} has no size column: sizes will be unknown (every size and byte figure stays empty) unless you choose one below.`);
	if (!given && guessedFromValues.length && !headerless) {
		reasons.push(`The column names of ${label} are not ones the dashboard knows; ${guessedFromValues.join(', ')} ${guessedFromValues.length > 1 ? 'were' : 'was'} guessed from the values. Check the choices.`);
	}

	// Sizes.
	const column = (c: string | null) => columns.find((x) => x.name === c);
	let size: ListingReads['size'] = null;
	let numbers: MappingNeed['numbers'] = null;
	const sizeColumn = column(mapping.size);
	if (sizeColumn && !isNumeric(sizeColumn.type)) {
		const evidence = (await host.rows(numberEvidenceSql(table.ref, sizeColumn.name, 2000))).map((r) => String(r.v));
		const decision = decideNumbers([...samples[sizeColumn.name], ...evidence]);
		const chosen = given?.numbers ?? decision.format;
		if (chosen) {
			size = { format: chosen, units: decision.units };
			if (chosen !== 'plain' || decision.units) notes.push(sizeNote(label, chosen, decision.units, decision.examples));
		} else {
			numbers = { column: sizeColumn.name, choices: decision.choices.map((id) => numberChoice(id, decision.examples)) };
			reasons.push(`The sizes in ${sizeColumn.name} can be read two ways (${decision.examples.slice(0, 2).join(', ')}): say how this listing writes its numbers.`);
		}
	}

	// Times.
	const reads: ListingReads = { times: {}, size };
	const units: Record<string, TimeUnit> = {};
	let dates: MappingNeed['dates'] = null;
	for (const field of INVENTORY_TIME_FIELDS) {
		const c = column(mapping[field]);
		if (!c) continue;
		const decided = await timeRead(host, table, c, samples[c.name], given?.dateOrder ?? null);
		if (decided.ambiguous) {
			if (!dates) dates = { column: c.name, examples: decided.examples };
			continue;
		}
		if (!decided.read) {
			notes.push(`The ${field} column of ${label} (${c.name}) holds values that are not times (e.g. ${decided.examples.slice(0, 2).join(', ') || 'none'}): ${field} times are unknown.`);
			continue;
		}
		reads.times[field as InventoryTimeField] = decided.read;
		units[field] = unitOfRead(decided.read);
		if (decided.described && field === 'modified') notes.push(`Times in ${label} are written ${decided.described} (e.g. ${decided.examples[0]}).`);
	}
	if (dates) reasons.push(`The dates in ${dates.column} do not say whether the day or the month comes first (${dates.examples.slice(0, 2).join(', ')}): say which.`);
	if (!mapping.modified && mappingComplete(mapping)) notes.push(`${label} has no modified-time column: file ages and years are unknown.`);
	if (!mapping.size && given) notes.push(`${label} has no size column: sizes are unknown.`);

	// Rows that are folders.
	const [counts] = await host.rows(folderCountSql(table.ref, mapping.path, mapping.folderRows));
	const folderRowCount = Number(counts.folders);
	const parts: string[] = [];
	if (toolNote) parts.push(toolNote);
	if (source?.preamble.length) parts.push(`skipped the text before its header (${truncate(source.preamble[0])})`);
	if (headerless && mappingComplete(mapping)) {
		const named = INVENTORY_COLUMN_FIELDS.filter((f) => mapping[f]).map((f) => `${f} (${mapping[f]})`);
		parts.push(`${label} has no header, so its columns were recognised by their values: ${named.join(', ')}`);
	}
	if (folderRowCount > 0) parts.push(`${formatCount(folderRowCount)} of its ${formatCount(Number(counts.rows))} rows are folders, not files, and are not counted as files`);
	if (parts.length && !toolNote) parts.unshift(`read ${label}`);
	if (parts.length) notes.unshift(sentence(parts));

	const needed = reasons.length > 0 && !(given && mappingComplete(mapping) && !numbers && !dates);
	return {
		mapping,
		reads,
		units,
		notes,
		need: needed
			? {
					table: name,
					label,
					columns: columns.map((c) => c.name),
					guess: { ...mapping, table: name },
					samples: Object.fromEntries(columns.map((c) => [c.name, [...new Set(samples[c.name])].slice(0, 4)])),
					reasons,
					numbers,
					dates
				}
			: null
	};
}

const INVENTORY_COLUMN_FIELDS = ['path', 'folder', 'name', 'size', 'modified', 'created', 'accessed', 'owner', 'extension'] as const;

/** `Read x as y: this; that.` */
function sentence(parts: string[]): string {
	const text = parts.length > 1 ? `${parts[0]}: ${parts.slice(1).join('; ')}` : parts[0];
	return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

const truncate = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

/** Says how sizes were read: the format, an example and what it became; with units, that totals are approximate. */
function sizeNote(label: string, format: NumberFormatId, units: boolean, examples: string[]): string {
	const example = examples.find((e) => readNumber(e, format) !== null) ?? NUMBER_FORMATS[format].example;
	const bytes = Math.round(readNumber(example, format) ?? 0);
	const how = format === 'plain' ? 'with units' : `with a ${NUMBER_FORMATS[format].label}${units ? ' and units' : ''}`;
	const read = `${example} is read as ${formatCount(bytes)} bytes`;
	return units
		? `Sizes in ${label} are written ${how} (a KB being 1,024 bytes): ${read}. They are rounded to the unit they are written in, so byte totals are approximate.`
		: `Sizes in ${label} are written ${how}: ${read}.`;
}

function numberChoice(id: NumberChoice['id'], examples: string[]): NumberChoice {
	return {
		id,
		label: `${NUMBER_FORMATS[id].label} (${NUMBER_FORMATS[id].example})`,
		readings: examples.slice(0, 3).map((text) => {
			const n = readNumber(text, id);
			return { text, reads: n === null ? 'not a number' : `${n.toLocaleString('en-US', { maximumFractionDigits: 3 })} bytes` };
		})
	};
}

function unitOfRead(read: TimeRead): TimeUnit {
	switch (read.kind) {
		case 'typed':
			return read.unit;
		case 'epoch':
			return read.unit;
		default:
			return 'text';
	}
}

/** How one time column is read: by its type, or by its text's format. */
async function timeRead(
	host: DuckDBHost,
	table: TableShape,
	c: Column,
	sample: string[],
	order: 'dmy' | 'mdy' | null
): Promise<{ read: TimeRead | null; ambiguous: boolean; described: string | null; examples: string[] }> {
	const kind = timeKindOfType(c.type);
	if (kind === 'timestamp') return { read: { kind: 'typed', unit: 'timestamp' }, ambiguous: false, described: null, examples: sample.slice(0, 3) };
	if (kind === 'epoch') {
		if (/^(DOUBLE|FLOAT|REAL|DECIMAL.*)$/.test(c.type)) return { read: decideEpochNumbers(sample.map(Number)), ambiguous: false, described: null, examples: sample.slice(0, 3) };
		// Integer epochs: the model's majority vote over the whole column (docs/MODEL.md, "Times").
		const [votes] = await host.rows(`SELECT ${unitVoteSelect([c.name])} FROM ${table.ref}`);
		return { read: { kind: 'typed', unit: unitFromVotes(Number(votes.s0), Number(votes.ms0), Number(votes.us0)) }, ambiguous: false, described: null, examples: sample.slice(0, 3) };
	}
	const values = (await host.rows(distinctValuesSql(table.ref, c.name, 2000))).map((r) => String(r.v));
	let decision = decideTextTimes(values, order);
	if (decision.ambiguousOrder || (decision.read?.kind === 'pattern' && /%[dm][/.-]%[dm]/.test(decision.read.formats[0]) && !order)) {
		// Settle day and month from the whole column: one value above 12 tells which is the day.
		const [e] = await host.rows(dayMonthEvidenceSql(table.ref, c.name));
		const first = Number(e.first);
		const second = Number(e.second);
		const evidence = first > 0 && second === 0 ? 'dmy' : second > 0 && first === 0 ? 'mdy' : null;
		if (evidence) decision = decideTextTimes(values, evidence);
	}
	return { read: decision.read, ambiguous: decision.ambiguousOrder, described: decision.described, examples: decision.examples };
}
