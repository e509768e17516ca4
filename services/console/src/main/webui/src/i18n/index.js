import { createI18n } from 'vue-i18n'
import zh from './zh-CN.json'
import en from './en.json'

const saved = localStorage.getItem('sidan.locale')

export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zh, en },
})

export function setLocale(locale) {
  i18n.global.locale.value = locale
  localStorage.setItem('sidan.locale', locale)
  document.documentElement.lang = locale
}
