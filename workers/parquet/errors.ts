/**
 * Errors from the Parquet reader, worded for the person who chose the file. `kind` lets the
 * engine map them onto its own error codes without parsing messages.
 */
export type ParquetErrorKind = 'not-parquet' | 'truncated' | 'corrupt' | 'unsupported' | 'unreadable';

export class ParquetFileError extends Error {
	constructor(
		readonly kind: ParquetErrorKind,
		message: string,
		options?: { cause?: unknown }
	) {
		super(message, options);
		this.name = 'ParquetFileError';
	}
}

/** The name people know the file by; a bare Blob has none. */
export function fileLabel(blob: Blob): string {
	const name = (blob as Partial<File>).name;
	return typeof name === 'string' && name ? name : 'The file';
}

/** An AbortError like fetch() throws, so callers can test `e.name === 'AbortError'`. */
export function abortError(blob: Blob): DOMException {
	return new DOMException(`Reading ${fileLabel(blob)} was cancelled`, 'AbortError');
}

export function formatBytes(n: number): string {
	if (n < 1024) return `${n} bytes`;
	const units = ['KB', 'MB', 'GB', 'TB'];
	let v = n / 1024;
	let u = 0;
	while (v >= 1024 && u < units.length - 1) {
		v /= 1024;
		u++;
	}
	return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}
