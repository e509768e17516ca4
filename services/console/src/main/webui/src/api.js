import { token } from './auth.js'

/** An API error, with the problem's detail in plain words. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || 'HTTP ' + status)
    this.status = status
    this.problem = problem
  }
}

async function call(method, path, body, extraHeaders) {
  const headers = { Authorization: 'Bearer ' + (await token()), Accept: 'application/json', ...(extraHeaders || {}) }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const type = response.headers.get('content-type') || ''
  const data = type.includes('json') ? await response.json().catch(() => null) : null
  if (!response.ok) throw new ApiError(response.status, data)
  return data
}

export const api = {
  get: (path) => call('GET', path),
  post: (path, body, headers) => call('POST', path, body === undefined ? {} : body, headers),
  put: (path, body) => call('PUT', path, body),
  /** Downloads a file (CSV) with the bearer token and hands it to the browser. */
  /** A CSV export: the same path as the JSON answer, asked for as text/csv. */
  async download(path, filename) {
    const response = await fetch(path, { headers: { Authorization: 'Bearer ' + (await token()), Accept: 'text/csv' } })
    if (!response.ok) {
      const problem = await response.json().catch(() => null)
      throw new ApiError(response.status, problem)
    }
    const url = URL.createObjectURL(await response.blob())
    const a = document.createElement('a')
    a.href = url
    a.download = filename
    a.click()
    URL.revokeObjectURL(url)
  },
}
