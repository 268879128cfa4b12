// The few web-platform globals that every runtime we target (browsers, workers, Node 20) provides.
// core/ may use these and nothing else outside ES2022: no DOM, no node: modules.
declare function setTimeout(handler: () => void, ms?: number): unknown
declare function clearTimeout(handle: unknown): void
declare function queueMicrotask(callback: () => void): void
declare class TextEncoder {
  encode(input?: string): Uint8Array
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean })
  decode(input?: ArrayBufferView | ArrayBuffer): string
}
declare class URL {
  constructor(url: string, base?: string)
  readonly protocol: string
  readonly href: string
}
declare const crypto: {
  readonly subtle: { digest(algorithm: 'SHA-256', data: Uint8Array | ArrayBuffer): Promise<ArrayBuffer> }
  getRandomValues<T extends Uint8Array | Uint32Array>(array: T): T
}
