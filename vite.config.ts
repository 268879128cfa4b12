import { fileURLToPath } from 'node:url'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { defineConfig } from 'vite'
import { datasetsPlugin } from './datasets/datasetsPlugin.ts'

// The web app (volunteer, proposer and widget pages) and its training worker. `npm start` builds it and
// serves dist/web with a runtime /config.json (signaling URL, chain, contracts).
export default defineConfig({
  root: 'web',
  publicDir: false,
  plugins: [
    // Only the widget's element is compiled as a custom element; the components it shares with the pages inject
    // their own CSS (<svelte:options css="injected" />), which Svelte puts into the element's shadow root.
    svelte({
      dynamicCompileOptions: ({ filename }) => (filename.endsWith('.ce.svelte') ? { customElement: true } : undefined),
    }),
    datasetsPlugin(),
  ],
  worker: { format: 'es' },
  // Pre-bundled up front: discovering them only when the worker starts makes the dev server reload the page.
  optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-backend-wasm'] },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      input: {
        index: fileURLToPath(new URL('web/index.html', import.meta.url)),
        bench: fileURLToPath(new URL('web/bench.html', import.meta.url)),
        // The widget's wallet, framed from our origin so the key never enters the host site's storage.
        wallet: fileURLToPath(new URL('web/wallet.html', import.meta.url)),
        widget: fileURLToPath(new URL('web/src/widget/widget.ts', import.meta.url)),
      },
      // widget.js keeps a stable name: other sites link to it. Everything else stays content-hashed under assets/.
      output: { entryFileNames: (chunk) => (chunk.name === 'widget' ? 'widget.js' : 'assets/[name]-[hash].js') },
    },
  },
  // URLs of built files inside JS resolve against the importing script (import.meta.url), not the page: the widget's
  // chunks, worker and .wasm files then load from our origin whatever site embeds it.
  experimental: { renderBuiltUrl: (_, { hostType }) => (hostType === 'js' ? { relative: true } : undefined) },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
})
