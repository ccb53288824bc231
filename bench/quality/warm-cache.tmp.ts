import { RulesLinter } from '../../services/scoring-worker/src/rules/harper-linter.js'
import { cefrAsag, ellipse, issueCounts, readmepp } from './level-data.js'

const items = [
  ...cefrAsag('train'),
  ...cefrAsag('dev'),
  ...readmepp('dev'),
  ...readmepp('train'),
  ...ellipse('dev'),
  ...ellipse('train', 3),
]
console.log(items.length)
await issueCounts(
  items,
  () => RulesLinter.create(),
  (d, t) => console.log(d, t, new Date().toISOString()),
)
console.log('done')
