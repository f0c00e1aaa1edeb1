/**
 * What the system suite's network namespace holds. Only documentation address ranges
 * (RFC 5737, RFC 3849); nothing here sends a packet. Wine 8 reads route metrics as hex,
 * so metrics stay within 0–9.
 */
export const FIXTURE = {
  links: [
    { name: 'v0', kind: 'veth', peer: 'v1', mac: '02:00:5e:10:00:01' },
    { name: 'v1', kind: 'veth-peer', mac: '02:00:5e:10:00:02' },
    { name: 'd0', kind: 'veth', peer: 'd1', mac: '02:00:5e:10:00:03' },
    { name: 'd1', kind: 'veth-peer', mac: '02:00:5e:10:00:04' },
  ],
  addresses: [
    { dev: 'v0', cidr: '192.0.2.1/24' },
    { dev: 'v0', cidr: '2001:db8:1::1/64' },
    { dev: 'v1', cidr: '198.51.100.1/24' },
    { dev: 'd0', cidr: '203.0.113.1/24' },
    // Addresses on v1 that answer echoes (ICMP tests); 192.0.2.77 on v0's subnet is
    // left unassigned and has no neighbour entry, so echoes to it go unanswered.
    { dev: 'v1', cidr: '198.51.100.2/24' },
    { dev: 'v1', cidr: '2001:db8:1::2/64' },
  ],
  routes: [
    { to: 'default', via: '192.0.2.254', dev: 'v0', metric: 3 },
    { to: '198.51.100.128/25', via: '192.0.2.2', dev: 'v0', metric: 5 },
    { to: '203.0.113.128/26', via: '203.0.113.2', dev: 'd0', metric: 7 },
  ],
  neighbors: [
    { address: '192.0.2.2', mac: '02:00:5e:10:00:22', dev: 'v0' },
    { address: '192.0.2.3', mac: '02:00:5e:10:00:23', dev: 'v0' },
    { address: '203.0.113.2', mac: '02:00:5e:10:00:32', dev: 'd0' },
  ],
} as const;

/** The commands that build the fixture, for `ip -n NS -batch -`. */
export function fixtureBatch(): string {
  const lines = ['link set lo up'];
  for (const link of FIXTURE.links) {
    if (link.kind === 'veth') lines.push(`link add ${link.name} type veth peer name ${link.peer}`);
  }
  for (const link of FIXTURE.links) lines.push(`link set ${link.name} address ${link.mac}`, `link set ${link.name} up`);
  for (const a of FIXTURE.addresses) lines.push(`address add ${a.cidr} dev ${a.dev}${a.cidr.includes(':') ? ' nodad' : ''}`);
  for (const r of FIXTURE.routes) lines.push(`route add ${r.to} via ${r.via} dev ${r.dev} metric ${r.metric}`);
  for (const n of FIXTURE.neighbors) lines.push(`neigh add ${n.address} lladdr ${n.mac} dev ${n.dev} nud permanent`);
  return `${lines.join('\n')}\n`;
}
