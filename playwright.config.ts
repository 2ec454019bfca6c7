import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  // Each test starts its own browser; two at a time suit a 2-core machine.
  workers: 2,
  reporter: [['list']],
  forbidOnly: Boolean(process.env.CI),
});
