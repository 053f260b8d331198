// Every page is a static shell; all data work happens in the browser.
export const prerender = true;
export const ssr = false;
export const trailingSlash = 'always';
