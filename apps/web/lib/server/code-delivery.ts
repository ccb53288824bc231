import path from 'node:path'
import { type CodeDelivery, codeDeliveryFor } from '../code-delivery'
import { webConfig } from './config'

/** The embedded identity's outbox is `$PARLEY_DATA_DIR/outbox`, shown as an absolute path. */
export function codeDelivery(): CodeDelivery {
  const cfg = webConfig()
  return codeDeliveryFor(cfg.WEB_CODE_DELIVERY, cfg.WEB_IDENTITY_ENDPOINT, path.resolve(cfg.PARLEY_DATA_DIR, 'outbox'))
}
