'use client'
import { type ChangeEvent, useRef, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Notice } from '@/components/ui/card'
import { useApp } from '@/lib/client/app-context'
import { type ImportReport, importConversations } from '@/lib/client/history-calls'
import type { Conversation } from '@/lib/conversation'
import { exportFileName, toExportJson, toMarkdown } from '@/lib/export'
import { download } from './download'

/** The largest file read for import; a full export of 2000 long conversations stays below it. */
const MAX_IMPORT_BYTES = 50 * 1024 * 1024

export function exportJson(conversations: readonly Conversation[], what: string) {
  download(exportFileName(what, 'json'), toExportJson(conversations), 'application/json')
}

export function exportMarkdown(conversations: readonly Conversation[], what: string) {
  download(exportFileName(what, 'md'), toMarkdown(conversations), 'text/markdown')
}

/** Export all (JSON, Markdown) and import a JSON export, with a report of what was stored, skipped or refused. */
export function ImportExport(props: { conversations: Conversation[]; onImported: () => void }) {
  const { region, settings } = useApp()
  const file = useRef<HTMLInputElement>(null)
  const [error, setError] = useState<string>()
  const [progress, setProgress] = useState<string>()
  const [report, setReport] = useState<ImportReport>()

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const f = e.target.files?.[0]
    e.target.value = ''
    if (!f) return
    setError(undefined)
    setReport(undefined)
    if (f.size > MAX_IMPORT_BYTES)
      return setError(`The file is too large (${Math.round(f.size / 1e6)} MB; at most 50 MB).`)
    const { parseExport } = await import('@/lib/import-schema')
    const parsed = parseExport(await f.text())
    if (!parsed.ok) return setError(`Nothing was imported. ${parsed.error}`)
    try {
      const r = await importConversations(parsed.value, region, settings?.embedModel || undefined, (done, total) =>
        setProgress(`Importing ${done} of ${total}…`),
      )
      setReport(r)
      props.onImported()
    } catch (err) {
      setError(
        `The import stopped: ${(err as Error).message}. Conversations already stored stay; import again to add the rest.`,
      )
    } finally {
      setProgress(undefined)
    }
  }

  const none = props.conversations.length === 0
  return (
    <section aria-labelledby="export-title" className="space-y-2">
      <h2 id="export-title" className="font-semibold">
        Export and import
      </h2>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" size="sm" disabled={none} onClick={() => exportJson(props.conversations, 'all')}>
          Export all (JSON)
        </Button>
        <Button
          variant="secondary"
          size="sm"
          disabled={none}
          onClick={() => exportMarkdown(props.conversations, 'all')}
        >
          Export all (Markdown)
        </Button>
        <Button variant="secondary" size="sm" disabled={progress !== undefined} onClick={() => file.current?.click()}>
          Import from JSON…
        </Button>
        <input
          ref={file}
          type="file"
          accept="application/json,.json"
          className="sr-only"
          aria-label="Import a Parley JSON export"
          data-testid="import-file"
          onChange={(e) => void onFile(e)}
        />
      </div>
      {progress ? (
        <p role="status" className="text-sm">
          {progress}
        </p>
      ) : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      {report ? (
        <Notice kind={report.failed.length ? 'error' : 'success'}>
          <span data-testid="import-report">
            Imported {report.imported} conversation{report.imported === 1 ? '' : 's'}
            {report.renamed ? ` (${report.renamed} under a new id)` : ''}.
            {report.skipped.length ? ` Already in your history, left as they are: ${report.skipped.join(', ')}.` : ''}
            {report.failed.length ? ` Not imported: ${report.failed.join('; ')}.` : ''}
          </span>
        </Notice>
      ) : null}
    </section>
  )
}
