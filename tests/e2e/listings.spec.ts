/**
 * Every listing an admin already has (issue #21): a real `find` over folders of this machine, and
 * from the same files every shape the tools write (tests/fixtures/listings.ts). Each opens in the
 * built site with files, bytes, folders, extensions, the largest files and files per year equal to
 * native DuckDB reading the same listing file with SQL written here (tests/oracle/listings.ts).
 * One page for all the cases: each opens the next listing over the last, as a person would.
 */
import { expect, test, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openReport, readAsOf, readKpis, readTable } from './helpers';
import { readReportKpis } from './report-kit';
import { fileKey, listingOracle, type ListingFigures } from '../oracle/listings';
import {
	csvWithHeader,
	diskoverCsv,
	findAgain,
	gnuSplit,
	listFiles,
	ncduJson,
	parquetFromFind,
	partsWithHeaders,
	powershellCsv,
	treesizeCsv,
	wiztreeCsv,
	type ListingFixtures
} from '../fixtures/listings';

test.describe.configure({ mode: 'serial' });
test.setTimeout(240_000);

let page: Page;
let fx: ListingFixtures;
const file = (name: string) => join(fx.dir, name);
const sqlPath = (p: string) => `'${p.replaceAll("'", "''")}'`;

test.beforeAll(async ({ browser }) => {
	fx = listFiles();
	expect(fx.files.length).toBeGreaterThan(1000);
	page = await browser.newPage();
	await page.goto('./');
	await expect(page.getByTestId('sample-button')).toBeVisible();
});

test.afterAll(async () => page?.close());

/** Pick files as a person would, on the Summary page, and wait for this listing's Summary. */
async function open(paths: string[], title: string): Promise<number> {
	const summary = page.getByTestId('summary');
	const before = (await summary.count()) ? await summary.getAttribute('data-asof') : null;
	await page.getByTestId('file-input').setInputFiles(paths);
	await expect(page.getByTestId('dataset-name')).toHaveText(title, { timeout: 120_000 });
	if (before) await expect(summary).not.toHaveAttribute('data-asof', before);
	await expect(summary).toHaveAttribute('data-ready', 'true', { timeout: 120_000 });
	await expect(summary).toHaveAttribute('data-exact', 'true', { timeout: 120_000 });
	return readAsOf(page);
}

/** What the person reads, against the oracle: the Summary's figures, Document Aging's years, Largest files. */
async function expectFigures(oracle: ListingFigures): Promise<void> {
	const kpis = await readKpis(page);
	expect({ files: kpis.files, bytes: kpis.bytes, folders: kpis.folders, extensions: kpis.extensions }).toEqual({
		files: oracle.files,
		bytes: oracle.bytes,
		folders: oracle.folders,
		extensions: oracle.extensions
	});

	await openReport(page, 'Document Aging', 'aging');
	const years = await readTable(page, 'age-years');
	expect(years.length).toBe(Object.keys(oracle.years).length);
	expect(Object.fromEntries(years.map((r) => [Number(r.year), Number(r.modifiedFiles)]))).toEqual(oracle.years);

	await openReport(page, 'Largest files', 'largest');
	const largest = await readReportKpis(page, 'largest');
	expect(largest.listed).toBe(oracle.largest.length);
	expect(largest.listedBytes).toBe(oracle.largest.reduce((n, f) => n + f.size, 0));
	expect(largest.largest).toBe(oracle.largest[0]?.size ?? null);
	const rows = await readTable(page, 'largest');
	expect(rows.length).toBe(Math.min(25, oracle.largest.length));
	expect(rows.map((r) => Number(r.size))).toEqual(oracle.largest.slice(0, rows.length).map((f) => f.size));
	for (const r of rows) expect(oracle.all.has(fileKey(r.folder, r.name, Number(r.size))), `${r.folder}${r.name}`).toBe(true);

	await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Executive Summary', exact: true }).click();
	await expect(page.getByTestId('summary')).toHaveAttribute('data-ready', 'true');
}

const notes = () => page.getByTestId('notes');

/** find's headerless output, as the oracle reads it: the exact %T@ digits, truncated to the millisecond. */
const findSelect = (path: string, header = false) =>
	`SELECT p AS path, s AS size, CAST(floor(CAST(m AS DECIMAL(38, 10)) * 1000) AS BIGINT) AS ms
	 FROM read_csv(${sqlPath(path)}, delim = '\t', quote = '', escape = '', header = ${header}, columns = {'p': 'VARCHAR', 's': 'BIGINT', 'm': 'VARCHAR'})`;

test('find -printf without a header: the first line is a file; a Linux name with a backslash stays one name', async () => {
	const asOf = await open([file('find.tsv')], 'find.tsv');
	const oracle = await listingOracle(findSelect(file('find.tsv')), asOf);
	expect(oracle.files).toBe(fx.files.length);
	await expectFigures(oracle);
	await expect(notes()).toContainText('no header, so its columns were recognised by their values');
});

test('find -printf with a header line', async () => {
	writeFileSync(file('find-header.tsv'), 'path\tsize\tmtime\n' + fx.findTsv);
	const asOf = await open([file('find-header.tsv')], 'find-header.tsv');
	await expectFigures(await listingOracle(findSelect(file('find-header.tsv'), true), asOf));
});

test('find -printf separated by spaces, the path last (names with spaces)', async () => {
	writeFileSync(file('find-spaced.txt'), findAgain(fx, '%s %T@ %p\\n'));
	const asOf = await open([file('find-spaced.txt')], 'find-spaced.txt');
	const oracle = await listingOracle(
		`SELECT x.p AS path, CAST(x.s AS BIGINT) AS size, CAST(floor(CAST(x.m AS DECIMAL(38, 10)) * 1000) AS BIGINT) AS ms
		 FROM (SELECT regexp_extract(line, '^([0-9]+) ([0-9.]+) (.*)$', ['s', 'm', 'p']) AS x
		       FROM read_csv(${sqlPath(file('find-spaced.txt'))}, delim = chr(31), quote = '', escape = '', header = false, columns = {'line': 'VARCHAR'}))`,
		asOf
	);
	expect(oracle.files).toBe(fx.files.length);
	await expectFigures(oracle);
});

const csvSelect = (paths: string[]) =>
	`SELECT path, size, epoch_ms(modified) AS ms FROM read_csv([${paths.map(sqlPath).join(', ')}], header = true, quote = '"', escape = '"', columns = {'path': 'VARCHAR', 'size': 'BIGINT', 'modified': 'TIMESTAMP'})`;

test('a CSV with a header', async () => {
	writeFileSync(file('listing.csv'), csvWithHeader(fx.files));
	const asOf = await open([file('listing.csv')], 'listing.csv');
	await expectFigures(await listingOracle(csvSelect([file('listing.csv')]), asOf));
});

test('PowerShell Get-ChildItem | Export-Csv: #TYPE line, UNC paths, folder rows, the UTC time', async () => {
	writeFileSync(file('powershell.csv'), powershellCsv(fx.files));
	const asOf = await open([file('powershell.csv')], 'powershell.csv');
	const oracle = await listingOracle(
		`SELECT replace(FullName, '\\', '/') AS path, CAST(Length AS BIGINT) AS size, epoch_ms(strptime(LastWriteTimeUtc, '%m/%d/%Y %I:%M:%S %p')) AS ms
		 FROM read_csv(${sqlPath(file('powershell.csv'))}, skip = 1, header = true, all_varchar = true) WHERE PSIsContainer = 'False'`,
		asOf
	);
	expect(oracle.files).toBe(fx.files.length);
	await expectFigures(oracle);
	await expect(notes()).toContainText('Read powershell.csv as a PowerShell Get-ChildItem | Export-Csv listing');
	await expect(notes()).toContainText('rows are folders, not files');
});

test('WizTree CSV export: banner line, folder rows, drive columns on the root row', async () => {
	writeFileSync(file('wiztree.csv'), wiztreeCsv(fx.files));
	const asOf = await open([file('wiztree.csv')], 'wiztree.csv');
	const oracle = await listingOracle(
		`SELECT replace("File Name", '\\', '/') AS path, CAST(Size AS BIGINT) AS size, epoch_ms(strptime(Modified, '%Y/%m/%d %H:%M:%S')) AS ms
		 FROM read_csv(${sqlPath(file('wiztree.csv'))}, skip = 1, header = true, all_varchar = true, null_padding = true) WHERE NOT ends_with("File Name", '\\')`,
		asOf
	);
	expect(oracle.files).toBe(fx.files.length);
	await expectFigures(oracle);
	await expect(notes()).toContainText('Read wiztree.csv as a WizTree export');
	await expect(notes()).toContainText('Generated by WizTree');
});

test('TreeSize CSV export: report lines, semicolons, German sizes with units and dates', async () => {
	writeFileSync(file('treesize.csv'), treesizeCsv(fx.files));
	const asOf = await open([file('treesize.csv')], 'treesize.csv');
	const size = `regexp_extract(Size, '^([0-9,]+) ([A-Za-z]+)$', ['n', 'u'])`;
	const oracle = await listingOracle(
		`SELECT replace("Full Path", '\\', '/') AS path,
		        CAST(round(CAST(replace(${size}.n, ',', '.') AS DOUBLE) * CASE ${size}.u WHEN 'Bytes' THEN 1 WHEN 'KB' THEN 1024 WHEN 'MB' THEN 1048576 WHEN 'GB' THEN 1073741824 END) AS BIGINT) AS size,
		        epoch_ms(strptime("Last Modified", '%d.%m.%Y %H:%M:%S')) AS ms
		 FROM read_csv(${sqlPath(file('treesize.csv'))}, skip = 4, delim = ';', header = true, all_varchar = true) WHERE Type <> 'Ordner'`,
		asOf
	);
	expect(oracle.files).toBe(fx.files.length);
	await expectFigures(oracle);
	await expect(notes()).toContainText('Read treesize.csv as a TreeSize export');
	await expect(notes()).toContainText('Sizes in treesize.csv are written with a dot thousands separator, decimal comma and units');
	await expect(notes()).toContainText('byte totals are approximate');
});

test('ncdu -o JSON: files from the nested arrays; folders, links and excluded entries are not files', async () => {
	writeFileSync(file('ncdu.json'), ncduJson(fx.files));
	const asOf = await open([file('ncdu.json')], 'ncdu.json');
	const oracle = await listingOracle(
		`SELECT p AS path, s AS size, CAST(floor(CAST(m AS DECIMAL(38, 10))) AS BIGINT) * 1000 AS ms
		 FROM read_csv(${sqlPath(file('find.tsv'))}, delim = '\t', quote = '', escape = '', header = false, columns = {'p': 'VARCHAR', 's': 'BIGINT', 'm': 'VARCHAR'})`,
		asOf
	);
	await expectFigures(oracle);
	await expect(notes()).toContainText('is an ncdu export');
});

test('a diskover-like CSV: parent_path and name, directory rows', async () => {
	writeFileSync(file('diskover.csv'), diskoverCsv(fx.files));
	const asOf = await open([file('diskover.csv')], 'diskover.csv');
	const oracle = await listingOracle(
		`SELECT parent_path || '/' || name AS path, CAST(size AS BIGINT) AS size, epoch_ms(CAST(mtime AS TIMESTAMP)) AS ms
		 FROM read_csv(${sqlPath(file('diskover.csv'))}, header = true, all_varchar = true) WHERE type = 'file'`,
		asOf
	);
	expect(oracle.files).toBe(fx.files.length);
	await expectFigures(oracle);
	await expect(notes()).toContainText('Read diskover.csv as a diskover export');
});

test('Parquet written by DuckDB from a headerless find listing', async () => {
	await parquetFromFind(file('find.tsv'), file('listing.parquet'));
	const asOf = await open([file('listing.parquet')], 'listing.parquet');
	const oracle = await listingOracle(`SELECT column0 AS path, column1 AS size, CAST(floor(column2 * 1000) AS BIGINT) AS ms FROM read_parquet(${sqlPath(file('listing.parquet'))})`, asOf);
	await expectFigures(oracle);
});

test('a listing in parts, each repeating the header; a part with other columns is named, not read', async () => {
	const parts = partsWithHeaders(csvWithHeader(fx.files), 1, 3);
	const names = parts.map((text, i) => {
		// The first part's last line without its newline: the next part's header still starts a line.
		writeFileSync(file(`repeat-0${i}.csv`), i === 0 ? text.replace(/\r\n$/, '') : text);
		return file(`repeat-0${i}.csv`);
	});
	writeFileSync(file('repeat-03.csv'), 'owner;group\nroot;root\n');
	const asOf = await open([...names, file('repeat-03.csv')].reverse(), 'repeat (4 parts)');
	await expectFigures(await listingOracle(csvSelect(names), asOf));
	await expect(notes()).toContainText('repeat-03.csv was not read with repeat-00.csv');
});

test('GNU split by lines: the header only in the first part', async () => {
	writeFileSync(file('for-split.csv'), csvWithHeader(fx.files));
	const parts = gnuSplit(file('for-split.csv'), file('gnu'), 'gnu-', ['-l', '1300']);
	expect(parts.length).toBeGreaterThan(1);
	const asOf = await open(parts, `gnu (${parts.length} parts)`);
	await expectFigures(await listingOracle(csvSelect([file('for-split.csv')]), asOf));
});

test('GNU split by bytes, lines cut in two: x.tsv.00, x.tsv.01, …', async () => {
	const parts = gnuSplit(file('find.tsv'), file('bytes'), 'bytes.tsv.', ['-b', '60000', '-d']);
	expect(parts.length).toBeGreaterThan(2);
	const asOf = await open(parts, `bytes (${parts.length} parts)`);
	await expectFigures(await listingOracle(findSelect(file('find.tsv')), asOf));
});

test('a German CSV whose sizes could be read two ways asks, with examples, and reads the answer', async () => {
	// Sizes below a million: at most one dot, "1.024", a thousand with a grouping dot or one with a decimal one.
	const small = fx.files.filter((f) => f.size < 1_000_000);
	const de = (n: number) => n.toLocaleString('de-DE');
	const date = (f: (typeof small)[number]) => {
		const d = new Date(Number(f.mtime.split('.')[0]) * 1000);
		const p = (n: number) => String(n).padStart(2, '0');
		return `${p(d.getUTCDate())}.${p(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
	};
	const q = (s: string) => (/[;"\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
	writeFileSync(file('deutsch.csv'), 'Pfad;Größe;Geändert\n' + small.map((f) => `${q(f.path)};${de(f.size)};${date(f)}\n`).join(''));
	await page.getByTestId('file-input').setInputFiles([file('deutsch.csv')]);
	const dialog = page.getByTestId('mapping-dialog');
	await expect(dialog).toBeVisible();
	await expect(dialog.getByRole('heading', { name: 'Which columns are which?' })).toBeFocused();
	await expect(page.getByTestId('mapping-samples')).toContainText(small[0].path);
	await expect(page.getByTestId('values-size')).toContainText(de(small[0].size));
	const question = page.getByTestId('number-format');
	await expect(question).toContainText(/\d\.\d{3} → \d{1,3},\d{3} bytes/);
	await expect(dialog.getByRole('button', { name: 'Build the reports' })).toBeDisabled();
	// By keyboard: the choice, then the button.
	await question.getByRole('radio', { name: /dot thousands separator/ }).focus();
	await page.keyboard.press('Space');
	await dialog.getByRole('button', { name: 'Build the reports' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('dataset-name')).toHaveText('deutsch.csv');
	await expect(page.getByTestId('summary')).toHaveAttribute('data-exact', 'true', { timeout: 120_000 });
	const asOf = await readAsOf(page);
	const oracle = await listingOracle(
		`SELECT Pfad AS path, CAST(replace("Größe", '.', '') AS BIGINT) AS size, epoch_ms(strptime("Geändert", '%d.%m.%Y %H:%M')) AS ms
		 FROM read_csv(${sqlPath(file('deutsch.csv'))}, delim = ';', header = true, all_varchar = true)`,
		asOf
	);
	expect(oracle.files).toBe(small.length);
	await expectFigures(oracle);
});

test('dates that could be day-first or month-first are asked, not guessed', async () => {
	// Only files modified on the 1st to the 12th of a month: 03/04/2024 could be either.
	const early = fx.files.filter((f) => new Date(Number(f.mtime.split('.')[0]) * 1000).getUTCDate() <= 12);
	const uk = (f: (typeof early)[number]) => {
		const d = new Date(Number(f.mtime.split('.')[0]) * 1000);
		const p = (n: number) => String(n).padStart(2, '0');
		return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
	};
	const q = (s: string) => (/[,"\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
	writeFileSync(file('uk.csv'), 'path,size,modified\n' + early.map((f) => `${q(f.path)},${f.size},${uk(f)}\n`).join(''));
	await page.getByTestId('file-input').setInputFiles([file('uk.csv')]);
	const dialog = page.getByTestId('mapping-dialog');
	await expect(dialog).toBeVisible();
	const question = page.getByTestId('date-order');
	await expect(question).toContainText(uk(early[0]));
	await question.getByRole('radio', { name: /The day/ }).focus();
	await page.keyboard.press('Space');
	await dialog.getByRole('button', { name: 'Build the reports' }).click();
	await expect(page.getByTestId('dataset-name')).toHaveText('uk.csv');
	await expect(page.getByTestId('summary')).toHaveAttribute('data-exact', 'true', { timeout: 120_000 });
	const oracle = await listingOracle(
		`SELECT path, size, epoch_ms(strptime(modified, '%d/%m/%Y %H:%M:%S')) AS ms FROM read_csv(${sqlPath(file('uk.csv'))}, header = true, all_varchar = true)`,
		await readAsOf(page)
	);
	expect(oracle.files).toBe(early.length);
	await expectFigures(oracle);
});

test('a listing of paths only asks, says there is no size, and opens with sizes unknown', async () => {
	writeFileSync(file('paths.txt'), findAgain(fx, '%p\\n'));
	await page.getByTestId('file-input').setInputFiles([file('paths.txt')]);
	const dialog = page.getByTestId('mapping-dialog');
	await expect(dialog).toBeVisible();
	await expect(page.getByTestId('mapping-reasons')).toContainText('has no size column: sizes will be unknown');
	await expect(page.getByTestId('values-size')).toContainText('No size column: sizes will be unknown');
	await dialog.getByRole('button', { name: 'Build the reports' }).click();
	await expect(page.getByTestId('dataset-name')).toHaveText('paths.txt');
	await expect(page.getByTestId('summary')).toHaveAttribute('data-exact', 'true', { timeout: 120_000 });
	const oracle = await listingOracle(findSelect(file('find.tsv')), await readAsOf(page));
	const kpis = await readKpis(page);
	expect({ files: kpis.files, folders: kpis.folders, extensions: kpis.extensions, bytes: kpis.bytes }).toEqual({ files: oracle.files, folders: oracle.folders, extensions: oracle.extensions, bytes: 0 });
	await expect(notes()).toContainText('no modified-time column');
});
