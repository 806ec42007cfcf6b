// Addresses for containers created ahead of their start on a network without DNS (Podman with CNI and no
// dnsname plugin): a step's /etc/hosts entries must name its peers' addresses at create time, before any of
// them runs, so each step gets a fixed address of the stack's own network. Taken from the top of the subnet
// down, away from the engine's own allocations (which count up from the gateway). Pure.

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

const intToIpv4 = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

/**
 * One free IPv4 address of `subnet` (CIDR) per step, highest first, none of them in `used` (the gateway,
 * attached containers). undefined when the subnet is not IPv4 or too small for them all.
 */
export function planAddresses(subnet: string, used: string[], steps: string[]): Map<string, string> | undefined {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(subnet.trim());
  const base = m ? ipv4ToInt(m[1]) : undefined;
  const bits = m ? Number(m[2]) : NaN;
  if (base === undefined || !(bits >= 8 && bits <= 30)) return undefined;
  const size = 2 ** (32 - bits);
  const network = base - (base % size);
  const taken = new Set(used.map((u) => ipv4ToInt(u.split('/')[0])).filter((n) => n !== undefined));
  const out = new Map<string, string>();
  // Skip the broadcast address (top) and the network address (bottom).
  for (let n = network + size - 2; n > network && out.size < steps.length; n--) {
    if (!taken.has(n)) out.set(steps[out.size], intToIpv4(n));
  }
  return out.size === steps.length ? out : undefined;
}
