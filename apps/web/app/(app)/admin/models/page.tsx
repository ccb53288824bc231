import { ModelsPanel } from '@/components/admin/models-panel'

export const metadata = { title: 'Models · Admin · Parley' }

export default function ModelsPage() {
  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold">Models</h1>
      <ModelsPanel />
    </>
  )
}
