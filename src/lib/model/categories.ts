/**
 * File type categories by extension (docs/MODEL.md, "Type categories"). One list, used by every
 * report that groups by type. An extension not listed, and a file without one, is "other".
 */
import { str } from './sql';

const CATEGORIES = [
	{ id: 'documents', label: 'Documents', extensions: ['doc', 'docx', 'docm', 'dot', 'dotx', 'pdf', 'txt', 'rtf', 'odt', 'md', 'tex', 'wpd', 'pages', 'xps', 'epub', 'log'] },
	{ id: 'spreadsheets', label: 'Spreadsheets', extensions: ['xls', 'xlsx', 'xlsm', 'xlsb', 'xlt', 'xltx', 'csv', 'tsv', 'ods', 'numbers'] },
	{ id: 'presentations', label: 'Presentations', extensions: ['ppt', 'pptx', 'pptm', 'pps', 'ppsx', 'pot', 'potx', 'odp', 'key'] },
	{ id: 'images', label: 'Images', extensions: ['jpg', 'jpeg', 'png', 'gif', 'bmp', 'tif', 'tiff', 'svg', 'webp', 'heic', 'heif', 'ico', 'psd', 'ai', 'eps', 'raw', 'cr2', 'nef', 'dng'] },
	{ id: 'media', label: 'Audio & video', extensions: ['mp3', 'wav', 'flac', 'aac', 'ogg', 'm4a', 'wma', 'mp4', 'mov', 'avi', 'mkv', 'wmv', 'flv', 'webm', 'm4v', 'mpg', 'mpeg', '3gp'] },
	{ id: 'archives', label: 'Archives', extensions: ['zip', '7z', 'rar', 'tar', 'gz', 'tgz', 'bz2', 'xz', 'zst', 'cab', 'iso', 'img', 'vhd', 'vhdx', 'vmdk', 'dmg'] },
	{ id: 'code', label: 'Code', extensions: ['js', 'ts', 'jsx', 'tsx', 'py', 'java', 'c', 'h', 'cpp', 'hpp', 'cs', 'go', 'rs', 'rb', 'php', 'pl', 'swift', 'kt', 'scala', 'sql', 'sh', 'ps1', 'bat', 'cmd', 'html', 'htm', 'css', 'json', 'xml', 'yaml', 'yml', 'ini', 'cfg', 'conf', 'toml', 'ipynb', 'r', 'm', 'vb', 'vbs'] },
	{ id: 'email', label: 'Email', extensions: ['eml', 'msg', 'pst', 'ost', 'mbox', 'emlx', 'mbx'] },
	{ id: 'executables', label: 'Executables', extensions: ['exe', 'dll', 'msi', 'sys', 'so', 'dylib', 'bin', 'com', 'jar', 'apk', 'app', 'deb', 'rpm', 'scr', 'ocx'] }
] as const;

export type CategoryId = (typeof CATEGORIES)[number]['id'] | 'other';

export const CATEGORY_LABELS: Record<CategoryId, string> = {
	...(Object.fromEntries(CATEGORIES.map((c) => [c.id, c.label])) as Record<Exclude<CategoryId, 'other'>, string>),
	other: 'Other'
};

/** Category order for charts and tables: as listed, "other" last. */
export const CATEGORY_ORDER: CategoryId[] = [...CATEGORIES.map((c) => c.id), 'other'];

/** SQL: the category id of a (normalised, lower-case) extension column. */
export function categoryExpr(extensionCol: string): string {
	const whens = CATEGORIES.map((c) => `WHEN ${extensionCol} IN (${c.extensions.map(str).join(', ')}) THEN ${str(c.id)}`);
	return `CASE ${whens.join(' ')} ELSE 'other' END`;
}


/** The category of one extension, for views that shape rows grouped by extension. */
export function categoryOf(extension: string): CategoryId {
	const e = extension.toLowerCase();
	return CATEGORIES.find((c) => (c.extensions as readonly string[]).includes(e))?.id ?? 'other';
}
