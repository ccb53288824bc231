-- Conversations of the /conversations API. {{EMBED_DIM}} is the embedding dimension (EMBED_DIM, default 768).
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE conversations (
  id uuid PRIMARY KEY,
  user_id text NOT NULL,
  title text NOT NULL,
  conversation jsonb NOT NULL,
  embedding vector({{EMBED_DIM}}),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Newest-first listing and keyset pagination per user; it also narrows the per-user vector search.
CREATE INDEX conversations_user_updated ON conversations (user_id, updated_at DESC, id DESC);

-- Approximate nearest neighbours by cosine distance.
CREATE INDEX conversations_embedding_hnsw ON conversations USING hnsw (embedding vector_cosine_ops);
