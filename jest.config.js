// Three layers (see README): unit = pure logic; engine = workflows run in-process by n8n-core
// against local servers; e2e = a real n8n with this package installed.
const base = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	// dist/ holds a copy of package.json and compiled files that must not shadow the sources
	modulePathIgnorePatterns: ['<rootDir>/dist/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json', diagnostics: { warnOnly: false } }] },
	// one copy of n8n-workflow for our nodes and for n8n-core
	moduleNameMapper: { '^n8n-workflow$': require.resolve('n8n-workflow') },
};

module.exports = {
	// the first engine test loads n8n-core (about 10 s); e2e tests raise this for themselves
	testTimeout: 120000,
	projects: [
		{ ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
		{
			...base,
			displayName: 'engine',
			testMatch: ['<rootDir>/test/engine/**/*.test.ts'],
			setupFiles: ['<rootDir>/test/engine/setup-env.ts'],
		},
		{
			...base,
			displayName: 'e2e',
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			// one real n8n and one set of sandboxes for every e2e file (see test/e2e/global-setup.ts)
			globalSetup: '<rootDir>/test/e2e/global-setup.ts',
			globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
		},
	],
};
