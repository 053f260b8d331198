import type { EngineErrorShape, ErrorCode } from './protocol';

/** An error that carries a code and a message written for the person using the app. */
export class EngineError extends Error implements EngineErrorShape {
	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly hint?: string,
		/** The engine's own words (DuckDB's message, the statement it was running), for a bug report. */
		readonly detail?: string
	) {
		super(message);
		this.name = 'EngineError';
	}

	toJSON(): EngineErrorShape {
		return { code: this.code, message: this.message, hint: this.hint, detail: this.detail };
	}

	static from(shape: EngineErrorShape): EngineError {
		return new EngineError(shape.code, shape.message, shape.hint, shape.detail);
	}
}

export function isCancelled(e: unknown): boolean {
	return e instanceof EngineError && e.code === 'cancelled';
}
