/**
 * `ncdu -o` JSON (https://dev.yorhel.nl/ncdu/jsonfmt), read as a stream: text in, one row per file
 * out, never the whole document in memory. The export is
 *   [majorver, minorver, {metadata}, [ {dir info}, child, child, … ]]
 * where a child is an object (a file or other entry) or an array (a subdirectory, its info first).
 * Objects are flat, so each is cut out of the text and parsed alone.
 */

export interface NcduRow {
	path: string;
	/** Apparent size in bytes (`asize`; absent means 0). */
	size: number;
	/** Disk usage in bytes (`dsize`; absent means 0). */
	diskSize: number;
	/** Epoch seconds, when the export was made with -e (extended). */
	mtime: number | null;
	/** A hard link to a file counted elsewhere too (`hlnkc`). */
	hardLink: boolean;
}

export interface NcduCounts {
	files: number;
	folders: number;
	/** Entries that are not regular files (symlinks, devices): `notreg`. */
	notRegular: number;
	/** Entries ncdu did not scan (`excluded`: a pattern, another file system, …). */
	excluded: number;
	/** Folders ncdu could not read entirely (`read_error`). */
	readErrors: number;
}

interface Frame {
	/** A directory's array (else the top-level array). */
	dir: boolean;
	/** Elements seen so far in this array. */
	index: number;
	/** The directory's path, once its info object has been read. */
	path: string | null;
}

export class NcduParseError extends Error {}

export class NcduReader {
	readonly counts: NcduCounts = { files: 0, folders: 0, notRegular: 0, excluded: 0, readErrors: 0 };
	private stack: Frame[] = [];
	private inString = false;
	private escaped = false;
	/** The text of the object being read, from its `{`. */
	private object: string[] | null = null;
	private started = false;
	private finished = false;
	private major: number | null = null;
	/** Text of the top-level version numbers, as they arrive. */
	private numberText = '';

	constructor(private readonly onRow: (row: NcduRow) => void) {}

	push(chunk: string): void {
		let objectFrom = 0;
		for (let i = 0; i < chunk.length; i++) {
			const ch = chunk.charCodeAt(i);
			if (this.inString) {
				if (this.escaped) this.escaped = false;
				else if (ch === 92 /* \ */) this.escaped = true;
				else if (ch === 34 /* " */) this.inString = false;
				continue;
			}
			if (this.object) {
				if (ch === 34) this.inString = true;
				else if (ch === 125 /* } */) {
					this.object.push(chunk.slice(objectFrom, i + 1));
					const text = this.object.join('');
					this.object = null;
					this.entry(text);
				}
				continue;
			}
			switch (ch) {
				case 91 /* [ */: {
					if (this.finished) throw new NcduParseError('text after the end of the export');
					const parent = this.stack[this.stack.length - 1];
					if (!parent) {
						if (this.started) throw new NcduParseError('more than one top-level array');
						this.started = true;
						this.stack.push({ dir: false, index: 0, path: null });
					} else {
						if (!parent.dir && parent.index !== 3) throw new NcduParseError(`an array where element ${parent.index + 1} of the export should be`);
						this.stack.push({ dir: true, index: 0, path: null });
					}
					break;
				}
				case 93 /* ] */: {
					const frame = this.stack.pop();
					if (!frame) throw new NcduParseError('a closing bracket without an opening one');
					if (frame.dir) {
						if (frame.path === null) throw new NcduParseError('a directory without its information');
						this.counts.folders++;
					} else this.finished = true;
					break;
				}
				case 123 /* { */: {
					if (!this.stack.length) throw new NcduParseError('an object outside the export array');
					this.object = [];
					objectFrom = i;
					break;
				}
				case 44 /* , */: {
					const frame = this.stack[this.stack.length - 1];
					if (!frame) throw new NcduParseError('a comma outside the export array');
					if (!frame.dir && frame.index === 0) this.version();
					frame.index++;
					break;
				}
				case 34 /* " */:
					this.inString = true;
					break;
				default: {
					// Whitespace, and the top-level version numbers.
					if (ch > 32 && this.stack.length === 1 && this.stack[0].index < 2) this.numberText += chunk[i];
					else if (ch > 32 && !(this.stack.length === 1 && this.stack[0].index < 2)) throw new NcduParseError(`unexpected "${chunk[i]}"`);
				}
			}
		}
		if (this.object) this.object.push(chunk.slice(objectFrom));
	}

	/** The text is complete: anything unclosed means the export was cut short. */
	end(): void {
		if (!this.started) throw new NcduParseError('no export array');
		if (!this.finished || this.object || this.inString) throw new NcduParseError('the export ends before its last folder is closed (cut short?)');
	}

	private version(): void {
		this.major = Number(this.numberText.trim());
		if (this.major !== 1) throw new NcduParseError(`major version ${this.numberText.trim() || '?'} (only 1 is known)`);
	}

	private entry(text: string): void {
		const frame = this.stack[this.stack.length - 1];
		let o: Record<string, unknown>;
		try {
			o = JSON.parse(text);
		} catch {
			throw new NcduParseError(`an entry that is not valid JSON: ${text.slice(0, 80)}`);
		}
		if (!frame.dir) {
			// The metadata object (element 3 of the top-level array): nothing the model needs.
			if (frame.index !== 2) throw new NcduParseError(`an object where element ${frame.index + 1} of the export should be`);
			return;
		}
		const name = typeof o.name === 'string' ? o.name : String(o.name ?? '');
		if (frame.index === 0) {
			// The directory's own information: its name is the whole root path, or a child's name.
			const parent = this.stack[this.stack.length - 2];
			frame.path = parent.dir ? joinPath(parent.path!, name) : name;
			if (o.read_error) this.counts.readErrors++;
			return;
		}
		if (o.excluded) {
			this.counts.excluded++;
			return;
		}
		if (o.notreg) {
			this.counts.notRegular++;
			return;
		}
		this.counts.files++;
		this.onRow({
			path: joinPath(frame.path!, name),
			size: Number(o.asize ?? 0),
			diskSize: Number(o.dsize ?? 0),
			mtime: typeof o.mtime === 'number' ? o.mtime : null,
			hardLink: o.hlnkc === true
		});
	}
}

function joinPath(dir: string, name: string): string {
	return dir.endsWith('/') || dir.endsWith('\\') ? dir + name : `${dir}/${name}`;
}

/** Whether text starts like an ncdu export (`[1,` then a minor version and the metadata). */
export function looksLikeNcdu(head: string): boolean {
	return /^\s*\[\s*1\s*,\s*\d+\s*,\s*\{/.test(head);
}
