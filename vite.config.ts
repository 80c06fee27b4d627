import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * GOV.UK Frontend still carries `\0` media-query hacks aimed at Internet Explorer. Sass turns them
 * into a replacement character that the CSS minifier rejects, so they are removed after Sass runs.
 */
function dropInternetExplorerHacks(): Plugin {
	return {
		name: 'drop-internet-explorer-hacks',
		transform(code, id) {
			if (!id.endsWith('.scss')) return;
			return code.replaceAll(' and (min-width: 0\uFFFD)', '').replaceAll('@media screen\uFFFD', '@media not all');
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), dropInternetExplorerHacks()],
	css: {
		preprocessorOptions: {
			scss: {
				loadPaths: ['node_modules'],
				// GOV.UK Frontend's own Sass warns about its deprecations; they are not ours to fix.
				quietDeps: true,
				silenceDeprecations: ['import', 'global-builtin']
			}
		}
	},
	test: {
		include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 60_000,
		// Each database suite makes its own database, so files can run side by side.
		fileParallelism: true,
		maxWorkers: 2
	}
});
