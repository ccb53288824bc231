import { UsersPanel } from '@/components/admin/users-panel'

export const metadata = { title: 'Users · Admin · Parley' }

export default function UsersPage() {
  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold">Users</h1>
      <UsersPanel />
    </>
  )
}
