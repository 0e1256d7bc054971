import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [svelte()],
  // Relative asset URLs, so dist/ works from any static host and any sub-path.
  base: './',
  resolve: {
    alias: [
      {
        find: /^stream$/,
        replacement: fileURLToPath(
          new URL('./src/lib/download/no-node-stream.ts', import.meta.url),
        ),
      },
    ],
  },
  build: { target: 'es2022', sourcemap: true },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          // The first demo server start on a fresh machine renders its JPEGs (~10 s).
          hookTimeout: 120_000,
          include: ['src/**/*.test.ts', 'server/**/*.test.ts'],
          exclude: ['src/**/*.svelte.test.ts'],
        },
      },
      {
        extends: true,
        resolve: { conditions: ['browser'] },
        test: {
          name: 'component',
          environment: 'jsdom',
          include: ['src/**/*.svelte.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          // After the fast suites, with its own worker limit.
          sequence: { groupOrder: 1 },
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          // Each file drives its own Chromium; two at a time fits a 2-core machine.
          maxWorkers: 2,
        },
      },
    ],
  },
});
