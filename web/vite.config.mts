import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The console (Preact) and the GraphQL IDE (GraphiQL, React) are two pages of one build, served by
 * the API process itself from dist/web: nothing is loaded from outside the server.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: false,
  // The console's JSX is Preact's; the IDE has no JSX (it calls React.createElement).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: resolve(import.meta.dirname, '../dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 6000,
    manifest: true,
    reportCompressedSize: false,
    rollupOptions: {
      // GraphiQL's dependencies mark themselves "use client" (React Server Components): moot here.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      input: {
        console: resolve(import.meta.dirname, 'index.html'),
        ide: resolve(import.meta.dirname, 'graphiql.html'),
      },
    },
  },
  worker: { format: 'es' },
});
