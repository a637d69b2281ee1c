// The web UI's bundle (web/): Preact's JSX through esbuild, hashed file names under assets/ (served cached for good).
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', 'web');

export default {
  root,
  base: '/',
  logLevel: 'warn',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: join(root, '..', 'dist', 'web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
};
