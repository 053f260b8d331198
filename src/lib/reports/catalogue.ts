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
	/** A page with its own route (src/routes/<slug>/) rather than a report component. */
	standalone?: boolean;
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
		slug: 'metadata',
		group: 'Content',
		title: 'Metadata Insights',
		description: 'Which document metadata fields (Apache Tika) files carry, per type category, on a uniform sample of the files.',
		component: () => import('./pages/Metadata.svelte')
	},
	{
		slug: 'classifications',
		group: 'Content',
		title: 'Content Categories',
		description: 'Files and bytes per classification policy and confidence tier, and how many files are unclassified.',
		component: () => import('./pages/Classifications.svelte')
	},
	{
		slug: 'storage',
		group: 'Storage & structure',
		title: 'Storage Overview',
		description: 'Size statistics, size bands, and bytes and estimated cost per storage service.',
		component: () => import('./pages/Storage.svelte')
	},
	{
		slug: 'folders',
		group: 'Storage & structure',
		title: 'Folder Organization',
		description: 'Folder sizes as a zoomable treemap and a folder tree; every total counts the files in a folder and below, once.',
		component: () => import('./pages/Folders.svelte')
	},
	{
		slug: 'largest',
		group: 'Storage & structure',
		title: 'Largest files',
		description: 'The 1,000 largest files, with where they are, when they changed and who owns them.',
		component: () => import('./pages/Largest.svelte')
	},
	{
		slug: 'distribution',
		group: 'Storage & structure',
		title: 'File Distribution',
		description: 'Type categories per top folder: which kinds of files fill each share, volume or mailbox.',
		component: () => import('./pages/Distribution.svelte')
	},
	{
		slug: 'aging',
		group: 'Lifecycle',
		title: 'Document Aging',
		description: 'Files and bytes by time since last modified, created and accessed, and per year of each.',
		component: () => import('./pages/Aging.svelte')
	},
	{
		slug: 'hot-cold',
		group: 'Lifecycle',
		title: 'Hot/cold',
		description: 'Files and bytes by last access: within 30, 90 or 365 days, longer ago, or never.',
		component: () => import('./pages/HotCold.svelte')
	},
	{
		slug: 'growth',
		group: 'Lifecycle',
		title: 'Growth',
		description: 'Files and bytes added to the index per month, and the running total of bytes.',
		component: () => import('./pages/Growth.svelte')
	},
	{
		slug: 'access',
		group: 'Lifecycle',
		title: 'Access patterns',
		description: 'When files were last accessed, by hour of day and day of week (UTC).',
		component: () => import('./pages/AccessPatterns.svelte')
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
	},
	{
		slug: 'access-controls',
		group: 'Security & governance',
		title: 'Access Controls',
		description: 'Files and bytes per permission set and principal, access by broad groups, files without permissions.',
		component: () => import('./pages/AccessControls.svelte')
	},
	{
		slug: 'sensitive',
		group: 'Security & governance',
		title: 'Sensitive files',
		description: 'Files whose names suggest secrets, keys and certificates, credential-bearing config, executables.',
		component: () => import('./pages/Sensitive.svelte')
	},
	{
		slug: 'services',
		group: 'Security & governance',
		title: 'Service Interactions',
		description: 'Files, bytes and latest activity per storage service.',
		component: () => import('./pages/Services.svelte')
	},
	{
		slug: 'messages',
		group: 'Security & governance',
		title: 'System Messages',
		description: 'Messages the indexer logged: per month, per type, most frequent and latest.',
		component: () => import('./pages/Messages.svelte')
	},
	{
		slug: 'explorer',
		group: 'Explore',
		title: 'Explorer',
		description: 'Every file in one list: scroll, sort, search, filter, inspect and export.',
		standalone: true
	}
];

export function pageBySlug(slug: string): ReportPage | undefined {
	return PAGES.find((p) => p.slug === slug && p.component);
}
