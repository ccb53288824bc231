import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'

/** Metadata values, tagged with the GGUF type they are written as. */
export type MetaValue =
  | { type: 'u32'; value: number }
  | { type: 'i32'; value: number }
  | { type: 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'strings'; value: readonly string[] }
  | { type: 'f32s'; value: readonly number[] }
  | { type: 'i32s'; value: readonly number[] }

export type GgmlType = 'F32' | 'F16' | 'Q8_0'

export type TensorSpec = {
  name: string
  /** ggml order: dims[0] is the row length (the innermost dimension). */
  dims: readonly number[]
  type: GgmlType
  /** Fills the tensor's bytes; called once, just before its data is written. */
  encode: () => Uint8Array
}

const GGUF_MAGIC = 0x46554747 // "GGUF" read as a little-endian u32
const GGUF_VERSION = 3
const ALIGNMENT = 32
const TYPE_IDS: Record<GgmlType, number> = { F32: 0, F16: 1, Q8_0: 8 }
const META_TYPE = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9, u64: 10 } as const

/** Bytes a tensor takes on disk. */
export function tensorBytes(type: GgmlType, dims: readonly number[]): number {
  const n = dims.reduce((a, b) => a * b, 1)
  if (type === 'F32') return n * 4
  if (type === 'F16') return n * 2
  return (n / 32) * 34
}

/**
 * Writes a GGUF v3 file. Tensor data is produced one tensor at a time so that a 0.5B model never sits in memory
 * whole; the file appears under its final name only once complete (temp file, then rename).
 */
export async function writeGguf(out: string, meta: Record<string, MetaValue>, tensors: TensorSpec[]): Promise<void> {
  const header = new ByteSink()
  header.u32(GGUF_MAGIC)
  header.u32(GGUF_VERSION)
  header.u64(tensors.length)
  header.u64(Object.keys(meta).length)
  for (const [key, value] of Object.entries(meta)) {
    header.str(key)
    writeMeta(header, value)
  }
  let offset = 0
  for (const t of tensors) {
    if (t.type === 'Q8_0' && (t.dims[0] ?? 0) % 32 !== 0)
      throw new Error(`${t.name}: Q8_0 rows must be a multiple of 32`)
    header.str(t.name)
    header.u32(t.dims.length)
    for (const d of t.dims) header.u64(d)
    header.u32(TYPE_IDS[t.type])
    header.u64(offset)
    offset = align(offset + tensorBytes(t.type, t.dims))
  }
  const head = header.toBuffer()
  const tmp = `${out}.${process.pid}.${Date.now()}.tmp`
  const file = createWriteStream(tmp)
  try {
    await put(file, head)
    await put(file, new Uint8Array(align(head.length) - head.length))
    for (const t of tensors) {
      const bytes = t.encode()
      const expected = tensorBytes(t.type, t.dims)
      if (bytes.length !== expected) throw new Error(`${t.name}: encoded ${bytes.length} bytes, expected ${expected}`)
      await put(file, bytes)
      await put(file, new Uint8Array(align(bytes.length) - bytes.length))
    }
    file.end()
    await once(file, 'close')
    await rename(tmp, out)
  } catch (err) {
    file.destroy()
    await rm(tmp, { force: true })
    throw err
  }
}

async function put(file: NodeJS.WritableStream, bytes: Uint8Array): Promise<void> {
  if (bytes.length === 0) return
  if (!file.write(bytes)) await once(file, 'drain')
}

function align(n: number): number {
  return Math.ceil(n / ALIGNMENT) * ALIGNMENT
}

function writeMeta(sink: ByteSink, v: MetaValue): void {
  switch (v.type) {
    case 'u32':
      sink.u32(META_TYPE.u32)
      sink.u32(v.value)
      return
    case 'i32':
      sink.u32(META_TYPE.i32)
      sink.i32(v.value)
      return
    case 'f32':
      sink.u32(META_TYPE.f32)
      sink.f32(v.value)
      return
    case 'bool':
      sink.u32(META_TYPE.bool)
      sink.u8(v.value ? 1 : 0)
      return
    case 'string':
      sink.u32(META_TYPE.string)
      sink.str(v.value)
      return
    case 'strings':
      sink.u32(META_TYPE.array)
      sink.u32(META_TYPE.string)
      sink.u64(v.value.length)
      for (const s of v.value) sink.str(s)
      return
    case 'f32s':
      sink.u32(META_TYPE.array)
      sink.u32(META_TYPE.f32)
      sink.u64(v.value.length)
      for (const x of v.value) sink.f32(x)
      return
    case 'i32s':
      sink.u32(META_TYPE.array)
      sink.u32(META_TYPE.i32)
      sink.u64(v.value.length)
      for (const x of v.value) sink.i32(x)
      return
  }
}

/** A little-endian byte builder for the header. */
class ByteSink {
  private chunks: Buffer[] = []

  private push(size: number, write: (b: Buffer) => void): void {
    const b = Buffer.alloc(size)
    write(b)
    this.chunks.push(b)
  }
  u8(v: number) {
    this.push(1, (b) => b.writeUInt8(v))
  }
  u32(v: number) {
    this.push(4, (b) => b.writeUInt32LE(v))
  }
  i32(v: number) {
    this.push(4, (b) => b.writeInt32LE(v))
  }
  f32(v: number) {
    this.push(4, (b) => b.writeFloatLE(v))
  }
  u64(v: number) {
    this.push(8, (b) => b.writeBigUInt64LE(BigInt(v)))
  }
  str(s: string) {
    const bytes = Buffer.from(s, 'utf8')
    this.u64(bytes.length)
    this.chunks.push(bytes)
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.chunks)
  }
}
