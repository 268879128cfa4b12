import { defineConfig } from 'vitest/config'

// Unit, property and simulation tests run in Node. Browser behaviour is tested by Playwright under e2e/.
export default defineConfig({
  test: {
    // Every top-level folder's tests, so a new folder needs no entry here.
    include: ['*/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
