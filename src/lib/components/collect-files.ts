/** Turn a drop or a picker selection into files with their relative paths (folders walked). */
import type { InputFile } from '$lib/engine';

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
	// readEntries returns at most ~100 entries per call: keep asking until it returns none.
	return new Promise((resolve, reject) => {
		const out: FileSystemEntry[] = [];
		const next = () =>
			reader.readEntries((batch) => {
				if (batch.length === 0) resolve(out);
				else {
					out.push(...batch);
					next();
				}
			}, reject);
		next();
	});
}

async function walk(entry: FileSystemEntry, prefix: string, out: InputFile[]): Promise<void> {
	const path = prefix ? `${prefix}/${entry.name}` : entry.name;
	if (entry.isFile) {
		const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
		out.push({ file, path });
	} else if (entry.isDirectory) {
		for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader())) await walk(child, path, out);
	}
}

export async function filesFromDrop(data: DataTransfer): Promise<InputFile[]> {
	const entries = [...data.items]
		.filter((item) => item.kind === 'file')
		.map((item) => item.webkitGetAsEntry?.())
		.filter((e): e is FileSystemEntry => !!e);
	if (entries.length === 0) return filesFromList(data.files);
	const out: InputFile[] = [];
	for (const entry of entries) await walk(entry, '', out);
	return out;
}

/**
 * The names of what was dropped (folders and files), read at once: a drop's items are gone after
 * the event. When nothing comes out of them (an empty folder), the message names them.
 */
export function droppedNames(data: DataTransfer): string[] {
	return [...data.items]
		.filter((item) => item.kind === 'file')
		.map((item) => item.webkitGetAsEntry?.()?.name ?? item.getAsFile()?.name ?? '')
		.filter(Boolean);
}

export function filesFromList(list: FileList | null): InputFile[] {
	return [...(list ?? [])].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
}
