import { defineConfig } from '@playwright/test'

// Browser tests: real headless Chromium volunteers over real WebRTC. They must run inside the private
// network namespace (scripts/in-netns.sh; docs/architecture.md §9), which `npm run test:e2e` sets up.
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 8 * 60_000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  globalSetup: './e2e/globalSetup.ts',
})
