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

/**
 * A suggestion factor's value in the user's language. The dispatch service explains each factor in
 * English words with its figures ("3 of 5 free"); the figures are kept, the words are ours.
 */
export function factorValue(f) {
  const t = i18n.global.t
  const n = (f.value.match(/[\d.]+/g) || []).map(Number)
  switch (f.factor) {
    case 'category': return t(f.value === 'match' ? 'factor.serves' : 'factor.doesNotServe')
    case 'grid': return t(f.value === 'same grid' ? 'factor.sameGrid' : 'factor.otherGrid')
    case 'capacity': return n.length === 2 ? t('factor.free', { free: n[0], capacity: n[1] }) : f.value
    case 'reputation': return n.length === 2 && !f.value.startsWith('no ratings')
      ? t('factor.rated', { score: number(n[0]), n: n[1] }) : t('factor.unrated')
    case 'recentDeclines': return n.length >= 1 ? t('factor.declines', { n: n[0] }) : f.value
    default: return f.value
  }
}

/** Why a team cannot take a case, in the user's language. */
export function ineligibleReason(reason) {
  const t = i18n.global.t
  if (reason === 'paused') return t('factor.paused')
  if (reason.startsWith('does not serve')) return t('factor.doesNotServe')
  if (reason.startsWith('at capacity')) return t('factor.full')
  if (reason.startsWith('declined')) return t('factor.declinedThis')
  return reason
}

/** Calendar arithmetic on a month written 2026-03 (no clock, no time zone): addMonths('2026-12', 1) is '2027-01'. */
export function addMonths(month, n) {
  const [y, m] = month.split('-').map(Number)
  const index = y * 12 + (m - 1) + n
  return String(Math.floor(index / 12)).padStart(4, '0') + '-' + String((index % 12) + 1).padStart(2, '0')
}
