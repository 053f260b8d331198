/**
 * The model's SQL, run by native DuckDB over a hand-made export whose answers are known by
 * construction (tests/fixtures/tiny-export.ts). The same SQL text runs in DuckDB-WASM.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ExportShape } from '$lib/model/shape';
import { APARAVI_TIME_COLUMNS, filesViewSql, type TimeUnits } from '$lib/model/files-view';
import { unitFromVotes, unitVoteSelect } from '$lib/model/times';
import { summaryBuildSql, SUMMARY_QUERIES } from '$lib/model/summary';
import { splitStatements } from '$lib/model/statements';
import { AGE_BANDS, SIZE_BANDS } from '$lib/model/bands';
import { AS_OF_MS, EXPECTED, TINY_TABLES } from '../fixtures/tiny-export';

let conn: DuckDBConnection;

async function rows(sql: string): Promise<Record<string, unknown>[]> {
	const reader = await conn.runAndReadAll(sql);
	return reader.getRowObjectsJS() as Record<string, unknown>[];
}

const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));

beforeAll(async () => {
	const db = await DuckDBInstance.create(':memory:');
	conn = await db.connect();
	const shape = new ExportShape();
	for (const [name, sql] of Object.entries(TINY_TABLES)) {
		await conn.run(sql);
		const cols = await rows(`SELECT column_name, upper(data_type) AS t FROM information_schema.columns WHERE table_name = '${name}' ORDER BY ordinal_position`);
		shape.add(name, `"${name}"`, cols.map((c) => ({ name: String(c.column_name), type: String(c.t) })));
	}
	const units: TimeUnits = {};
	for (const [table, column] of APARAVI_TIME_COLUMNS) {
		const [v] = await rows(`SELECT ${unitVoteSelect([column])} FROM ${table}`);
		units[`${table}.${column}`] = unitFromVotes(Number(v.s0), Number(v.ms0), Number(v.us0));
	}
	expect(units).toEqual({
		'instances.createTime': 'seconds',
		'instances.modifyTime': 'milliseconds',
		'instances.accessTime': 'milliseconds',
		'objects.createdAt': 'milliseconds'
	});
	await conn.run(filesViewSql(shape, units, AS_OF_MS));
	for (const step of summaryBuildSql(AS_OF_MS)) for (const s of splitStatements(step.sql)) await conn.run(s);
});

describe('files view', () => {
	test('counts files, not folders, once each', async () => {
		const r = await rows(`SELECT count(*) AS n, count(DISTINCT objectId) AS d FROM files`);
		expect(n(r[0].n)).toBe(EXPECTED.files);
		expect(n(r[0].d)).toBe(EXPECTED.files);
	});

	test('normalises and derives extensions', async () => {
		const r = await rows(`SELECT objectId, extension FROM files`);
		expect(Object.fromEntries(r.map((x) => [x.objectId, x.extension]))).toEqual(EXPECTED.extensionsOf);
	});

	test('takes the current instance, falls back to primarySize, and joins side tables', async () => {
		const r = await rows(`SELECT objectId, size, permissionSet, classification, service, epoch_ms(created) AS created FROM files ORDER BY objectId`);
		const by = Object.fromEntries(r.map((x) => [x.objectId, x]));
		expect(n(by.o1.size)).toBe(160);
		expect(n(by.o2.size)).toBe(5000);
		expect(n(by.o5.size)).toBe(2097152);
		expect(by.o6.size).toBeNull();
		expect(n(by.o1.created)).toBe(EXPECTED.createdSeconds.o1);
		for (const [id, p] of Object.entries(EXPECTED.permission)) expect(by[id].permissionSet).toBe(p);
		for (const [id, c] of Object.entries(EXPECTED.classification)) expect(by[id].classification).toBe(c);
		for (const [id, s] of Object.entries(EXPECTED.service)) expect(by[id].service).toBe(s);
	});

	test('keeps hostile names as plain text', async () => {
		const r = await rows(`SELECT name FROM files WHERE objectId IN ('o6', 'o7') ORDER BY objectId`);
		expect(r.map((x) => x.name)).toEqual(["x'; DROP TABLE files; --.txt", '<img src=x onerror=alert(1)>.html']);
	});
});

describe('summary tables', () => {
	test('KPIs', async () => {
		const [k] = await rows(SUMMARY_QUERIES.kpis);
		expect(n(k.files)).toBe(EXPECTED.files);
		expect(n(k.bytes)).toBe(EXPECTED.bytes);
		expect(n(k.folders)).toBe(EXPECTED.folders);
		expect(n(k.extensions)).toBe(EXPECTED.extensions);
		expect(n(k.invalidModified)).toBe(EXPECTED.invalidModified);
		expect(n(k.nullSize)).toBe(EXPECTED.nullSize);
		expect(n(k.oldestModified)).toBe(EXPECTED.oldestModified);
		expect(n(k.newestModified)).toBe(EXPECTED.newestModified);
		expect(n(k.medianSize)).toBe(EXPECTED.medianSize);
		expect(n(k.averageSize)).toBeCloseTo(EXPECTED.bytes / (EXPECTED.files - EXPECTED.nullSize), 6);
	});

	test('size and age bands', async () => {
		const sizes = await rows(SUMMARY_QUERIES.sizeBands);
		expect(Object.fromEntries(sizes.map((r) => [SIZE_BANDS[Number(r.key)].label, n(r.files)]))).toEqual(EXPECTED.sizeBands);
		const ages = await rows(SUMMARY_QUERIES.ageBands);
		expect(Object.fromEntries(ages.map((r) => [AGE_BANDS[Number(r.key)].label, n(r.files)]))).toEqual(EXPECTED.ageBands);
	});
});
