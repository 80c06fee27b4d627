import { defineConfig, devices } from '@playwright/test';

// E2E_PORT lets two checkouts run their browser tests on one machine at once.
const port = Number(process.env.E2E_PORT ?? 4173);
export const baseURL = `http://localhost:${port}`;

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	retries: process.env.CI ? 1 : 0,
	reporter: 'list',
	timeout: 60_000,
	use: {
		baseURL,
		// The server reads the client address from this header, as it would behind a proxy, so the
		// sign-in throttling test can come from addresses of its own without locking out the rest.
		extraHTTPHeaders: { 'X-Forwarded-For': '127.0.0.1' },
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	projects: [
		{ name: 'setup', testMatch: /sign-in-all\.setup\.ts/ },
		{ name: 'chromium', use: { ...devices['Desktop Chrome'] }, dependencies: ['setup'] }
	],
	webServer: {
		command: 'rm -rf .e2e-data && npm run build && npx tsx src/cli/demo.ts',
		url: `${baseURL}/healthz`,
		timeout: 180_000,
		reuseExistingServer: !process.env.CI,
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			PGLITE_DIR: '.e2e-data/pglite',
			PORT: String(port),
			ADDRESS_HEADER: 'X-Forwarded-For',
			XFF_DEPTH: '1',
			// The demo's own OpenID provider, on the port 1000 above the app's, for single sign-on.
			DEMO_SSO: '1'
		}
	}
});
