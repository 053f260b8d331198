/**
 * What each top-level Parquet column becomes: the coarse type the app reasons about, and the
 * Arrow type (and decoding route) used to hand it to DuckDB.
 */
import { parquetSchema, type FileMetaData, type SchemaElement, type SchemaTree } from 'hyparquet';
import { isFlatColumn } from 'hyparquet/src/schema.js';

export type ColumnType = 'bigint' | 'double' | 'boolean' | 'string' | 'timestamp' | 'other';

export interface ColumnInfo {
	name: string;
	type: ColumnType;
	/** Parquet physical type, or 'group' for a nested column. */
	physical: string;
	/** Logical / converted annotation, e.g. 'STRING', 'TIMESTAMP(MICROS)', 'DECIMAL(18,2)'. */
	logical?: string;
}

/**
 * Arrow shape of a column. 'utf8' holds bytes known to be UTF-8 text; 'text' is anything else
 * rendered as text (binary, UUID, TIME, nested values as JSON).
 */
export type ArrowKind =
	| 'int64'
	| 'float64'
	| 'bool'
	| 'utf8'
	| 'text'
	| 'timestamp-ms'
	| 'timestamp-us'
	| 'timestamp-ns'
	| 'date-day';

export interface ColumnPlan extends ColumnInfo {
	kind: ArrowKind;
	/**
	 * A top-level, non-repeated leaf. Its pages can be decoded straight into Arrow buffers
	 * (see read-flat.ts); anything else goes through hyparquet's row assembly.
	 */
	flat: boolean;
	/**
	 * The decoded physical values are already what Arrow wants, so hyparquet's value conversion
	 * (which would box every value into a JS array) is skipped.
	 */
	raw: boolean;
	/** Root to column, as hyparquet's decoders expect. */
	schemaPath: SchemaTree[];
}

export function planColumns(metadata: FileMetaData): ColumnPlan[] {
	const root = parquetSchema(metadata);
	return root.children.map((tree): ColumnPlan => {
		const e = tree.element;
		const logical = logicalName(e);
		const schemaPath = [root, tree];
		if (tree.children.length) {
			return { name: e.name, type: 'other', physical: 'group', logical: logical ?? 'STRUCT', kind: 'text', flat: false, raw: false, schemaPath };
		}
		return { name: e.name, physical: e.type ?? 'unknown', logical, ...classify(e), flat: isFlatColumn(schemaPath), schemaPath };
	});
}

/** The wanted columns that exist, in the order asked for; missing ones are the caller's business. */
export function selectColumns(plans: ColumnPlan[], wanted?: string[]): ColumnPlan[] {
	if (!wanted) return plans;
	const byName = new Map(plans.map((p) => [p.name, p]));
	const seen = new Set<string>();
	const out: ColumnPlan[] = [];
	for (const name of wanted) {
		const plan = byName.get(name);
		if (plan && !seen.has(name)) {
			seen.add(name);
			out.push(plan);
		}
	}
	return out;
}

export function columnInfo({ name, type, physical, logical }: ColumnPlan): ColumnInfo {
	return logical === undefined ? { name, type, physical } : { name, type, physical, logical };
}

type Classified = Pick<ColumnPlan, 'type' | 'kind' | 'raw'>;

const asIs = (type: ColumnType, kind: ArrowKind): Classified => ({ type, kind, raw: true });
const converted = (type: ColumnType, kind: ArrowKind): Classified => ({ type, kind, raw: false });

function classify(e: SchemaElement): Classified {
	const lt = e.logical_type;
	const ct = e.converted_type;
	// hyparquet turns DECIMAL into JS numbers whatever the physical type.
	if (ct === 'DECIMAL') return converted('double', 'float64');
	switch (e.type) {
		case 'BOOLEAN':
			return asIs('boolean', 'bool');
		case 'INT32':
			if (ct === 'DATE' || lt?.type === 'DATE') return asIs('timestamp', 'date-day');
			if (ct === 'TIME_MILLIS' || lt?.type === 'TIME') return converted('other', 'text');
			if (ct === 'UINT_32' || (lt?.type === 'INTEGER' && lt.bitWidth === 32 && !lt.isSigned)) {
				return converted('bigint', 'int64');
			}
			return asIs('bigint', 'int64');
		case 'INT64': {
			const unit = lt?.type === 'TIMESTAMP' ? lt.unit : ct === 'TIMESTAMP_MILLIS' ? 'MILLIS' : ct === 'TIMESTAMP_MICROS' ? 'MICROS' : undefined;
			if (unit) return asIs('timestamp', unit === 'MILLIS' ? 'timestamp-ms' : unit === 'MICROS' ? 'timestamp-us' : 'timestamp-ns');
			if (ct === 'TIME_MICROS' || lt?.type === 'TIME') return converted('other', 'text');
			// Unsigned 64-bit values can exceed BIGINT; a double never wraps.
			if (ct === 'UINT_64' || (lt?.type === 'INTEGER' && !lt.isSigned)) return converted('double', 'float64');
			return asIs('bigint', 'int64');
		}
		case 'INT96':
			return converted('timestamp', 'timestamp-ns');
		case 'FLOAT':
		case 'DOUBLE':
			return asIs('double', 'float64');
		case 'BYTE_ARRAY':
			if (ct === 'UTF8' || ct === 'ENUM' || ct === 'JSON' || lt?.type === 'STRING' || lt?.type === 'ENUM' || lt?.type === 'JSON') {
				return asIs('string', 'utf8');
			}
			return asIs('other', 'text');
		case 'FIXED_LEN_BYTE_ARRAY':
			if (lt?.type === 'FLOAT16') return converted('double', 'float64');
			if (lt?.type === 'UUID') return converted('string', 'text');
			return asIs('other', 'text');
		default:
			return converted('other', 'text');
	}
}

function logicalName(e: SchemaElement): string | undefined {
	const lt = e.logical_type;
	if (!lt) return e.converted_type;
	switch (lt.type) {
		case 'TIMESTAMP':
			return `TIMESTAMP(${lt.unit}${lt.isAdjustedToUTC ? ', UTC' : ''})`;
		case 'TIME':
			return `TIME(${lt.unit})`;
		case 'DECIMAL':
			return `DECIMAL(${lt.precision},${lt.scale})`;
		case 'INTEGER':
			return `${lt.isSigned ? 'INT' : 'UINT'}${lt.bitWidth}`;
		default:
			return lt.type;
	}
}
