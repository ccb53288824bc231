import { ReviewSession } from '@/components/review/review-session'

export const metadata = { title: 'Review · Parley' }

export default function ReviewPage() {
  return (
    <div className="mx-auto w-full max-w-2xl p-4">
      <h1 className="mb-1 text-xl font-semibold">Review</h1>
      <p className="mb-4 text-sm text-muted">
        Mistakes the tutor corrected come back here, spaced out so that they stick: the ones you get right return later,
        the ones you miss come back soon.
      </p>
      <ReviewSession />
    </div>
  )
}
