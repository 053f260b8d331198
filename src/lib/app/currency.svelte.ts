/**
 * The currency symbol costs are shown with, the person's choice kept in this browser
 * (localStorage); "$" until they choose. src/lib/format.ts formats with it; views that show costs
 * read `currency.symbol` so they redraw when it changes.
 */
import { CURRENCY_KEY, DEFAULT_CURRENCY, setCurrencySymbol } from '$lib/format';

class Currency {
	symbol = $state(DEFAULT_CURRENCY);

	constructor() {
		if (typeof localStorage === 'undefined') return;
		try {
			this.apply(localStorage.getItem(CURRENCY_KEY) ?? DEFAULT_CURRENCY);
		} catch {
			/* storage refused: the default stays */
		}
	}

	private apply(symbol: string): void {
		setCurrencySymbol(symbol);
		this.symbol = symbol.trim().slice(0, 4) || DEFAULT_CURRENCY;
	}

	set(symbol: string): void {
		this.apply(symbol);
		try {
			if (this.symbol === DEFAULT_CURRENCY) localStorage.removeItem(CURRENCY_KEY);
			else localStorage.setItem(CURRENCY_KEY, this.symbol);
		} catch {
			/* not remembered; still used on this page */
		}
	}
}

export const currency = new Currency();
