/**
 * The report pages, grouped as the sidebar shows them. A page is a route `/<slug>/` (prerendered, so
 * any static host serves it) whose component loads on first visit.
 */
import type { Component } from 'svelte';

export type ReportGroup = 'Dashboard' | 'Content' | 'Storage & structure' | 'Lifecycle' | 'Cleanup (ROT)' | 'Security & governance' | 'Explore';

export const GROUPS: readonly ReportGroup[] = ['Dashboard', 'Content', 'Storage & structure', 'Lifecycle', 'Cleanup (ROT)', 'Security & governance', 'Explore'];

export interface ReportPage {
	/** The route: `/documents/`. The Executive Summary is the home page (slug ''). */
	slug: string;
	group: ReportGroup;
	title: string;
	/** One sentence under the title: what the page counts. */
	description: string;
	component?: () => Promise<{ default: Component }>;
}

export const PAGES: readonly ReportPage[] = [
	{ slug: '', group: 'Dashboard', title: 'Executive Summary', description: 'Files, bytes, types, sizes, ages and folders at a glance.' },
	{
		slug: 'documents',
		group: 'Content',
		title: 'Document Analysis',
		description: 'Files and bytes per type category and extension, average sizes, and how many carry tags.',
		component: () => import('./pages/Documents.svelte')
	},
	{
		slug: 'rot',
		group: 'Cleanup (ROT)',
		title: 'ROT summary',
		description: 'Bytes reclaimable from redundant, obsolete and trivial files, with each file counted once.',
		component: () => import('./pages/RotSummary.svelte')
	},
	{
		slug: 'redundant',
		group: 'Cleanup (ROT)',
		title: 'Redundant',
		description: 'Duplicate candidates (same name and size): copies, wasted bytes, and where the copies are.',
		component: () => import('./pages/Redundant.svelte')
	},
	{
		slug: 'obsolete',
		group: 'Cleanup (ROT)',
		title: 'Obsolete',
		description: 'Files not modified for a number of years you choose: how many, how big, where, and the oldest.',
		component: () => import('./pages/Obsolete.svelte')
	},
	{
		slug: 'trivial',
		group: 'Cleanup (ROT)',
		title: 'Trivial',
		description: 'Empty, temporary, lock, backup and system files, per rule.',
		component: () => import('./pages/Trivial.svelte')
	}
];

export function pageBySlug(slug: string): ReportPage | undefined {
	return PAGES.find((p) => p.slug === slug && p.component);
}
