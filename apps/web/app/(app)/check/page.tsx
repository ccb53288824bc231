import { redirect } from 'next/navigation'

/** The endpoint probe page moved into the admin section. */
export default function OldCheckPage() {
  redirect('/admin/check')
}
