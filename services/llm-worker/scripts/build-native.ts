// `npm run llama:native`: builds node-llama-cpp's addon (its thread-pool patch, the prebuilt binary's CPU code) from
// its bundled llama.cpp source into $PARLEY_CACHE_DIR/llama-native (long once; incremental after) and links it for
// the worker. Offline.
// BUILD_JOBS sets the compile jobs (2).
import { buildNativeLlama } from '../src/runtime/native-build.js'

const result = buildNativeLlama((line) => console.log(line), Number(process.env.BUILD_JOBS ?? 2))
if (!result.ok) {
  console.error(`llama-native: ${result.reason}`)
  process.exit(1)
}
console.log(`llama-native: ready in ${result.release}; the worker uses it unless LLM_NATIVE_LLAMA=off`)
