import { defineConfig } from 'vitest/config'

// Unit, property and simulation tests run in Node. Browser behaviour is tested by Playwright under e2e/.
export default defineConfig({
  test: {
    include: ['{core,worker,web,signaling-server,contracts,scripts,bench,validator}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
