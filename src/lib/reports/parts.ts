/**
 * A report statement that answers several questions in one scan tells its rows apart by a `part`
 * column (ROT, Trivial, Sensitive files): this picks one part's rows.
 */
import type { Row } from '$lib/model/reports/types';

export function part(rows: Row[] | null | undefined, name: string): Row[] {
	return (rows ?? []).filter((r) => r.part === name);
}
