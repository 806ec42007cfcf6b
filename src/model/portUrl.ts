// Which allocated ports speak HTTP, and the URL a browser opens for one. The role name is all berth.yaml says
// about a port's protocol: `http`, `https`, `web`, `ui`, `api` and roles ending in `-http`/`_http` (`admin-http`).
import { addressWithPort, LOCAL_HOST, type EngineHost } from './engineHost';

const HTTP_ROLE = /^(?:https?|web|ui|api)$|[-_]https?$/i;

export function isHttpRole(role: string): boolean {
  return HTTP_ROLE.test(role);
}

/**
 * `http://localhost:18097/` for an http role (https for `https`/`*-https`); undefined for other roles. A remote
 * engine's published ports are on its machine: `http://10.0.0.5:18097/` (localhost stays localhost so that a
 * remote or code-server window can map it through its own forward).
 */
export function portUrl(role: string, port: number, host: EngineHost = LOCAL_HOST): string | undefined {
  if (!isHttpRole(role)) return undefined;
  const address = host.kind === 'local' ? 'localhost' : host.address;
  return `${/https$/i.test(role) ? 'https' : 'http'}://${addressWithPort(address, port)}/`;
}
