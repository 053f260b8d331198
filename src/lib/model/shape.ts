/**
 * The shape of an opened export: which Aparavi tables exist and which of their columns. The model
 * adapts to it (a missing table or column becomes NULL), so reports never see a missing column.
 */
const APARAVI_TABLES = [
	'objects',
	'instances',
	'parentPaths',
	'osPermissions',
	'osSecurity',
	'classifications',
	'services',
	'messages',
	'tagSets',
	'datasets',
	'encryption'
] as const;

export type AparaviTable = (typeof APARAVI_TABLES)[number];

export interface ColumnShape {
	/** The column's name as the export spells it. */
	name: string;
	/** DuckDB type name, upper case (BIGINT, VARCHAR, TIMESTAMP, ...). */
	type: string;
}

export interface TableShape {
	/** Fully qualified SQL reference. */
	ref: string;
	columns: ColumnShape[];
}

export class ExportShape {
	readonly tables = new Map<string, TableShape>();

	/** Record a table under its canonical name; `ref` is how SQL names it (catalog.schema.table). */
	add(canonicalName: string, ref: string, columns: ColumnShape[]): void {
		this.tables.set(canonicalName.toLowerCase(), { ref, columns });
	}

	table(name: string): TableShape | undefined {
		return this.tables.get(name.toLowerCase());
	}

	has(name: string): boolean {
		return this.tables.has(name.toLowerCase());
	}

	/** The export's spelling of a column, matched case-insensitively, or undefined. */
	column(table: string, column: string): ColumnShape | undefined {
		const want = column.toLowerCase();
		return this.table(table)?.columns.find((c) => c.name.toLowerCase() === want);
	}
}

/** Map a file or table name onto a canonical Aparavi table name, case-insensitively. */
export function canonicalTableName(name: string): AparaviTable | undefined {
	const lower = name.toLowerCase();
	return APARAVI_TABLES.find((t) => t.toLowerCase() === lower);
}

/**
 * The columns the model reads from the two big tables. Rows streamed in from Parquet keep only
 * these, so memory is spent on what reports use; small tables are kept whole.
 */
export const MODEL_COLUMNS: Partial<Record<AparaviTable, readonly string[]>> = {
	objects: ['objectId', 'parentId', 'classId', 'name', 'extension', 'permissionId', 'primarySize', 'createdAt', 'tags'],
	instances: ['instanceId', 'objectId', 'size', 'createTime', 'modifyTime', 'accessTime', 'classificationId', 'serviceId', 'tagSetId', 'deletedAt']
};
