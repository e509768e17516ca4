import { reactive } from 'vue'

// Messages shown at the bottom right: API errors in plain words (the problem's detail), confirmations.
export const toasts = reactive([])

export function notify(text, kind = 'info') {
  const toast = { id: Math.random(), text, kind }
  toasts.push(toast)
  setTimeout(() => toasts.splice(toasts.indexOf(toast), 1), kind === 'error' ? 8000 : 4000)
}

/** Runs an API call, showing its error in plain words; returns its result or null. */
export async function attempt(call, success) {
  try {
    const result = await call()
    if (success) notify(success, 'ok')
    return result ?? true
  } catch (e) {
    notify(e.message, 'error')
    return null
  }
}
