/**
 * Reading the Explorer's grid as a person sees it, and checking it against the Explorer oracle
 * (tests/oracle/explorer.ts). Shared by the 100k and the 1M Explorer specs.
 */
import { expect, type Page } from '@playwright/test';
import type { ExplorerOracle } from '../oracle/explorer';

export interface Shown {
	pos: number;
	objectId: string;
	size: number | null;
	name: string;
}

/** The rows in the DOM, in display order, once every one of them has arrived from the engine. */
export async function visibleRows(page: Page): Promise<Shown[]> {
	const grid = page.getByTestId('explorer-grid');
	await expect
		.poll(async () => grid.locator('[role=row][data-pos]').evaluateAll((rows) => rows.length > 0 && rows.every((r) => (r as HTMLElement).dataset.objectId)), { timeout: 30_000 })
		.toBe(true);
	const rows = await grid.locator('[role=row][data-pos]').evaluateAll((rows) =>
		rows.map((r) => {
			const el = r as HTMLElement;
			const cell = (k: string) => el.querySelector<HTMLElement>(`[data-col="${k}"]`)?.dataset.value ?? '';
			return { pos: Number(el.dataset.pos), objectId: el.dataset.objectId!, size: cell('size') === '' ? null : Number(cell('size')), name: cell('name') };
		})
	);
	return rows.sort((a, b) => a.pos - b.pos);
}

/** Wait until the Explorer has its list (a sort index or a search may be building) and return its length. */
export async function ready(page: Page, timeout = 120_000): Promise<number> {
	const explorer = page.getByTestId('explorer');
	await expect(explorer).toHaveAttribute('data-ready', 'true', { timeout });
	return Number(await explorer.getAttribute('data-total'));
}

/**
 * Rows shown against the oracle: consecutive positions, sizes in the oracle's order at those
 * positions, and each row a real file with that size and name (containing the search, if any).
 */
export async function checkRows(oracle: ExplorerOracle, rows: Shown[], descending: boolean, search?: string): Promise<void> {
	// A screenful: more than a few rows, never none.
	expect(rows.length).toBeGreaterThan(5);
	const first = rows[0].pos;
	expect(rows.map((r) => r.pos)).toEqual(rows.map((_, i) => first + i));
	expect(rows.map((r) => r.size)).toEqual(await oracle.sizes(descending, first, first + rows.length, search));
	const files = await oracle.files(rows.map((r) => r.objectId));
	for (const r of rows) {
		expect(files.get(r.objectId), r.objectId).toBeDefined();
		expect(files.get(r.objectId)!.size).toBe(r.size);
		expect(files.get(r.objectId)!.name).toBe(r.name);
		if (search) expect((files.get(r.objectId)!.folder + r.name).toLowerCase()).toContain(search.toLowerCase());
	}
}

/** Click the Size header (descending first, then it flips); returns ms until the list was ready. */
export async function sortBySizeHeader(page: Page, timeout?: number): Promise<number> {
	const started = Date.now();
	await page.getByTestId('explorer-grid').getByRole('button', { name: /^Size/ }).click();
	await ready(page, timeout);
	return Date.now() - started;
}

/** Press End in the grid and return the rows then in view (the list's last screenful). */
export async function lastRows(page: Page): Promise<Shown[]> {
	await page.getByTestId('explorer-grid').focus();
	await page.keyboard.press('End');
	return visibleRows(page);
}
