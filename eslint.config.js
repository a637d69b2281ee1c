// Lint rules: typed TypeScript checks, plus the layering rule that keeps stage cores pure.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const pureStages = ['signals', 'detect', 'alerts', 'correlate', 'suppress', 'analyze', 'knowledge'];
/** Layers below the HTTP server and the runtime that composes everything: they never reach up. */
const lowerLayers = [...pureStages, 'notify', 'ingest', 'bus', 'store', 'http', 'telemetry', 'topology', 'insights'];
/** Tests, their helpers (`testing.ts`, `*.testing.ts`) and benches: compiled for `npm test` only, never into the package. */
const testOnly = ['**/*.test.ts', '**/testing.ts', '**/*.testing.ts', '**/*.bench.ts'];

export default tseslint.config(
  { ignores: ['dist/', 'dist-*/', 'node_modules/', 'data/', '.ci/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }],
      }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'List the public surface by name instead of export *.' }, { selector: 'TSEnumDeclaration', message: 'Use a const object with a type of the same name.' }],
    },
  },
  {
    files: lowerLayers.map((layer) => `src/${layer}/**/*.ts`),
    ignores: testOnly,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['**/server/**', '**/runtime/**', '**/cli/**'], message: 'Lower layers never import the server, the runtime or the CLI.' }],
      }],
    },
  },
  {
    // Stage cores; a stage's adapter onto the bus (its stage.ts, and the detectors' shared runner) may use the bus and store.
    files: pureStages.map((stage) => `src/${stage}/**/*.ts`),
    ignores: [...testOnly, '**/stage.ts', 'src/detect/detection.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['fastify', 'fastify-*', '@fastify/*', 'pg', 'better-sqlite3', 'node:fs', 'node:net', 'node:http', 'nats'], message: 'Stage cores are pure: do I/O in an adapter.', allowTypeImports: true },
          { group: ['**/store/**', '**/bus/**'], message: 'Stage cores reach the store and bus only through type-only ports.', allowTypeImports: true },
          { group: ['**/server/**', '**/runtime/**', '**/cli/**'], message: 'Lower layers never import the server, the runtime or the CLI.' },
        ],
      }],
    },
  },
  {
    // The package is built without tests, test helpers and benches (tsconfig.build.json): a product module importing one would drag it in.
    files: ['src/**/*.ts'],
    ignores: testOnly,
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'node:test', message: 'Only tests use node:test.' }],
        patterns: [{ group: ['**/testing.js', '**/*.testing.js', '**/*.bench.js'], message: 'Test helpers and benches are not part of the package: only tests and benches import them.' }],
      }],
    },
  },
  {
    files: ['eslint.config.js', 'scripts/**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
