/**
 * The environment the browser suites start the embedded stack with: a fresh data directory, free ports, one LLM
 * thread (two shared cores run everything), confirmation codes through the outbox, and a patient gateway (a slow
 * first token is not what these tests are about). `extra` adds or overrides per suite.
 */
export function e2eStackEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PARLEY_DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    LLM_THREADS: '1',
    LLM_PARALLEL: '2',
    IDENTITY_AUTO_CONFIRM: 'false',
    GATEWAY_IDLE_TIMEOUT_MS: '180000',
    ...extra,
  }
}
