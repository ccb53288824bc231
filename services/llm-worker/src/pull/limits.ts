import type { DownloadLimits } from './download.js'
import { egressPolicy } from './egress.js'

/** The PULL_* settings as the worker and `parley model pull` both apply them. */
export function pullLimitsOf(config: {
  PULL_ALLOWED_HOSTS: string[]
  PULL_MAX_REDIRECTS: number
  PULL_MAX_BYTES: number
}): DownloadLimits {
  return {
    policy: egressPolicy(config.PULL_ALLOWED_HOSTS),
    maxRedirects: config.PULL_MAX_REDIRECTS,
    maxBytes: config.PULL_MAX_BYTES,
  }
}
