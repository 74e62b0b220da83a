import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// exact names: '@zerobase/collab/editor' is an entry of its own, not a file under index.ts
const alias = [
  { find: /^@zerobase\/domain$/, replacement: fileURLToPath(new URL('./libs/domain/src/index.ts', import.meta.url)) },
  { find: /^@zerobase\/collab$/, replacement: fileURLToPath(new URL('./libs/collab/src/index.ts', import.meta.url)) },
  { find: /^@zerobase\/collab\/editor$/, replacement: fileURLToPath(new URL('./libs/collab/src/editor.ts', import.meta.url)) },
];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        // generous timeouts: CI machines are shared; seeded random tests do real work
        test: { name: 'unit', include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts', 'tools/**/*.spec.ts'], environment: 'node', testTimeout: 60_000 },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        // adversarial: roles × channels × actions against real sockets (issue 8)
        test: {
          name: 'security',
          include: ['test/security/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
