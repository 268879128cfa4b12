// Writes a file so that a crash leaves either the old content or the new, never a torn file: write a
// temporary sibling, fsync it, rename it over the target (atomic within one directory on POSIX), then fsync
// the directory so the rename itself survives a power loss.

import { randomBytes } from 'node:crypto'
import { open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

export const temporarySuffix = '.tmp'

export async function writeFileAtomically(path: string, data: string): Promise<void> {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}${temporarySuffix}`,
  )
  try {
    const file = await open(temporary, 'wx')
    try {
      await file.writeFile(data, 'utf8')
      await file.sync()
    } finally {
      await file.close()
    }
    await rename(temporary, path)
  } catch (error) {
    // Leave no temporary behind; the original error is what the caller must see.
    await rm(temporary, { force: true })
    throw error
  }
  const directory = await open(dirname(path), 'r')
  try {
    await directory.sync()
  } finally {
    await directory.close()
  }
}
