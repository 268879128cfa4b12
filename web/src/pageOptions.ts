// Options a link can carry, in the query string before or after the hash:
//   backend=webgpu|wasm|cpu  force a training backend (default: auto)
//   minPeers=N               as leader, wait for N ready peers before the first round
//   stopAt=V                 stop training after version V (headless nodes)

import { backendNames, type BackendRequest } from '../../worker/protocol.ts'

export type PageOptions = { backend: BackendRequest; minMembers?: number; stopAt?: number }

export function pageOptions(search = location.search, hash = location.hash): PageOptions {
  const params = new URLSearchParams(search)
  for (const [key, value] of new URLSearchParams(hash.split('?')[1] ?? '')) params.set(key, value)
  const backend = params.get('backend')
  const whole = (name: string) => {
    const value = Number(params.get(name))
    return params.has(name) && Number.isSafeInteger(value) && value >= 0 ? value : undefined
  }
  const minMembers = whole('minPeers')
  const stopAt = whole('stopAt')
  return {
    backend: backend && (backendNames as readonly string[]).includes(backend) ? (backend as BackendRequest) : 'auto',
    ...(minMembers !== undefined ? { minMembers } : {}),
    ...(stopAt !== undefined ? { stopAt } : {}),
  }
}
