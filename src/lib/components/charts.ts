/** The data a bar chart draws: already aggregated, at most a few hundred rows. */
export interface BarRow {
	label: string;
	value: number;
	files: number;
	bytes: number;
}

export interface BarSpec {
	id: string;
	title: string;
	orientation: 'horizontal' | 'vertical' | 'timeline';
	rows: BarRow[];
	format: (n: number) => string;
	valueName: string;
}
