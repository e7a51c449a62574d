// Launch pages render in the browser, not at build time: prerendering one per launch a table links
// to cost about 0.3 s each (over 400 on the demo data). The build's 404.html opens any of them.
export const prerender = false;
