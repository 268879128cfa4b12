import { buildWeb } from '../stack/buildWeb.ts'

/** Builds the web app once for all tests, after checking that browser peers are allowed to run here. */
export default async function globalSetup() {
  if (process.env.STARLING_NETNS !== 'inside' && process.env.STARLING_NETNS !== 'off') {
    throw new Error(
      'The e2e tests start browser peers, which must run inside a private network namespace: ' +
        'run them with `npm run test:e2e` ' +
        '(scripts/in-netns.sh), or set STARLING_NETNS=off on a machine with a real network interface.',
    )
  }
  await buildWeb()
}
