import { defineConfig } from 'vite';

// The build lands in target/classes/static, so the web-ui jar serves it from the gateway's classpath.
// JSX (Preact) is compiled by Vite's own esbuild: no framework plugin needed.
export default defineConfig({
  esbuild: {
    jsx: 'automatic',
    jsxImportSource: 'preact',
  },
  build: {
    outDir: 'target/classes/static',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/v2': 'http://127.0.0.1:8080',
      '/actuator': 'http://127.0.0.1:8080',
    },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
