// Which allocated ports speak HTTP, and the URL a browser opens for one. The role name is all berth.yaml says
// about a port's protocol: `http`, `https`, `web`, `ui`, `api` and roles ending in `-http`/`_http` (`admin-http`).
const HTTP_ROLE = /^(?:https?|web|ui|api)$|[-_]https?$/i;

export function isHttpRole(role: string): boolean {
  return HTTP_ROLE.test(role);
}

/** `http://localhost:18097/` for an http role (https for `https`/`*-https`); undefined for other roles. */
export function portUrl(role: string, port: number): string | undefined {
  if (!isHttpRole(role)) return undefined;
  return `${/https$/i.test(role) ? 'https' : 'http'}://localhost:${port}/`;
}
