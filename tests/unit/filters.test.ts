/** Filters as data: URL round trips, robust parsing, editing, periods, and the SQL text they make. */
import { describe, expect, test } from 'vitest';
import {
	emptyFilters,
	filterChips,
	filterWhere,
	filtersFromParams,
	grainFromParams,
	MAX_VALUES,
	normaliseFilters,
	periodEnd,
	periodInWindow,
	periodLabel,
	periodStart,
	periodWindow,
	searchWithView,
	toggleValue,
	viewFromParams,
	viewKey,
	type Filters,
	type SummaryView
} from '$lib/model/filters';

const params = (query: string) => new URLSearchParams(query);

/** Through the URL and back, as the browser would: query string → URL → URLSearchParams. */
function roundTrip(view: SummaryView, existing = ''): SummaryView {
	const search = searchWithView(params(existing), view);
	const url = new URL(`https://example.org/tools/dashboard/${search}`);
	return viewFromParams(url.searchParams);
}

const view = (f: Partial<Filters>, grain: SummaryView['grain'] = 'month'): SummaryView => ({ filters: normaliseFilters(f), grain });

describe('URL round trips', () => {
	const cases: [string, SummaryView][] = [
		['nothing', view({})],
		['extensions and bands', view({ extensions: ['pdf', 'docx'], sizeBands: [2, 3], ageBands: [0, 5] })],
		['windows and grain', view({ modified: { from: '2020-01', to: '2022-12' }, added: { from: '2024-03', to: '2024-03' } }, 'quarter')],
		['no extension and unknown folder', view({ extensions: [''], topFolders: [''] })],
		[
			'hostile folders',
			view({
				topFolders: [
					'Shares/10.1.10.163/data/',
					'File System/D:/data/',
					'comma, separated/a,b/',
					'100% done/%2C/',
					"O'Brien & \"Team A\"/?#=/",
					'Контракты/报告/🚀 launch/',
					'a+b c/',
					'..dots../'
				]
			})
		],
		['hostile extensions', view({ extensions: ["x'; drop table files; --", 'a,b', '%25', '$~-_'] }, 'year')]
	];
	for (const [name, v] of cases) {
		test(name, () => {
			expect(roundTrip(v)).toEqual(v);
			// Equal views give equal keys, whatever order the values were picked in.
			expect(viewKey(roundTrip(v))).toBe(viewKey(v));
		});
	}

	test('the example from the issue reads as written', () => {
		const v = viewFromParams(params('ext=pdf,docx&size=2,3&age=5&modified=2020-01..2022-12&added=2024-01..2024-06&grain=quarter'));
		expect(v).toEqual(view({ extensions: ['docx', 'pdf'], sizeBands: [2, 3], ageBands: [5], modified: { from: '2020-01', to: '2022-12' }, added: { from: '2024-01', to: '2024-06' } }, 'quarter'));
	});

	test('readable URLs: slashes, colons and commas stay as they are', () => {
		const key = viewKey(view({ extensions: ['pdf', 'docx'], topFolders: ['Shares/10.1.10.163/data/', 'File System/D:/data/'], modified: { from: '2020-01', to: '2022-12' } }));
		expect(key).toBe('ext=docx,pdf&folder=File%20System/D:/data/,Shares/10.1.10.163/data/&modified=2020-01..2022-12');
	});

	test('other parameters are kept, in place, untouched', () => {
		const search = searchWithView(params('src=data/a%20b.duckdb&debug&ext=old'), view({ extensions: ['pdf'] }));
		expect(search).toBe('?src=data%2Fa+b.duckdb&debug=&ext=pdf');
		const back = new URLSearchParams(search);
		expect(back.get('src')).toBe('data/a b.duckdb');
		expect(back.has('debug')).toBe(true);
		expect(searchWithView(params('src=x'), view({}))).toBe('?src=x');
		expect(searchWithView(params(''), view({}))).toBe('');
	});

	test('repeated parameters add up', () => {
		expect(filtersFromParams(params('ext=pdf&ext=docx,xlsx&size=1&size=2')).extensions).toEqual(['docx', 'pdf', 'xlsx']);
		expect(filtersFromParams(params('size=1&size=2')).sizeBands).toEqual([1, 2]);
	});
});

describe('bad parameters are ignored, never an error', () => {
	const bad: [string, Partial<Filters>][] = [
		['size=abc,7,-1,2,1.5,02', { sizeBands: [2] }],
		['age=6,99999999999999999999,3', { ageBands: [3] }],
		['ext=,,PDF,.Docx,', { extensions: ['docx', 'pdf'] }],
		['modified=2020-13..2021-01', {}],
		['modified=2020-1..2021-01', {}],
		['modified=garbage', {}],
		['modified=2020-01..2021-01..2022-01', {}],
		['modified=0999-01', {}],
		['modified=2022-12..2020-01', { modified: { from: '2020-01', to: '2022-12' } }],
		['added=2024-02', { added: { from: '2024-02', to: '2024-02' } }],
		['added=2024-02..', {}],
		['folder=', {}],
		['%E0%A4%A=1&ext=%', { extensions: ['%'] }],
		['size=&age=&modified=&added=&grain=', {}]
	];
	for (const [query, expected] of bad) {
		test(query, () => {
			expect(() => viewFromParams(params(query))).not.toThrow();
			expect(filtersFromParams(params(query))).toEqual(normaliseFilters(expected));
		});
	}

	test('an unknown grain is month', () => {
		expect(grainFromParams(params('grain=week'))).toBe('month');
		expect(grainFromParams(params('grain=year'))).toBe('year');
	});

	test('overlong lists and values are cut, keeping SQL short', () => {
		const many = Array.from({ length: 500 }, (_, i) => `e${i}`).join(',');
		const f = filtersFromParams(params(`ext=${many}&folder=${'x'.repeat(5000)},ok/`));
		expect(f.extensions.length).toBe(MAX_VALUES);
		expect(f.topFolders).toEqual(['ok/']);
		expect(filterWhere(f).length).toBeLessThan(10_000);
	});

	test('a long top folder (a 4,096-character path) can be chosen; many long ones are cut to a budget', () => {
		const long = `${'a'.repeat(1500)}/${'b'.repeat(1500)}/`;
		expect(filtersFromParams(params(`folder=${long}`)).topFolders).toEqual([long]);
		// Sixty 1,000-character folders: only the first 16 (16,000 characters) fit MAX_LIST_CHARS = 16,384.
		const folders = Array.from({ length: 60 }, (_, i) => `${String(i).padStart(2, '0')}${'f'.repeat(998)}`);
		const f = filtersFromParams(params(`folder=${folders.join(',')}`));
		expect(f.topFolders).toEqual(folders.slice(0, 16));
		expect(filterWhere(f).length).toBeLessThan(20_000);
	});
});

describe('editing', () => {
	const f0 = emptyFilters();
	test('a plain click selects one value, and clears it when clicked again', () => {
		const f1 = toggleValue(f0, 'extension', 'pdf', false);
		expect(f1.extensions).toEqual(['pdf']);
		expect(toggleValue(f1, 'extension', 'docx', false).extensions).toEqual(['docx']);
		expect(toggleValue(f1, 'extension', 'pdf', false).extensions).toEqual([]);
	});
	test('shift/ctrl-click and toggle buttons add and remove', () => {
		const f1 = toggleValue(toggleValue(f0, 'sizeBand', '3'), 'sizeBand', '1');
		expect(f1.sizeBands).toEqual([1, 3]);
		expect(toggleValue(f1, 'sizeBand', '3').sizeBands).toEqual([1]);
		// A plain click on one of several selected values keeps only it.
		expect(toggleValue(f1, 'sizeBand', '3', false).sizeBands).toEqual([3]);
	});
	test('chips name every selection', () => {
		const f = normaliseFilters({ extensions: ['', 'pdf'], sizeBands: [2], ageBands: [5], topFolders: ['Shares/x/y/'], modified: { from: '2020-01', to: '2020-01' }, added: { from: '2021-01', to: '2021-06' } });
		expect(filterChips(f).map((c) => c.label)).toEqual([
			'Extension: (none)',
			'Extension: pdf',
			'Size: 1–10 MB',
			'Modified: > 3 years',
			'Top folder: Shares/x/y/',
			'Modified in: 2020-01',
			'Added in: 2021-01 – 2021-06'
		]);
	});
});

describe('periods', () => {
	test('starts, ends and labels', () => {
		expect(periodStart('2024-05', 'quarter')).toBe('2024-04');
		expect(periodEnd('2024-05', 'quarter')).toBe('2024-06');
		expect(periodStart('2024-05', 'year')).toBe('2024-01');
		expect(periodEnd('2024-05', 'year')).toBe('2024-12');
		expect(periodEnd('2024-12', 'month')).toBe('2024-12');
		expect(periodLabel('2024-10', 'quarter')).toBe('2024 Q4');
		expect(periodLabel('2024-01', 'year')).toBe('2024');
	});
	test('a brushed window covers whole periods, in either direction', () => {
		expect(periodWindow('2021-08', '2020-02', 'quarter')).toEqual({ from: '2020-01', to: '2021-09' });
		expect(periodWindow('2020-02', '2020-02', 'year')).toEqual({ from: '2020-01', to: '2020-12' });
		expect(periodInWindow('2020-10', 'quarter', { from: '2020-12', to: '2021-02' })).toBe(true);
		expect(periodInWindow('2021-04', 'quarter', { from: '2020-12', to: '2021-02' })).toBe(false);
	});
});

describe('SQL', () => {
	test('nothing selected is TRUE', () => {
		expect(filterWhere(emptyFilters())).toBe('TRUE');
	});
	test('values are escaped; windows are integer month ranges', () => {
		const f = normaliseFilters({ extensions: ["x'; DROP TABLE files; --"], sizeBands: [1, 2], modified: { from: '2020-01', to: '2022-12' } });
		expect(filterWhere(f)).toBe(`(extension IN ('x''; drop table files; --')) AND (sizeBand IN (1, 2)) AND (modifiedMonth BETWEEN 202001 AND 202212)`);
	});
	test("a chart leaves out its own dimension's filter", () => {
		const f = normaliseFilters({ extensions: ['pdf'], sizeBands: [1] });
		expect(filterWhere(f, 'extension')).toBe('(sizeBand IN (1))');
		expect(filterWhere(f, 'sizeBand')).toBe(`(extension IN ('pdf'))`);
	});
});
