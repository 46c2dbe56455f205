import { defineConfig } from '@playwright/test';

// The machine has two cores: one Chromium at a time keeps runs stable. No browser download is ever needed:
// tests/e2e/harness.ts launches the system's Chromium with the built extension.
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.e2e.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results',
  globalSetup: './tests/e2e/global-setup.ts',
});
