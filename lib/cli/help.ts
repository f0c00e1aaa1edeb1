/** The CLI's help texts, one per object and command. */
export const VERSION_TEXT = (version: string): string => `netioapi ${version}`;

const GLOBAL = `Options (anywhere): --json  one JSON document (or one JSON object per line for monitor)
                    -4 | -6 IPv4 or IPv6 only     --help  this text`;

export const HELP: Record<string, string> = {
  '': `Usage: netioapi [--json] [-4|-6] OBJECT [COMMAND] [ARGUMENTS]

Manage the Windows network stack through the IP Helper API, with iproute2's grammar.

Objects:
  route      routes (show, add, replace, del, get, apply, cleanup)
  neigh      neighbours: ARP and NDP entries (show, add, replace, del, flush, resolve)
  addr       unicast addresses (show, add, del)
  anycast    anycast addresses (show, add, del)
  link       interfaces: MIB_IF_ROW2 (show)
  interface  per-family interface settings (show, set)
  monitor    print changes as they happen (route, addr, link, all)
  gateway    the default gateways, best first (route + interface metric)
  adapter    adapters as ipconfig /all shows them (show)
  ss         sockets and the processes that own them, as iproute2's ss shows them
  stats      protocol statistics: IP, ICMP, TCP, UDP (netstat -s)

Commands:
  ping       ICMP echo, with iputils' options and output (netioapi ping --help)
  traceroute the route to a host, by rising TTL (netioapi traceroute --help)

IF names an interface by alias ("Ethernet"), index (12) or GUID ({...}).
${GLOBAL}
Exit status: 0 success, 1 an OS or validation error (CODE: message), 2 a usage error.
Creating, changing and deleting needs an elevated prompt.`,
  route: `Usage: netioapi route [show] [-4|-6] [dev IF]
       netioapi route add|replace PREFIX [via ADDR] [dev IF] [metric N]
       netioapi route del PREFIX [via ADDR] [dev IF]
       netioapi route get ADDR [from ADDR] [dev IF]
       netioapi route apply FILE --owner NAME [--store DIR]
       netioapi route cleanup --owner NAME [--store DIR]
PREFIX is 198.51.100.0/24, a bare address (a host route) or default.
Without dev, add uses the interface of the best route to the gateway.
apply makes the table hold the routes in FILE (JSON: [{ "destination", "gateway",
"interface", "metric" }]) for NAME, removing those NAME added before and no longer
wants; cleanup removes everything NAME added. ${GLOBAL}`,
  neigh: `Usage: netioapi neigh [show] [-4|-6] [dev IF] [nud STATE]
       netioapi neigh add|replace ADDR lladdr MAC dev IF [nud STATE]
       netioapi neigh del ADDR [dev IF]
       netioapi neigh flush [-4|-6] [dev IF]
       netioapi neigh resolve ADDR [dev IF] [from ADDR]
STATE: permanent, reachable, stale, delay, probe, incomplete, unreachable.
resolve sends ARP or neighbour solicitation when the cache has no reachable entry. ${GLOBAL}`,
  addr: `Usage: netioapi addr [show] [-4|-6] [dev IF]
       netioapi addr add ADDR[/LEN] dev IF [skip-as-source]
       netioapi addr del ADDR[/LEN] [dev IF]
${GLOBAL}`,
  anycast: `Usage: netioapi anycast [show] [-4|-6] [dev IF]
       netioapi anycast add ADDR dev IF
       netioapi anycast del ADDR [dev IF]
${GLOBAL}`,
  link: `Usage: netioapi link [show] [IF]
${GLOBAL}`,
  interface: `Usage: netioapi interface [show] [-4|-6] [IF]
       netioapi interface set IF [metric N] [mtu N] [forwarding on|off] [-4|-6]
A metric also turns the automatic metric off. ${GLOBAL}`,
  monitor: `Usage: netioapi monitor [route|addr|link|all] [--json]
Prints one line (or one JSON object) per change until interrupted. ${GLOBAL}`,
  ss: `Usage: netioapi ss [-t] [-u] [-l|-a] [-n] [-p] [-4|-6] [-H] [-j|--json] [FILTER]
Sockets and the processes that own them, in iproute2 ss's columns.
  -t  TCP sockets      -u  UDP sockets          (neither: both)
  -l  listening only   -a  all                  (neither: connected TCP sockets)
  -p  the owning process, users:(("name",pid=N))
  -n  numeric (always) -4 | -6  one family      -H  no header
  -j, --json  the rows of sockets.list() as one JSON document
FILTER: state STATE ... | sport = :PORT | dport = :PORT, joined by and
STATE: established, syn-sent, syn-recv, fin-wait-1, fin-wait-2, time-wait, closed,
       close-wait, last-ack, listening, closing, unconnected, or the groups all,
       connected, synchronized, bucket, big.
Recv-Q and Send-Q print as 0: Windows does not report them.`,
  ping: `Usage: netioapi [--json] ping [-c COUNT] [-i SECONDS] [-W SECONDS] [-t TTL] [-s SIZE] [-I SOURCE] HOST
Sends ICMP echo requests (IcmpSendEcho2Ex, Icmp6SendEcho2) and prints iputils' lines and summary.
  -c COUNT    stop after COUNT echoes (default: until interrupted)
  -i SECONDS  between echoes (default 1)         -W SECONDS  wait for each reply (default 4)
  -t TTL      time to live, 1-255                -s SIZE     bytes of data (default 56)
  -I SOURCE   source address
HOST is an address or a name (resolved by the system, as dns.lookup does). Times are whole
milliseconds, as Windows measures them. Exit status: 0 when a reply came, 1 when none did
or on an error, 2 on a usage error. --json prints the library's result as one document.`,
  traceroute: `Usage: netioapi [--json] traceroute [-m MAXHOPS] [-w SECONDS] [-s SOURCE] HOST
Traces the route to HOST by rising TTL, one probe per hop, with numeric output (traceroute -n).
  -m MAXHOPS  highest TTL (default 30)           -w SECONDS  wait at each hop (default 4)
  -s SOURCE   source address`,
};

export function helpFor(topic: string): string {
  return HELP[topic] ?? HELP[topic.split(' ')[0]!] ?? HELP['']!;
}
