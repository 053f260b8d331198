/** Wrong, empty and broken input ends in a readable message, and the app stays usable. */
import { expect, test, type Page } from '@playwright/test';
import { waitForSummary, readKpis } from './helpers';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

async function pick(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]) {
	await page.getByTestId('file-input').setInputFiles(files);
}

async function expectError(page: Page, text: RegExp) {
	const alert = page.getByTestId('error');
	await expect(alert).toBeVisible();
	await expect(alert).toContainText(text);
}

async function stillUsable(page: Page) {
	await page.getByTestId('error').getByRole('button', { name: 'Dismiss' }).click();
	await page.getByTestId('sample-button').click();
	await waitForSummary(page);
	expect((await readKpis(page)).files).toBe(100_000);
}

test.beforeEach(async ({ page }) => {
	await page.goto('./');
	// The page is a client-rendered shell: wait until the app has mounted its handlers.
	await expect(page.getByTestId('sample-button')).toBeVisible();
});

test('a zero-byte Parquet file', async ({ page }) => {
	await pick(page, [{ name: 'objects.parquet', mimeType: 'application/octet-stream', buffer: Buffer.alloc(0) }]);
	await expectError(page, /objects\.parquet is empty/);
	await stillUsable(page);
});

test('a PNG renamed .parquet', async ({ page }) => {
	await pick(page, [{ name: 'objects.parquet', mimeType: 'application/octet-stream', buffer: PNG }]);
	await expectError(page, /not a Parquet file/);
	await stillUsable(page);
});

test('a file that is not a DuckDB database', async ({ page }) => {
	await pick(page, [{ name: 'export.duckdb', mimeType: 'application/octet-stream', buffer: Buffer.from('hello, this is not a database'.repeat(200)) }]);
	await expectError(page, /could not be opened as a DuckDB database/);
	await stillUsable(page);
});

test('an export without objects', async ({ page }) => {
	await pick(page, [{ name: 'instances.csv', mimeType: 'text/csv', buffer: Buffer.from('instanceId,objectId,size\n1,a,10\n') }]);
	await expectError(page, /no objects table/);
	await stillUsable(page);
});

test('a file of an unknown kind', async ({ page }) => {
	await pick(page, [{ name: 'photo.png', mimeType: 'image/png', buffer: PNG }]);
	await expectError(page, /Nothing here is an export/);
	await stillUsable(page);
});

test('a listing whose columns cannot be guessed asks for a mapping', async ({ page }) => {
	const csv = 'a,b,c\n/data/x.txt,10,1700000000\n/data/y.PDF,20,1700000001\n/data/sub/z,30,0\n';
	await pick(page, [{ name: 'listing.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }]);
	const dialog = page.getByTestId('mapping-dialog');
	await expect(dialog).toBeVisible();
	await dialog.locator('select[name="path"]').selectOption('a');
	await dialog.locator('select[name="size"]').selectOption('b');
	await dialog.locator('select[name="modified"]').selectOption('c');
	await dialog.getByRole('button', { name: 'Build the reports' }).click();
	await waitForSummary(page);
	const kpis = await readKpis(page);
	// By construction: 3 files, 60 bytes, 2 folders (/data/ and /data/sub/), 2 extensions (txt, pdf).
	expect(kpis).toMatchObject({ files: 3, bytes: 60, folders: 2, extensions: 2 });
});

test('files dropped onto the page open like picked ones', async ({ page }) => {
	await page.evaluate(() => {
		const dt = new DataTransfer();
		const csv = 'path,size,modified\n/a/one.txt,5,2024-01-01\n/a/two.txt,7,2024-02-01\n';
		dt.items.add(new File([csv], 'listing.csv', { type: 'text/csv' }));
		document.querySelector('[data-testid="drop-zone"]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
	});
	await waitForSummary(page);
	expect(await readKpis(page)).toMatchObject({ files: 2, bytes: 12, folders: 1 });
});

test('a CSV from a spreadsheet: BOM, semicolons, a quoted newline and a ragged row', async ({ page }) => {
	const csv = '\ufeffpath;size;modified\n"/a/one.txt";5;2024-01-01\n"/a/two\nline.txt";7;2024-02-01\n/a/three.txt;9;2024-03-01;extra\n/b/four.txt;11;2024-04-01\n';
	await pick(page, [{ name: 'excel.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }]);
	await waitForSummary(page);
	// By construction: four files of 5 + 7 + 9 + 11 bytes in two folders; the ragged row is kept and said so.
	expect(await readKpis(page)).toMatchObject({ files: 4, bytes: 32, folders: 2, extensions: 1 });
	await expect(page.getByTestId('notes')).toContainText('excel.csv is not strictly valid CSV');
});

test('two .duckdb files at once', async ({ page }) => {
	await pick(page, [
		{ name: 'a.duckdb', mimeType: 'application/octet-stream', buffer: Buffer.from('not read') },
		{ name: 'b.duckdb', mimeType: 'application/octet-stream', buffer: Buffer.from('not read') }
	]);
	await expectError(page, /Several database files were dropped \(a\.duckdb, b\.duckdb\)/);
	await expect(page.getByTestId('error')).toContainText('Open one .duckdb export at a time.');
	await stillUsable(page);
});

test('an objects table without objectId', async ({ page }) => {
	await pick(page, [{ name: 'objects.csv', mimeType: 'text/csv', buffer: Buffer.from('name,size\na.txt,10\nb.txt,20\n') }]);
	await expectError(page, /The objects table has no objectId column\./);
	await stillUsable(page);
});

test('a ?src= address that answers 404', async ({ page }) => {
	await page.goto('./?src=/e2e-data/no-such-export.parquet');
	await expectError(page, /Fetching http:\/\/127\.0\.0\.1:\d+\/e2e-data\/no-such-export\.parquet answered 404/);
	await stillUsable(page);
});
