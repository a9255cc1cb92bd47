// The citizen portal's build. Everything is served from the portal's own origin: no CDN, no remote
// fonts. Hashed assets may be cached for a year; index.html and config.json never.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // The CSP forbids inline scripts: Vite's module preload polyfill would inline one.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
