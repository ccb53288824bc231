/**
 * The thread count for LLM_THREADS=0: the physical cores less what other processes already keep busy (the 1-minute
 * load average, read when the model loads), at least 1. llama.cpp's threads wait for each other at every step of a
 * decode by spinning; when another process holds one of the cores, the others spin until it is scheduled again, so on
 * a busy machine more threads decode slower than fewer (measured: 2 threads against 1 on a loaded 2-core machine,
 * docs/llm-worker.md). An explicit LLM_THREADS is used as given.
 */
export function autoThreads(physicalCores: number, loadAverage: number): number {
  const cores = Math.max(1, Math.floor(physicalCores))
  const spare = Math.round(cores - Math.max(0, loadAverage))
  return Math.min(cores, Math.max(1, spare))
}
