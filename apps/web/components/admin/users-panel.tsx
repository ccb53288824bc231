'use client'
import { useCallback, useEffect, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { ApiError, callJson } from '@/lib/client/api'

type User = {
  username: string
  email: string
  name: string
  status: string
  enabled: boolean
  admin: boolean
  created: string
}
type Page = { users: User[]; next?: string }

const PAGE_SIZE = 20

/** The pool's users: search by email prefix, page through, and confirm, disable/enable, make admin or delete. */
export function UsersPanel() {
  const [search, setSearch] = useState('')
  const [pages, setPages] = useState<string[]>([''])
  const [page, setPage] = useState<Page | undefined>()
  const [error, setError] = useState('')
  const cursor = pages.at(-1) ?? ''

  const load = useCallback(async () => {
    setError('')
    const q = new URLSearchParams({ limit: String(PAGE_SIZE), q: search, cursor })
    try {
      setPage((await callJson<Page>(`/api/gw/admin/users?${q}`)).data)
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }, [search, cursor])
  useEffect(() => {
    void load()
  }, [load])

  async function act(user: User, path: string, method = 'POST', confirmText?: string) {
    if (confirmText && !window.confirm(confirmText)) return
    try {
      await callJson(`/api/gw/admin/users/${user.username}${path}`, { method })
      await load()
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }

  return (
    <div className="space-y-4">
      <form
        className="flex max-w-md gap-2"
        onSubmit={(e) => {
          e.preventDefault()
          setPages([''])
        }}
      >
        <Input
          aria-label="Search by email"
          placeholder="Search by email (prefix)"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value)
            setPages([''])
          }}
        />
      </form>
      {error && (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      )}
      <div className="overflow-x-auto rounded-md border border-border">
        <table className="w-full text-left text-sm" aria-label="Users">
          <thead className="bg-surface text-muted">
            <tr>
              <th className="p-2">Email</th>
              <th className="p-2">Status</th>
              <th className="p-2">Role</th>
              <th className="hidden p-2 sm:table-cell">Joined</th>
              <th className="p-2">Actions</th>
            </tr>
          </thead>
          <tbody>
            {page?.users.map((u) => (
              <tr key={u.username} className="border-t border-border">
                <td className="p-2">
                  <div className="font-medium">{u.email}</div>
                  <div className="text-xs text-muted">{u.name}</div>
                </td>
                <td className="p-2">
                  {u.status === 'CONFIRMED' ? 'confirmed' : 'waiting'}
                  {!u.enabled && <span className="ml-1 text-danger">· disabled</span>}
                </td>
                <td className="p-2">{u.admin ? 'admin' : 'learner'}</td>
                <td className="hidden p-2 whitespace-nowrap sm:table-cell">{u.created.slice(0, 10)}</td>
                <td className="p-2">
                  <div className="flex flex-wrap gap-1">
                    {u.status !== 'CONFIRMED' && (
                      <Button size="sm" onClick={() => act(u, '/confirm')}>
                        Confirm
                      </Button>
                    )}
                    <Button size="sm" variant="secondary" onClick={() => act(u, u.enabled ? '/disable' : '/enable')}>
                      {u.enabled ? 'Disable' : 'Enable'}
                    </Button>
                    {!u.admin && (
                      <Button
                        size="sm"
                        variant="secondary"
                        onClick={() => act(u, '/admin', 'POST', `Make ${u.email} an admin?`)}
                      >
                        Make admin
                      </Button>
                    )}
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() =>
                        act(u, '', 'DELETE', `Delete ${u.email} and all their conversations? This cannot be undone.`)
                      }
                    >
                      Delete
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page && page.users.length === 0 && <p className="p-4 text-sm text-muted">No users match.</p>}
        {!page && !error && <p className="p-4 text-sm text-muted">Loading…</p>}
      </div>
      <div className="flex gap-2">
        <Button variant="secondary" disabled={pages.length < 2} onClick={() => setPages((p) => p.slice(0, -1))}>
          Previous
        </Button>
        <Button
          variant="secondary"
          disabled={!page?.next}
          onClick={() => page?.next && setPages((p) => [...p, page.next!])}
        >
          Next
        </Button>
      </div>
    </div>
  )
}
