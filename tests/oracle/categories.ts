/**
 * The type categories as docs/MODEL.md ("Type categories") lists them, written out here so the
 * oracles group by type without the app's list (src/lib/model/categories.ts): a wrong or missing
 * extension there makes an oracle test fail instead of agreeing with itself.
 */

/** Category id → the (lower-case, dotless) extensions in it. Every other extension, and none, is `other`. */
export const ORACLE_CATEGORIES: Record<string, string[]> = {
	documents: 'doc docx docm dot dotx pdf txt rtf odt md tex wpd pages xps epub log'.split(' '),
	spreadsheets: 'xls xlsx xlsm xlsb xlt xltx csv tsv ods numbers'.split(' '),
	presentations: 'ppt pptx pptm pps ppsx pot potx odp key'.split(' '),
	images: 'jpg jpeg png gif bmp tif tiff svg webp heic heif ico psd ai eps raw cr2 nef dng'.split(' '),
	media: 'mp3 wav flac aac ogg m4a wma mp4 mov avi mkv wmv flv webm m4v mpg mpeg 3gp'.split(' '),
	archives: 'zip 7z rar tar gz tgz bz2 xz zst cab iso img vhd vhdx vmdk dmg'.split(' '),
	code: 'js ts jsx tsx py java c h cpp hpp cs go rs rb php pl swift kt scala sql sh ps1 bat cmd html htm css json xml yaml yml ini cfg conf toml ipynb r m vb vbs'.split(' '),
	email: 'eml msg pst ost mbox emlx mbx'.split(' '),
	executables: 'exe dll msi sys so dylib bin com jar apk app deb rpm scr ocx'.split(' ')
};

/** The category page labels, as docs/MODEL.md names the categories. */
export const ORACLE_CATEGORY_LABELS: Record<string, string> = {
	documents: 'Documents',
	spreadsheets: 'Spreadsheets',
	presentations: 'Presentations',
	images: 'Images',
	media: 'Audio & video',
	archives: 'Archives',
	code: 'Code',
	email: 'Email',
	executables: 'Executables',
	other: 'Other'
};

/**
 * SQL that creates the table `cat(ext, category)` from the lists above, in the oracle's own
 * connection: a file's category is then a LEFT JOIN on its extension, `other` when nothing joins.
 */
export function categoryTableSql(): string {
	const rows = Object.entries(ORACLE_CATEGORIES).flatMap(([category, extensions]) => extensions.map((e) => `('${e}', '${category}')`));
	return `CREATE TABLE cat(ext VARCHAR PRIMARY KEY, category VARCHAR); INSERT INTO cat VALUES ${rows.join(', ')}`;
}
