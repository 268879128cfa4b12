import { expect, test } from 'vitest'
import { AnvilStartError, startAnvil } from './anvil.ts'

/** Signal 0 checks that a process exists without touching it. */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false
    throw error
  }
}

test('starts on a free loopback port, answers JSON-RPC, and stops without leaving a process', async () => {
  const anvil = await startAnvil()
  expect(anvil.rpcUrl).toBe(`http://127.0.0.1:${anvil.port}`)
  const response = await fetch(anvil.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
  })
  expect(await response.json()).toMatchObject({ result: '0x7a69' })
  expect(alive(anvil.pid)).toBe(true)
  await anvil.stop()
  expect(alive(anvil.pid)).toBe(false)
  await anvil.stop()
})

test('two chains run side by side on different ports', async () => {
  const [a, b] = await Promise.all([startAnvil(), startAnvil({ args: ['--chain-id', '1337'] })])
  expect(a.port).not.toBe(b.port)
  await Promise.all([a.stop(), b.stop()])
})

test('an anvil that exits at once is reported with its output', async () => {
  const error = await startAnvil({ args: ['--no-such-flag'] }).catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(AnvilStartError)
  expect((error as AnvilStartError).message).toMatch(/exited early[\s\S]*no-such-flag/)
})
