import { i18n } from './i18n/index.js'

const locale = () => i18n.global.locale.value

export function dateTime(iso) {
  if (!iso) return '—'
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
}

/** A duration in seconds in words: "2 小时 5 分钟" / "2 h 5 min". */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—'
  const t = i18n.global.t
  const s = Math.abs(Math.round(seconds))
  const d = Math.floor(s / 86400)
  const h = Math.floor((s % 86400) / 3600)
  const m = Math.floor((s % 3600) / 60)
  const parts = []
  if (d) parts.push(t('units.days', { n: d }))
  if (h) parts.push(t('units.hours', { n: h }))
  if (m || parts.length === 0) parts.push(s < 60 && parts.length === 0 ? t('units.seconds', { n: s }) : t('units.minutes', { n: m }))
  return parts.slice(0, 2).join(' ')
}

export function percent(rate) {
  if (rate === null || rate === undefined) return '—'
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(rate)
}

export function number(n, digits = 2) {
  if (n === null || n === undefined) return '—'
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(n)
}
