import Keycloak from 'keycloak-js'

// Log-in with Keycloak's authorization-code flow and PKCE (public client sidan-console).
let keycloak

export async function login() {
  const config = await (await fetch('/config.json')).json()
  keycloak = new Keycloak({ url: config.keycloakUrl, realm: config.realm, clientId: config.clientId })
  await keycloak.init({ onLoad: 'login-required', pkceMethod: 'S256', checkLoginIframe: false })
  return user()
}

export function user() {
  const t = keycloak.tokenParsed || {}
  const roles = (t.realm_access && t.realm_access.roles) || []
  return {
    id: t.sub,
    name: t.preferred_username,
    displayName: t.name || t.preferred_username,
    teamId: t.team_id || null,
    roles: ['resident', 'dispatcher', 'team', 'reviewer', 'admin'].filter((r) => roles.includes(r)),
  }
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
