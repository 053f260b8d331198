import { error } from '@sveltejs/kit';
import { PAGES, pageBySlug } from '$lib/reports/catalogue';
import type { EntryGenerator, PageLoad } from './$types';

/** Every report page is prerendered to its own HTML shell: deep links work on any static host. */
export const entries: EntryGenerator = () => PAGES.filter((p) => p.slug && p.component).map((p) => ({ page: p.slug }));

export const load: PageLoad = ({ params }) => {
	const report = pageBySlug(params.page);
	if (!report) error(404, 'There is no such report.');
	return { slug: report.slug };
};
