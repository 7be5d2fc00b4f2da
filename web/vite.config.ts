// Builds the dashboard into dist/, which the qalxan server serves as static files.
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

export default defineConfig({
  plugins: [preact()],
  // Relative asset URLs: the app works wherever the server mounts dist/.
  base: './',
  // `npm run dev` proxies the API and TAXII to a running server (QX_API, default http://127.0.0.1:8080).
  server: {
    proxy: {
      '/api': process.env.QX_API ?? 'http://127.0.0.1:8080',
      '/taxii2': process.env.QX_API ?? 'http://127.0.0.1:8080',
      '/healthz': process.env.QX_API ?? 'http://127.0.0.1:8080',
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No inline polyfill script, so a strict Content-Security-Policy (script-src 'self') holds.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
