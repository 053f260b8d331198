/**
 * The pages, grouped as the sidebar shows them: the Executive Summary (the home page), every report
 * folder that has a page (./<id>/report.ts says where it sits, ./<id>/Page.svelte draws it) and the
 * Explorer. A page is a route `/<slug>/` (prerendered, so any static host serves it) whose
 * component loads on first visit.
 */
import type { Component } from 'svelte';
import { GROUPS, type PageMeta, type ReportGroup } from './kit/define';
import { DEFINITIONS } from './registry';

export { GROUPS, type ReportGroup };

export interface ReportPage extends Omit<PageMeta, 'order'> {
	/** The report it draws (absent: the Summary and the Explorer). */
	report?: string;
	component?: () => Promise<{ default: Component }>;
	/** A page with its own route (src/routes/<slug>/) rather than a report component. */
	standalone?: boolean;
}

const components = import.meta.glob<{ default: Component }>('./*/Page.svelte');

const SUMMARY: ReportPage = { slug: '', group: 'Dashboard', title: 'Executive Summary', description: 'Files, bytes, types, sizes, ages and folders at a glance.' };
const EXPLORER: ReportPage = {
	slug: 'explorer',
	group: 'Explore',
	title: 'Explorer',
	description: 'Every file in one list: scroll, sort, search, filter, inspect and export.',
	standalone: true
};

const reportPages: ReportPage[] = DEFINITIONS.filter((d) => d.definition.page)
	.map(({ folder, definition }) => ({ folder, meta: definition.page!, id: definition.id }))
	.sort((a, b) => GROUPS.indexOf(a.meta.group) - GROUPS.indexOf(b.meta.group) || a.meta.order - b.meta.order)
	.map(({ folder, meta, id }) => {
		const { order: _order, ...rest } = meta;
		const component = components[`./${folder}/Page.svelte`];
		if (!component) throw new Error(`Report ${id} has a page but no ${folder}/Page.svelte`);
		return { ...rest, report: id, component };
	});

export const PAGES: readonly ReportPage[] = [SUMMARY, ...reportPages, EXPLORER];

export function pageBySlug(slug: string): ReportPage | undefined {
	return PAGES.find((p) => p.slug === slug && p.component);
}
