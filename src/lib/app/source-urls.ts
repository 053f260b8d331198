/** `?src=<url>` parameters (several allowed), resolved against the page so relative paths work. */
export function sourceUrlsFromLocation(location: Location | URL): string[] {
	const url = new URL(location.href);
	return url.searchParams
		.getAll('src')
		.filter((s) => s.trim() !== '')
		.flatMap((s) => {
			try {
				const resolved = new URL(s, url);
				return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? [resolved.href] : [];
			} catch {
				return [];
			}
		});
}
