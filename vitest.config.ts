import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

export default defineConfig({
  plugins: [preact()],
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    // The core's messages resolve against the en-GB catalogue, as the browser would resolve them.
    setupFiles: ['tests/support/install-en-gb.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
