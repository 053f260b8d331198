import type { EngineErrorShape, ErrorCode } from './protocol';

/** An error that carries a code and a message written for the person using the app. */
export class EngineError extends Error implements EngineErrorShape {
	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly hint?: string
	) {
		super(message);
		this.name = 'EngineError';
	}

	toJSON(): EngineErrorShape {
		return { code: this.code, message: this.message, hint: this.hint };
	}

	static from(shape: EngineErrorShape): EngineError {
		return new EngineError(shape.code, shape.message, shape.hint);
	}
}

export function isCancelled(e: unknown): boolean {
	return e instanceof EngineError && e.code === 'cancelled';
}
