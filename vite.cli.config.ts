// The command-line tools, built into build/cli/*.js so that a production install (npm ci
// --omit=dev) runs them with node alone. Packages stay outside the bundle, as in the server's.
import { defineConfig } from 'vite';

const tools = [
	'migrate',
	'create-coordinator',
	'reminders',
	'retention',
	'content-check',
	'content-init',
	'privacy-notice'
];

export default defineConfig({
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
