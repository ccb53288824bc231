/** One status line per layer, redrawn in place on a terminal: `pulling 3f2a1b… [=====>    ] 52% 12.0 MB/23.1 MB`. */
export function progressBar(out: NodeJS.WriteStream) {
  let lastStatus = ''
  const width = 30
  return {
    update(p: { status: string; total?: number; completed?: number }) {
      if (p.total && p.completed !== undefined) {
        const ratio = Math.min(1, p.completed / p.total)
        const filled = Math.round(ratio * width)
        const bar = `${'='.repeat(filled)}${filled < width ? '>' : ''}${' '.repeat(Math.max(0, width - filled - 1))}`
        const line = `${p.status} [${bar}] ${Math.floor(ratio * 100)}% ${formatBytes(p.completed)}/${formatBytes(p.total)}`
        if (out.isTTY) out.write(`\r${line}\x1b[K`)
        else if (p.status !== lastStatus || ratio === 1) out.write(`${line}\n`)
      } else {
        out.write(`${out.isTTY && lastStatus ? '\n' : ''}${p.status}\n`)
      }
      lastStatus = p.status
    },
    done() {
      if (out.isTTY) out.write('\n')
    },
  }
}

export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`
  return `${(n / 1e3).toFixed(0)} KB`
}
