import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/stripe-server/**/*.test.ts'],
    environment: 'node',
  },
});
