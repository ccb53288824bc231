// `npm run bench -- quality`: corrections (rules layer vs harper.js alone, rules vs rules+LLM) on conll_gec and cweb
// dev, then levels and aspects (scores half). `QUALITY_SPLIT=train` runs on train (for fitting, never for reporting).
import { runCorrections } from './corrections.js'
import { runLevels } from './levels.js'

await runCorrections()
await runLevels()
