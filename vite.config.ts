import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig } from 'vite'
import { datasetsPlugin } from './scripts/datasets/datasetsPlugin.ts'

// The web app (volunteer, proposer and widget pages) and its training worker. `npm start` builds it and
// serves dist/web with a runtime /config.json (signaling URL, chain, contracts).
export default defineConfig({
  root: 'web',
  publicDir: false,
  plugins: [svelte(), datasetsPlugin()],
  worker: { format: 'es' },
  // Pre-bundled up front: discovering them only when the worker starts makes the dev server reload the page.
  optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-backend-wasm'] },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
})
