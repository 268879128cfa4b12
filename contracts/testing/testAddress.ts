import { type Address, getAddress, keccak256, stringToHex } from 'viem'

/** A fixed, checksummed address derived from a label: tests and benches read and reproduce the same bytes. */
export function testAddress(label: string): Address {
  return getAddress(`0x${keccak256(stringToHex(label)).slice(26)}`)
}
