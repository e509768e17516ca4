// Every text of the console comes from the message files: each key used in the code exists in both
// languages, and both languages have the same keys. Run by the build.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const zh = JSON.parse(readFileSync('src/i18n/zh-CN.json', 'utf8'))
const en = JSON.parse(readFileSync('src/i18n/en.json', 'utf8'))
const flat = (o, p = '') => Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? flat(v, p + k + '.') : [p + k]))
const zhKeys = new Set(flat(zh))
const enKeys = new Set(flat(en))
const problems = []
for (const k of zhKeys) if (!enKeys.has(k)) problems.push('missing in en: ' + k)
for (const k of enKeys) if (!zhKeys.has(k)) problems.push('missing in zh-CN: ' + k)

const files = []
const walk = (dir) => readdirSync(dir).forEach((f) => {
  const p = join(dir, f)
  if (statSync(p).isDirectory()) walk(p)
  else if (/\.(vue|js)$/.test(f)) files.push(p)
})
walk('src')
for (const file of files) {
  const text = readFileSync(file, 'utf8')
  for (const m of text.matchAll(/\bt\('([a-zA-Z0-9_.]+)'[,)]/g)) {
    if (!zhKeys.has(m[1])) problems.push(file + ': unknown key ' + m[1])
  }
  // prefixes used with computed suffixes must exist as groups
  for (const m of text.matchAll(/\bt\('([a-zA-Z]+\.)' \+/g)) {
    if (![...zhKeys].some((k) => k.startsWith(m[1]))) problems.push(file + ': unknown key group ' + m[1])
  }
}
if (problems.length) {
  console.error(problems.join('\n'))
  process.exit(1)
}
console.log('i18n: ' + zhKeys.size + ' keys in zh-CN and en, all used keys defined')
