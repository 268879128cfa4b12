import { describe, expect, test } from 'vitest'
import { configHelp, InvalidOptionValueError, parseConfig, UnknownOptionError } from './config.ts'
import { defaultLimits, limitSpecs } from './limits.ts'

describe('parseConfig', () => {
  test('defaults to loopback and the documented limits', () => {
    expect(parseConfig([], {})).toEqual({
      host: '127.0.0.1',
      port: 4444,
      dataDir: undefined,
      trustedProxyHeader: undefined,
      pinnedSwarms: [],
      limits: defaultLimits,
      help: false,
    })
  })

  test('reads the environment, and flags win over it', () => {
    const env = {
      STARLING_SIGNALING_HOST: '0.0.0.0',
      STARLING_SIGNALING_PORT: '9000',
      STARLING_SIGNALING_RATE_BURST: '7',
      STARLING_SIGNALING_DATA_DIR: '/tmp/x',
    }
    expect(parseConfig([], env)).toMatchObject({
      host: '0.0.0.0',
      port: 9000,
      dataDir: '/tmp/x',
      limits: { rateBurst: 7 },
    })
    const config = parseConfig(['--port', '0', '--rate-burst=9', '--max-connections-per-address', '5000'], env)
    expect(config).toMatchObject({ host: '0.0.0.0', port: 0, limits: { rateBurst: 9, maxConnectionsPerAddress: 5000 } })
  })

  test('every limit has a flag, an environment variable and a help line', () => {
    const help = configHelp()
    for (const spec of limitSpecs) {
      const flag = spec.key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
      expect(parseConfig([`--${flag}`, String(spec.min + 1)], {}).limits[spec.key]).toBe(spec.min + 1)
      expect(
        parseConfig([], { [`STARLING_SIGNALING_${flag.toUpperCase().replaceAll('-', '_')}`]: String(spec.min) }).limits[
          spec.key
        ],
      ).toBe(spec.min)
      expect(help).toContain(`--${flag}`)
    }
  })

  test('reads the trusted proxy header and the pinned swarms', () => {
    const [a, b] = ['0x' + 'a'.repeat(64), '0x' + 'b'.repeat(64)]
    expect(
      parseConfig(['--trusted-proxy-header', 'X-Forwarded-For', '--pinned-swarms', `${a}, ${b},${a}`], {}),
    ).toMatchObject({ trustedProxyHeader: 'x-forwarded-for', pinnedSwarms: [a, b] })
    expect(parseConfig([], { STARLING_SIGNALING_PINNED_SWARMS: a })).toMatchObject({ pinnedSwarms: [a] })
    const help = configHelp()
    for (const flag of ['--trusted-proxy-header', '--pinned-swarms', '--data-dir']) expect(help).toContain(flag)
  })

  test.each([
    [['--pinned-swarms', '0xabc'], '--pinned-swarms'],
    [['--pinned-swarms', `0x${'A'.repeat(64)}`], '--pinned-swarms'],
    [['--trusted-proxy-header', 'x forwarded'], '--trusted-proxy-header'],
    [['--max-manifests-per-uploader', '0'], '--max-manifests-per-uploader'],
    [['--manifest-idle-ttl-ms', '999'], '--manifest-idle-ttl-ms'],
    [['--port', '65536'], '--port'],
    [['--port=-1'], '--port'],
    [['--port', '80x'], '--port'],
    [['--max-message-bytes', '10'], '--max-message-bytes'],
    [['--rate-per-second', '1.5'], '--rate-per-second'],
    [['--host', ' '], '--host'],
  ])('rejects %j naming %s', (argv, option) => {
    expect(() => parseConfig(argv, {})).toThrow(InvalidOptionValueError)
    expect(() => parseConfig(argv, {})).toThrow(option)
  })

  test('names the environment variable a bad value came from', () => {
    expect(() => parseConfig([], { STARLING_SIGNALING_PORT: 'http' })).toThrow('STARLING_SIGNALING_PORT')
  })

  test('rejects unknown flags and positionals', () => {
    expect(() => parseConfig(['--prot', '1'], {})).toThrow(UnknownOptionError)
    expect(() => parseConfig(['serve'], {})).toThrow(UnknownOptionError)
  })
})
