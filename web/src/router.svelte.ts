// Hash routes, so the app is static files that any host can serve:
//   #/                      home
//   #/swarm/<id>            volunteer page
//   #/swarm/<id>/dashboard  proposer dashboard
//   #/launch                launch a swarm

export type Route =
  | { page: 'home' }
  | { page: 'volunteer'; swarmId: `0x${string}` }
  | { page: 'dashboard'; swarmId: `0x${string}` }
  | { page: 'launch' }
  | { page: 'not-found'; path: string }

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\?.*$/, '') || '/'
  if (path === '/') return { page: 'home' }
  if (path === '/launch') return { page: 'launch' }
  const swarm = /^\/swarm\/(0x[0-9a-fA-F]{64})(\/dashboard)?\/?$/.exec(path)
  if (swarm) return { page: swarm[2] ? 'dashboard' : 'volunteer', swarmId: swarm[1]!.toLowerCase() as `0x${string}` }
  return { page: 'not-found', path }
}

class Router {
  route = $state<Route>(parseRoute(location.hash))
  constructor() {
    addEventListener('hashchange', () => (this.route = parseRoute(location.hash)))
  }
}

export const router = new Router()
