import Keycloak from 'keycloak-js'

// Log-in with Keycloak's authorization-code flow and PKCE (public client sidan-console).
let keycloak

export async function login() {
  const config = await (await fetch('/config.json')).json()
  keycloak = new Keycloak({ url: config.keycloakUrl, realm: config.realm, clientId: config.clientId })
  // the code comes back in the query: the fragment belongs to the page's (hash) router
  await keycloak.init({ onLoad: 'login-required', pkceMethod: 'S256', responseMode: 'query', checkLoginIframe: false })
  return user()
}

export function user() {
  const t = keycloak.tokenParsed || {}
  const roles = (t.realm_access && t.realm_access.roles) || []
  return {
    id: t.sub,
    name: t.preferred_username,
    displayName: displayName(t),
    teamId: t.team_id || null,
    roles: ['resident', 'dispatcher', 'team', 'reviewer', 'admin'].filter((r) => roles.includes(r)),
  }
}

// Chinese names read family name first, without a space (居民 + 一 → 居民一)
function displayName(t) {
  if (t.family_name && t.given_name && /[\u3400-\u9fff]/.test(t.family_name + t.given_name)) return t.family_name + t.given_name
  return t.name || t.preferred_username
}

/** A fresh access token (refreshed when it is about to expire). */
export async function token() {
  try {
    await keycloak.updateToken(30)
  } catch (e) {
    await keycloak.login()
  }
  return keycloak.token
}

export function logout() {
  return keycloak.logout({ redirectUri: window.location.origin + '/' })
}
