/**
 * The filters every page shares live in the URL (src/lib/model/filters.ts): these read and change
 * them, so a report page cross-filters like the Summary and a bookmark keeps the view.
 */
import { goto } from '$app/navigation';
import { page } from '$app/state';
import {
	clearDimension,
	emptyFilters,
	removeValue,
	searchWithView,
	toggleValue,
	viewFromParams,
	viewKey,
	type FilterChip,
	type SummaryView,
	type ValueDimension
} from '$lib/model/filters';

export function currentView(): SummaryView {
	return viewFromParams(page.url.searchParams);
}

export function setView(next: SummaryView): void {
	const url = page.url;
	if (viewKey(next) === viewKey(currentView())) return;
	void goto(`${url.pathname}${searchWithView(url.searchParams, next)}${url.hash}`, { keepFocus: true, noScroll: true });
}

export function toggleFilter(dim: ValueDimension, value: string, additive: boolean): void {
	const view = currentView();
	setView({ ...view, filters: toggleValue(view.filters, dim, value, additive) });
}

export function removeChip(chip: FilterChip): void {
	const view = currentView();
	const isWindow = chip.dim === 'modifiedMonth' || chip.dim === 'addedMonth';
	const filters = chip.value !== undefined && !isWindow ? removeValue(view.filters, chip.dim as ValueDimension, chip.value) : clearDimension(view.filters, chip.dim);
	setView({ ...view, filters });
}

export function clearFilters(): void {
	setView({ ...currentView(), filters: emptyFilters() });
}
