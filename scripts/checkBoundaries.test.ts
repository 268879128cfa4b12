import { describe, expect, test } from 'vitest'
import { findViolations, formatViolation, relativeSpecifiers } from './checkBoundaries.ts'

describe('findViolations', () => {
  test('reports a validator importing the signaling server, naming the file, specifier and rule', () => {
    const rule =
      'validator/ may import core, chain, http, worker/model, worker/loadDataset.ts, datasets; not signaling-server/'
    const violations = findViolations([
      {
        path: 'validator/createValidatorServer.ts',
        text: "import { readBody } from '../signaling-server/readBody.ts'",
      },
    ])
    expect(violations).toEqual([
      {
        file: 'validator/createValidatorServer.ts',
        specifier: '../signaling-server/readBody.ts',
        target: 'signaling-server/readBody.ts',
        rule,
      },
    ])
    expect(formatViolation(violations[0]!)).toBe(
      "validator/createValidatorServer.ts: '../signaling-server/readBody.ts' (signaling-server/readBody.ts): " + rule,
    )
  })

  test('passes the allowed edges: a folder into itself, into core and chain, root config into anything', () => {
    const files = [
      {
        path: 'validator/createRelayer.ts',
        text: [
          "import { rewardsAbi } from '../chain/rewardsAbi.ts'",
          "import type { Hex } from '../core/types/Hex.ts'",
          "import { readBody } from '../http/readBody.ts'",
          "export { createSendLine } from './createSendLine.ts'",
        ].join('\n'),
      },
      { path: 'vite.config.ts', text: "import { datasetsPlugin } from './datasets/datasetsPlugin.ts'" },
      { path: 'e2e/training.spec.ts', text: "import { startStack } from '../stack/startStack.ts'" },
    ]
    expect(findViolations(files)).toEqual([])
  })

  test('core imports nothing of ours, not even type-only or through import()', () => {
    const violations = findViolations([
      {
        path: 'core/swarm/records.ts',
        text: [
          "import type { PeerId } from '../../web/src/bench/StarlingBench.ts'",
          "const chain = await import('../../chain/rpcClient.ts')",
        ].join('\n'),
      },
    ])
    expect(violations.map((violation) => violation.target)).toEqual([
      'web/src/bench/StarlingBench.ts',
      'chain/rpcClient.ts',
    ])
    expect(violations[0]!.rule).toBe('core/ may import nothing of ours; not web/')
  })

  test('web may load the worker entry only as a worker URL, and no other worker file', () => {
    const page = (specifier: string) => ({
      path: 'web/src/training/createWorkerCompute.ts',
      text: `import x from '${specifier}'`,
    })
    expect(findViolations([page('../../../worker/trainingWorker.ts?worker&url')])).toEqual([])
    expect(findViolations([page('../../../worker/protocol.ts')])).toEqual([])
    expect(findViolations([page('../../../worker/trainingWorker.ts')])).toHaveLength(1)
    expect(findViolations([page('../../../worker/model/Tf.ts')])).toHaveLength(1)
  })

  test('test code may also use the harness folders; the same import outside a test may not', () => {
    const text = "import { launchChromium } from '../nodes/launchChromium.ts'"
    expect(findViolations([{ path: 'worker/messageHandler.test.ts', text }])).toEqual([])
    expect(findViolations([{ path: 'worker/testing/harness.ts', text }])).toEqual([])
    expect(findViolations([{ path: 'worker/smoke.ts', text }])).toEqual([])
    expect(findViolations([{ path: 'worker/loadDataset.ts', text }])).toHaveLength(1)
    expect(findViolations([{ path: 'core/rewards/x.test.ts', text: text.replace('../', '../../') }])).toHaveLength(1)
  })

  test('a folder the table does not know is a violation until it is given an entry', () => {
    const [violation] = findViolations([{ path: 'newthing/a.ts', text: "import '../core/types/Hex.ts'" }])
    expect(violation?.rule).toContain('folder newthing/ has no entry')
  })
})

test('relativeSpecifiers reads .svelte scripts and skips package imports and comments', () => {
  const text = [
    '<script lang="ts">',
    "  import { onMount } from 'svelte'",
    "  import Stat from '../components/Stat.svelte'",
    "  // import nothing from '../nowhere.ts'",
    '</script>',
    "<p>Don't import '../not/code.ts' from markup</p>",
  ].join('\n')
  expect(relativeSpecifiers({ path: 'web/src/rewards/Panel.svelte', text })).toEqual(['../components/Stat.svelte'])
})
