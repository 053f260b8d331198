import type { EngineErrorShape, ErrorCode } from './protocol';

/** Where a failure happened, and what caused it (kept for the console and for tests, not sent). */
export interface ErrorContext {
	/** The original error (DuckDB's, the Parquet reader's, the browser's). */
	cause?: unknown;
	/** The file the failure is about. */
	file?: string;
	/** The step that was running. */
	step?: string;
	/** The engine had to be ended and could not bring the open dataset back: the page reopens it. */
	datasetLost?: boolean;
}

/** An error that carries a code and a message written for the person using the app. */
export class EngineError extends Error implements EngineErrorShape {
	readonly file?: string;
	readonly step?: string;
	readonly datasetLost?: boolean;

	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly hint?: string,
		/** The engine's own words (DuckDB's message, the statement it was running), for a bug report. */
		readonly detail?: string,
		context: ErrorContext = {}
	) {
		super(message, context.cause === undefined ? undefined : { cause: context.cause });
		this.name = 'EngineError';
		this.file = context.file;
		this.step = context.step;
		this.datasetLost = context.datasetLost;
	}

	toJSON(): EngineErrorShape {
		return { code: this.code, message: this.message, hint: this.hint, detail: this.detail ?? causeText(this.cause), file: this.file, step: this.step, datasetLost: this.datasetLost };
	}

	static from(shape: EngineErrorShape): EngineError {
		return new EngineError(shape.code, shape.message, shape.hint, shape.detail, { file: shape.file, step: shape.step, datasetLost: shape.datasetLost });
	}
}

/** The words of an error's cause, for the details fold when no detail was written. */
function causeText(cause: unknown): string | undefined {
	if (cause === undefined || cause === null) return undefined;
	return (cause instanceof Error ? cause.message : String(cause)).replace(/^Error:\s*/, '') || undefined;
}

export function isCancelled(e: unknown): boolean {
	return e instanceof EngineError && e.code === 'cancelled';
}
