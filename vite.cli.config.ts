// The command-line tools, built into build/cli/*.js so that a production install (npm ci
// --omit=dev) runs them with node alone. The packages a production install has (package.json's
// dependencies) stay outside the bundle; anything else a tool reaches, such as a helper from
// @sveltejs/kit, is bundled, so no tool can need a development package at run time.
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';

const installed = Object.keys(
	(JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as { dependencies: object }).dependencies
);

const tools = [
	'migrate',
	'create-coordinator',
	'reminders',
	'retention',
	'content-check',
	'content-init',
	'content-export',
	'content-import',
	'privacy-notice'
];

export default defineConfig({
	ssr: { noExternal: true, external: installed },
	build: {
		ssr: true,
		outDir: 'build/cli',
		emptyOutDir: true,
		target: 'node20',
		minify: false,
		rollupOptions: {
			input: Object.fromEntries(tools.map((name) => [name, `src/cli/${name}.ts`])),
			output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' }
		}
	},
	logLevel: 'warn'
});
