/**
 * The package's whole callable surface for the hostile-input suite: every function and
 * helper method lib/index.ts exports, each with a valid call (its arguments made afresh for
 * each use). test/unit/hostile.test.ts checks that this list names every export, so a new
 * export without a valid call here fails that suite.
 */
import * as api from '../../../lib/index.js';

/** A valid call: the function, and a factory of its arguments. */
export interface SurfaceEntry {
  call: (...args: unknown[]) => unknown;
  args: () => unknown[];
  /**
   * For a predicate or a parser, what it answers for anything that is not its input: it
   * never throws (parse* give undefined, isSupported false).
   */
  answers?: { nothing: unknown };
  /** Where a refusal lands when the call reports it in its result (routes.apply: one route's outcome). */
  refusalIn?: (value: unknown) => unknown;
}

const GUID = '{4D36E972-E325-11CE-BFC1-08002BE10318}';
const LUID = 0x6008001000000n;
const route = () => ({ destinationPrefix: '198.51.100.0/24', nextHop: '192.0.2.1', interfaceIndex: 12, metric: 5 });
const neighbor = () => ({ address: '192.0.2.77', physicalAddress: '02:00:5e:00:00:77', interfaceIndex: 12, state: 'permanent' });
const unicast = () => ({ address: '198.51.100.20', interfaceLuid: LUID, onLinkPrefixLength: 24, validLifetime: 0xffffffff, preferredLifetime: 0xffffffff, skipAsSource: false });
const anycastRow = () => ({ address: '2001:db8::77', interfaceIndex: 12 });
const moduleInfo = () => Array.from({ length: 16 }, (_, i) => (i === 0 ? 4n : 0n));
const tcpRow = () => ({ localAddress: '192.0.2.10', localPort: 50000, remoteAddress: '198.51.100.7', remotePort: 443, owningPid: 4, owningModuleInfo: moduleInfo() });
const udpRow = () => ({ localAddress: '192.0.2.10', localPort: 5353, owningPid: 4, owningModuleInfo: moduleInfo() });

/** Layer-1 twins: `name` and `nameSync` share their valid arguments. */
const twins: Record<string, () => unknown[]> = {
  convertInterfaceLuidToIndex: () => [LUID],
  convertInterfaceIndexToLuid: () => [12],
  convertInterfaceAliasToLuid: () => ['Ethernet'],
  convertInterfaceLuidToAlias: () => [LUID],
  convertInterfaceLuidToGuid: () => [LUID],
  convertInterfaceGuidToLuid: () => [GUID],
  convertInterfaceLuidToName: () => [LUID],
  convertInterfaceNameToLuid: () => ['ethernet_32769'],
  getIfTable2: () => [],
  getIfEntry2: () => [{ interfaceIndex: 12, interfaceLuid: LUID }],
  getIfTable2Ex: () => ['normal'],
  getIfEntry2Ex: () => ['normal', { interfaceIndex: 12, interfaceLuid: LUID }],
  createIpForwardEntry2: () => [{ ...route(), validLifetime: 100, preferredLifetime: 50, sitePrefixLength: 0, protocol: 'netmgmt', loopback: true, autoconfigureAddress: true, publish: false, immortal: false }],
  deleteIpForwardEntry2: () => [route()],
  setIpForwardEntry2: () => [route()],
  getIpForwardEntry2: () => [route()],
  getIpForwardTable2: () => ['ipv4'],
  initializeIpForwardEntry: () => [],
  getBestRoute2: () => ['198.51.100.7', { source: '192.0.2.10', interfaceLuid: LUID, interfaceIndex: 12 }],
  createIpNetEntry2: () => [{ ...neighbor(), physicalAddressLength: 6, isRouter: false, isUnreachable: false }],
  deleteIpNetEntry2: () => [neighbor()],
  setIpNetEntry2: () => [neighbor()],
  getIpNetEntry2: () => [neighbor()],
  getIpNetTable2: () => ['ipv4'],
  flushIpNetTable2: () => ['ipv4', 12],
  resolveIpNetEntry2: () => [{ address: '192.0.2.1', interfaceIndex: 12 }, '192.0.2.10'],
  createAnycastIpAddressEntry: () => [anycastRow()],
  deleteAnycastIpAddressEntry: () => [anycastRow()],
  getAnycastIpAddressEntry: () => [anycastRow()],
  getAnycastIpAddressTable: () => ['ipv6'],
  createUnicastIpAddressEntry: () => [{ ...unicast(), prefixOrigin: 'manual', suffixOrigin: 'manual', dadState: 'preferred', scopeId: 0 }],
  deleteUnicastIpAddressEntry: () => [{ address: '192.0.2.10', interfaceIndex: 12 }],
  setUnicastIpAddressEntry: () => [{ address: '192.0.2.10', interfaceIndex: 12, skipAsSource: true }],
  getUnicastIpAddressEntry: () => [{ address: '192.0.2.10', interfaceIndex: 12 }],
  getUnicastIpAddressTable: () => ['ipv4'],
  initializeUnicastIpAddressEntry: () => [],
  getIpInterfaceEntry: () => ['ipv4', LUID],
  setIpInterfaceEntry: () => [{ family: 'ipv4', interfaceLuid: LUID, metric: 10, nlMtu: 1400, forwardingEnabled: true, transmitOffload: { nlChecksumSupported: true } }],
  getIpInterfaceTable: () => ['ipv4'],
  initializeIpInterfaceEntry: () => [],
  notifyRouteChange2: () => ['ipv4', () => {}, { initialNotification: true, queueSize: 8 }],
  notifyUnicastIpAddressChange: () => ['ipv4', () => {}, { initialNotification: true, queueSize: 8 }],
  notifyIpInterfaceChange: () => ['ipv4', () => {}, { initialNotification: true, queueSize: 8 }],
  notifyTeredoPortChange: () => [() => {}, { initialNotification: true, queueSize: 8 }],
  notifyStableUnicastIpAddressTable: () => ['ipv4', () => {}, { queueSize: 8 }],
  getInterfaceDnsSettings: () => [GUID, { ipv6: false }],
  setInterfaceDnsSettings: () => [
    GUID,
    { ipv6: false, nameServer: ['192.0.2.53'], searchList: ['example.com'], domain: 'example.com', profileNameServer: ['192.0.2.54'], registerAdapterName: true, registrationEnabled: true, enableLlmnr: true, queryAdapterName: true, disableUnconstrainedQueries: false },
  ],
  getDnsSettings: () => [],
  setDnsSettings: () => [{ hostname: 'host1', domain: 'example.com', searchList: ['example.com'] }],
  getNetworkConnectivityHint: () => [],
  getNetworkConnectivityHintForInterface: () => [12],
  notifyNetworkConnectivityHintChange: () => [() => {}, { initialNotification: true, queueSize: 8 }],
  getMulticastIpAddressEntry: () => [{ address: '224.0.0.1', interfaceIndex: 12 }],
  getMulticastIpAddressTable: () => ['ipv4'],
  getIpPathEntry: () => [{ destination: '192.0.2.1', source: '192.0.2.10', interfaceIndex: 12 }],
  getIpPathTable: () => ['ipv4'],
  flushIpPathTable: () => ['ipv4'],
  getIfStackTable: () => [],
  getInvertedIfStackTable: () => [],
  getTeredoPort: () => [],
  createSortedAddressPairs: () => [['2001:db8::1', '2001:db8::2']],
  convertLengthToIpv4Mask: () => [24],
  convertIpv4MaskToLength: () => ['255.255.255.0'],
  ifNameToIndex: () => ['ethernet_32769'],
  ifIndexToName: () => [12],
  getIpNetworkConnectionBandwidthEstimates: () => [12, 'ipv4'],
  getCurrentThreadCompartmentId: () => [],
  setCurrentThreadCompartmentId: () => [1],
  getSessionCompartmentId: () => [1],
  setSessionCompartmentId: () => [1, 1],
  getDefaultCompartmentId: () => [],
  getNetworkInformation: () => [GUID],
  setNetworkInformation: () => [GUID, 1, 'network'],
  getIpStatisticsEx: () => ['ipv4'],
  getTcpStatisticsEx: () => ['ipv4'],
  getUdpStatisticsEx: () => ['ipv4'],
  getIcmpStatisticsEx: () => ['ipv4'],
  getAdaptersAddresses: () => ['AF_UNSPEC', ['includeGateways', 'includePrefix']],
  getNetworkParams: () => [],
  icmpSendEcho2Ex: () => ['192.0.2.1', { source: '192.0.2.10', size: 8, ttl: 64, tos: 0, dontFragment: false, timeout: 1000 }],
  icmp6SendEcho2: () => ['2001:db8::1', { data: new Uint8Array(4), ttl: 64, timeout: 1000 }],
  getExtendedTcpTable: () => ['ipv4', 'ownerPidAll', { sorted: true }],
  getExtendedUdpTable: () => ['ipv4', 'ownerPid', { sorted: true }],
  getTcpTable2: () => [{ sorted: true }],
  getTcp6Table2: () => [{ sorted: true }],
  getOwnerModuleFromTcpEntry: () => [{ ...tcpRow(), state: 'established', createTimestamp: 0n }],
  getOwnerModuleFromTcp6Entry: () => [{ ...tcpRow(), localAddress: '2001:db8::10', remoteAddress: '2001:db8::7' }],
  getOwnerModuleFromUdpEntry: () => [{ ...udpRow(), specificPortBind: false, createTimestamp: 0n }],
  getOwnerModuleFromUdp6Entry: () => [{ ...udpRow(), localAddress: '2001:db8::10' }],
  setTcpEntry: () => [{ localAddress: '192.0.2.10', localPort: 50000, remoteAddress: '198.51.100.7', remotePort: 443, state: 'deleteTcb' }],
};

/** Everything else: helpers, namespaces' methods, the pure functions and the classes' methods. */
function others(store: () => string): Record<string, SurfaceEntry> {
  const entry = (call: (...args: never[]) => unknown, args: () => unknown[]): SurfaceEntry => ({ call: call as SurfaceEntry['call'], args });
  return {
    describeWin32: entry(api.describeWin32, () => [87]),
    formatIp: entry(api.formatIp, () => [{ family: 2, bytes: new Uint8Array([192, 0, 2, 1]), scopeId: 0 }]),
    formatPrefix: entry(api.formatPrefix, () => [{ address: { family: 2, bytes: new Uint8Array([192, 0, 2, 0]), scopeId: 0 }, length: 24 }]),
    parseIp: { ...entry(api.parseIp, () => ['192.0.2.1']), answers: { nothing: undefined } },
    parsePrefix: { ...entry(api.parsePrefix, () => ['192.0.2.0/24']), answers: { nothing: undefined } },
    formatPhysicalAddress: entry(api.formatPhysicalAddress, () => [new Uint8Array([2, 0, 0x5e, 0, 0, 1])]),
    parsePhysicalAddress: { ...entry(api.parsePhysicalAddress, () => ['02:00:5e:00:00:01']), answers: { nothing: undefined } },
    parseGuid: { ...entry(api.parseGuid, () => [GUID]), answers: { nothing: undefined } },
    defaultStoreDirectory: entry(api.defaultStoreDirectory, () => []),
    isSupported: { ...entry(api.isSupported, () => ['CreateIpForwardEntry2']), answers: { nothing: false } },
    entryPoints: entry(api.entryPoints, () => []),
    'new FileRouteStore': entry((directory?: string) => new api.FileRouteStore(directory), () => [store()]),
    'FileRouteStore#file': entry((owner: string) => new api.FileRouteStore(store()).file(owner), () => ['my-vpn']),
    'FileRouteStore#load': entry((owner: string) => new api.FileRouteStore(store()).load(owner), () => ['my-vpn']),
    'FileRouteStore#save': entry(
      (owner: string, keys: never) => new api.FileRouteStore(store()).save(owner, keys),
      () => ['my-vpn', [{ destinationPrefix: '198.51.100.0/24', nextHop: '192.0.2.1', interfaceLuid: LUID }]],
    ),
    ping: entry(api.ping, () => ['192.0.2.1', { count: 2, interval: 0, timeout: 1000, ttl: 64, size: 8, source: '192.0.2.10', dontFragment: false, onReply: () => {}, signal: new AbortController().signal }]),
    traceroute: entry(api.traceroute, () => ['192.0.2.1', { maxHops: 2, timeout: 1000, size: 8, source: '192.0.2.10', onHop: () => {}, signal: new AbortController().signal }]),
    'routes.list': entry(api.routes.list, () => [{ family: 'ipv4', interface: 'Ethernet' }]),
    'routes.add': entry(api.routes.add, () => [{ destination: '198.51.100.0/24', gateway: '192.0.2.1', interface: 'Ethernet', metric: 3, ifExists: 'replace' }]),
    'routes.delete': entry(api.routes.delete, () => [{ destination: '198.51.100.0/24', gateway: '192.0.2.1', interface: 'Ethernet' }, { ifMissing: 'ignore' }]),
    'routes.get': entry(api.routes.get, () => [{ destination: '198.51.100.0/24', gateway: '192.0.2.1', interface: 'Ethernet' }]),
    'routes.find': entry(api.routes.find, () => [{ destination: '198.51.100.0/24', gateway: '192.0.2.1', interface: 'Ethernet' }, 'GetIpForwardTable2']),
    'routes.apply': {
      ...entry(api.routes.apply, () => [[{ destination: '198.51.100.0/24', gateway: '192.0.2.1', interface: 'Ethernet', metric: 2 }], { owner: 'my-vpn', store: store() }]),
      // A route that cannot be made fails alone, in its outcome; the others are still applied.
      refusalIn: (result) => (result as api.ApplyResult).outcomes.find((o) => o.outcome === 'failed')?.error,
    },
    'routes.cleanup': entry(api.routes.cleanup, () => ['my-vpn', { store: store() }]),
    'routes.best': entry(api.routes.best, () => ['198.51.100.7', { source: '192.0.2.10', interface: 'Ethernet' }]),
    'neighbors.list': entry(api.neighbors.list, () => [{ family: 'ipv4', interface: 'Ethernet', state: ['permanent', 'reachable'], includeSystem: false }]),
    'neighbors.add': entry(api.neighbors.add, () => [{ address: '192.0.2.77', mac: '02:00:5e:00:00:77', interface: 'Ethernet', state: 'permanent', ifExists: 'replace' }]),
    'neighbors.delete': entry(api.neighbors.delete, () => [{ address: '192.0.2.77', interface: 'Ethernet' }, { ifMissing: 'ignore' }]),
    'neighbors.flush': entry(api.neighbors.flush, () => [{ family: 'ipv4', interface: 'Ethernet' }]),
    'neighbors.resolve': entry(api.neighbors.resolve, () => ['192.0.2.1', { interface: 'Ethernet', source: '192.0.2.10' }]),
    'addresses.list': entry(api.addresses.list, () => [{ family: 'ipv4', interface: 'Ethernet' }]),
    'addresses.add': entry(api.addresses.add, () => ['198.51.100.20/24', { interface: 'Ethernet', validLifetime: 100, preferredLifetime: 50, skipAsSource: false, ifExists: 'replace' }]),
    'addresses.delete': entry(api.addresses.delete, () => ['192.0.2.10', { interface: 'Ethernet', ifMissing: 'ignore' }]),
    'anycast.list': entry(api.anycast.list, () => [{ family: 'ipv6', interface: 'Ethernet' }]),
    'anycast.add': entry(api.anycast.add, () => ['2001:db8::77', { interface: 'Ethernet' }]),
    'anycast.delete': entry(api.anycast.delete, () => ['2001:db8::77', { interface: 'Ethernet', ifMissing: 'ignore' }]),
    'interfaces.list': entry(api.interfaces.list, () => []),
    'interfaces.get': entry(api.interfaces.get, () => ['Ethernet']),
    'interfaces.set': entry(api.interfaces.set, () => ['Ethernet', { family: 'ipv4', metric: 10, mtu: 1400, forwarding: true }]),
    'watch.routes': entry(api.watch.routes, () => [{ family: 'ipv4', signal: new AbortController().signal, initial: true, queueSize: 8, bufferSize: 8 }]),
    'watch.addresses': entry(api.watch.addresses, () => [{ family: 'ipv4', signal: new AbortController().signal, initial: true, queueSize: 8, bufferSize: 8 }]),
    'watch.interfaces': entry(api.watch.interfaces, () => [{ family: 'ipv4', signal: new AbortController().signal, initial: true, queueSize: 8, bufferSize: 8 }]),
    'watch.all': entry(api.watch.all, () => [{ family: 'ipv4', signal: new AbortController().signal, initial: true, queueSize: 8, bufferSize: 8 }]),
    'watch.defaultRoute': entry(api.watch.defaultRoute, () => [{ family: 'ipv4', debounceMs: 10, maxDelayMs: 20, signal: new AbortController().signal }]),
    'watch.connectivity': entry(api.watch.connectivity, () => [{ signal: new AbortController().signal, initial: true, queueSize: 8, bufferSize: 8 }]),
    'dns.get': entry(api.dns.get, () => ['Ethernet']),
    'dns.set': entry(api.dns.set, () => ['Ethernet', { servers: ['192.0.2.53', '2001:db8::53'], searchList: ['example.com'], domain: 'example.com' }]),
    'dns.reset': entry(api.dns.reset, () => ['Ethernet']),
    'dns.restore': entry(api.dns.restore, () => [
      'Ethernet',
      {
        interfaceGuid: GUID,
        servers: ['192.0.2.53'],
        searchList: [],
        domain: '',
        ipv4: { nameServer: ['192.0.2.53'], searchList: [], domain: '', profileNameServer: [], registerAdapterName: true, registrationEnabled: true, enableLlmnr: true, queryAdapterName: true, disableUnconstrainedQueries: false },
        ipv6: { nameServer: [], searchList: [], domain: '', profileNameServer: [], registerAdapterName: true, registrationEnabled: true, enableLlmnr: true, queryAdapterName: true, disableUnconstrainedQueries: false },
      },
    ]),
    'adapters.list': entry(api.adapters.list, () => [{ family: 'ipv4' }]),
    'adapters.get': entry(api.adapters.get, () => ['Ethernet', { family: 'ipv4' }]),
    'gateway.default': entry(api.gateway.default, () => [{ family: 'ipv4' }]),
    'gateway.all': entry(api.gateway.all, () => [{ family: 'ipv4' }]),
    'gateway.defaultSync': entry(api.gateway.defaultSync, () => [{ family: 'ipv4' }]),
    'gateway.allSync': entry(api.gateway.allSync, () => [{ family: 'ipv4' }]),
    'sockets.list': entry(api.sockets.list, () => [{ protocol: 'tcp', family: 'ipv4', state: ['listen'], localPort: 80, remotePort: 443, pid: 4, processNames: false }]),
    'sockets.owners': entry(api.sockets.owners, () => [80, { protocol: 'tcp', address: '192.0.2.10' }]),
    'sockets.close': entry(api.sockets.close, () => [{ protocol: 'tcp', localAddress: '192.0.2.10', localPort: 50000, remoteAddress: '198.51.100.7', remotePort: 443 }]),
  };
}

/**
 * Exports that are not called here, and why: classes whose constructors are internal (the
 * watch.* factories build them) or Node's own (TypedEventEmitter is EventEmitter), and
 * NetioError, whose options are the package's own error record rather than user input.
 */
export const NOT_CALLED: Record<string, string> = {
  NetioError: 'an error class: its constructor records what the package found, it does not validate',
  Watcher: 'constructed by watch.routes/addresses/interfaces/all/connectivity, which are called',
  DefaultRouteWatcher: 'constructed by watch.defaultRoute, which is called',
  TypedEventEmitter: "Node's EventEmitter under a typed name",
};

/** Every callable of the surface by its qualified name ('routes.add', 'getIfTable2Sync', 'FileRouteStore#load'). */
export function surface(store: () => string): Record<string, SurfaceEntry> {
  const all: Record<string, SurfaceEntry> = {};
  const fns = api as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const [name, args] of Object.entries(twins)) {
    all[name] = { call: fns[name]!, args };
    all[`${name}Sync`] = { call: fns[`${name}Sync`]!, args };
  }
  return { ...all, ...others(store) };
}

/** The callables lib/index.ts exports, by qualified name, found at run time. */
export function exportedCallables(): string[] {
  const names: string[] = [];
  for (const [name, value] of Object.entries(api)) {
    if (typeof value === 'function') {
      names.push(name);
      if (name === 'FileRouteStore') names.push('new FileRouteStore', 'FileRouteStore#file', 'FileRouteStore#load', 'FileRouteStore#save');
    } else if (value !== null && typeof value === 'object' && !(value instanceof Map) && name !== 'constants') {
      for (const [method, fn] of Object.entries(value)) if (typeof fn === 'function') names.push(`${name}.${method}`);
    }
  }
  return names.filter((n) => n !== 'FileRouteStore');
}
