/**
 * The charts' colours, in one place. Bars and areas share one blue (the first of Tableau 10, which
 * reads on light and dark backgrounds alike); a chosen bar takes the accent blue of src/app.css's
 * light theme, and the bars a choice leaves out are dimmed.
 */
export const CHART_COLOURS = {
	bar: '#4e79a7',
	selected: '#1f5fa8',
	dimmed: '#b9c7d8'
} as const;
