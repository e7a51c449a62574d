// liftoff's additions to Evidence's SvelteKit configuration (Evidence merges this file into its own).
import adapter from '@sveltejs/adapter-static';

export default {
	kit: {
		// Launch pages are not prerendered (pages/launches/[launch_id]/+page.js). A launch's address
		// opened directly gets this shell, which renders the page in the browser from the same data;
		// static hosts serve 404.html for unknown paths, and so does `liftoff up`'s server.
		adapter: adapter({
			pages: process.env.EVIDENCE_BUILD_DIR ?? './build',
			strict: false,
			fallback: '404.html'
		})
	}
};
