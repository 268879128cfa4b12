// The wasm backend, with its binaries served by Vite from the installed package (no CDN).
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'
import type { Tf } from '../model/Tf.ts'

let configured = false

/** Starts wasm; resolves to why it cannot be used (a sentence for the user), or undefined when it runs. */
export async function startWasm(tf: Tf): Promise<string | undefined> {
  if (!configured) {
    // The threaded build needs SharedArrayBuffer, so a cross-origin isolated page, which ours is not. Say so
    // rather than let tfjs probe, and point the map's required threaded entry at the SIMD file: never fetched.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false)
    setWasmPaths({
      'tfjs-backend-wasm.wasm': plainWasm,
      'tfjs-backend-wasm-simd.wasm': simdWasm,
      'tfjs-backend-wasm-threaded-simd.wasm': simdWasm,
    })
    configured = true
  }
  return (await tf.setBackend('wasm'))
    ? undefined
    : 'the wasm backend of tfjs failed to start (its .wasm file did not load)'
}
