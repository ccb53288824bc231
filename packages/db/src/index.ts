export { conversationMigrations, migrateConversations } from './conversations-migrations.js'
export {
  type Conversation,
  type ConversationPatch,
  type ConversationRepo,
  type ConversationWithEmbedding,
  createConversationRepo,
  type ListCursor,
  type ListedConversation,
  type NewConversation,
  type SearchHit,
  supportsIterativeScan,
} from './conversations-repo.js'
export type { Db, Queryable, Row } from './db.js'
export { loadMigrations, type Migration, migrate } from './migrate.js'
export { type DbConfig, openDb } from './open.js'
export { openPg, type PgOptions } from './pg.js'
export { openPglite } from './pglite.js'
export { openPgliteThread, type PgliteThreadDb } from './pglite-thread-db.js'
export { createUsageRepo, type UsageAdd, type UsageKey, type UsageRepo, type UsageRow } from './usage-repo.js'
export { VectorJson } from './vector.js'
