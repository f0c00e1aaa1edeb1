/**
 * DNS settings: per interface (GetInterfaceDnsSettings, SetInterfaceDnsSettings:
 * DNS_INTERFACE_SETTINGS and DNS_INTERFACE_SETTINGS_EX) and for the machine
 * (GetDnsSettings, SetDnsSettings: DNS_SETTINGS), and the `dns` helpers. Windows 10 2004
 * and later; elsewhere every call is STATUS_NOT_SUPPORTED saying so.
 *
 * A Set call writes exactly the members given: each one present sets its DNS_SETTING_* bit
 * in Flags, and the others stay zero, as SetInterfaceDnsSettings requires. Lists are
 * arrays here and the OS's comma-separated text on the way to it; an empty array clears a
 * list (the interface goes back to the servers DHCP or router advertisements give it).
 */
import { AF_INET, AF_INET6, formatIp } from './address.js';
import { operation } from './call.js';
import { Checker, describeValue } from './check.js';
import { DNS_SETTING } from './constants.js';
import { convertInterfaceLuidToGuid } from './interfaces.js';
import type { WireDnsInterfaceSettings, WireDnsInterfaceSettingsInput, WireDnsSettings, WireDnsSettingsInput } from './native.js';
import { resolveInterface, type InterfaceSpec } from './resolve.js';

/** DNS_INTERFACE_SETTINGS (version 1) or DNS_INTERFACE_SETTINGS_EX (version 2), as read. */
export interface DnsInterfaceSettings {
  /** 2 when the system answered with DNS_INTERFACE_SETTINGS_EX; 1 when only with version 1 (then the last two members are false and []). */
  version: number;
  /** DNS_SETTING_* bits, as the system returned them. */
  flags: number;
  /** The settings of the IPv6 stack (DNS_SETTING_IPV6), else of IPv4. */
  ipv6: boolean;
  /** The connection-specific DNS suffix; '' when there is none. */
  domain: string;
  /** Static DNS servers; [] when the interface uses the ones DHCP or router advertisements give it. */
  nameServer: string[];
  /** The connection-specific suffix search list. */
  searchList: string[];
  registrationEnabled: boolean;
  registerAdapterName: boolean;
  /** DNS_INTERFACE_SETTINGS.EnableLLMNR: LLMNR and mDNS on this interface. */
  enableLlmnr: boolean;
  queryAdapterName: boolean;
  /** Static profile DNS servers. */
  profileNameServer: string[];
  /** Reserved, as documented (version 2). */
  disableUnconstrainedQueries: boolean;
  /** The supplemental suffix search list (version 2). */
  supplementalSearchList: string[];
}

/** What setInterfaceDnsSettings takes: only the members given are written. */
export interface DnsInterfaceSettingsInput {
  /** Write the IPv6 stack's settings (DNS_SETTING_IPV6); the servers must then be IPv6 addresses. Default false: IPv4. */
  ipv6?: boolean;
  domain?: string;
  nameServer?: string[];
  searchList?: string[];
  registrationEnabled?: boolean;
  registerAdapterName?: boolean;
  enableLlmnr?: boolean;
  queryAdapterName?: boolean;
  profileNameServer?: string[];
  disableUnconstrainedQueries?: boolean;
  supplementalSearchList?: string[];
  /** Read-only members of a settings object read back: ignored. */
  version?: unknown;
  flags?: unknown;
}

/** DNS_SETTINGS: the machine's DNS settings. */
export interface DnsSettings {
  version: number;
  flags: number;
  hostname: string;
  /** The primary DNS suffix. */
  domain: string;
  searchList: string[];
}

export interface DnsSettingsInput {
  hostname?: string;
  domain?: string;
  searchList?: string[];
  version?: unknown;
  flags?: unknown;
}

/** Longest DNS name (RFC 1035: 253 characters of text). */
const MAX_NAME = 253;
/** A list longer than this is not a DNS configuration. */
const MAX_LIST = 256;

function splitList(text: string): string[] {
  return text.split(/[\s,;]+/).filter((item) => item !== '');
}

/** A domain name or suffix: 1 to 253 characters, none of them a separator of the OS's lists. */
function dnsName(check: Checker, value: unknown, member: string, allowEmpty: boolean): string {
  if (typeof value !== 'string') check.fail(member, `expected a DNS name such as corp.example.com, got ${describeValue(value)}.`);
  if (value === '' && allowEmpty) return value;
  if (value.length === 0 || value.length > MAX_NAME) check.fail(member, `expected a DNS name of 1 to ${MAX_NAME} characters, got ${value.length}.`);
  if (/[\s,;\0]/.test(value)) check.fail(member, `expected one DNS name without spaces, commas, semicolons or NUL, got ${describeValue(value)}.`);
  return value;
}

function nameList(check: Checker, value: unknown, member: string): string {
  const list = check.array(value, member, 'an array of DNS names', MAX_LIST);
  return list.map((name, i) => dnsName(check, name, `${member}[${i}]`, false)).join(',');
}

/** Server addresses of one family: IPv6 with DNS_SETTING_IPV6, IPv4 without, as documented. */
function serverList(check: Checker, value: unknown, member: string, ipv6: boolean): string {
  const list = check.array(value, member, `an array of ${ipv6 ? 'IPv6' : 'IPv4'} addresses`, MAX_LIST);
  return list
    .map((server, i) => {
      const address = check.address(server, `${member}[${i}]`);
      if (address.family !== (ipv6 ? AF_INET6 : AF_INET)) {
        check.fail(
          `${member}[${i}]`,
          ipv6
            ? `is an IPv4 address, but ipv6 is true: these settings are the IPv6 stack's, so the servers must be IPv6 addresses.`
            : `is an IPv6 address; set ipv6: true to configure the IPv6 stack's servers (each family is set on its own).`,
        );
      }
      return formatIp(address);
    })
    .join(',');
}

/**
 * The binding's settings for SetInterfaceDnsSettings: each member given sets its
 * DNS_SETTING_* flag; `ipv6: true` sets DNS_SETTING_IPV6. Refuses settings that set nothing.
 */
function interfaceSettingsToWire(check: Checker, input: unknown): WireDnsInterfaceSettingsInput {
  const s = check.object(input, 'settings');
  const ipv6 = s.ipv6 === undefined ? false : check.boolean(s.ipv6, 'ipv6');
  const wire: WireDnsInterfaceSettingsInput = { flags: ipv6 ? DNS_SETTING.IPV6 : 0 };
  const set = (flag: number): void => {
    wire.flags |= flag;
  };
  if (s.domain !== undefined) {
    wire.domain = dnsName(check, s.domain, 'domain', true);
    set(DNS_SETTING.DOMAIN);
  }
  if (s.nameServer !== undefined) {
    wire.nameServer = serverList(check, s.nameServer, 'nameServer', ipv6);
    set(DNS_SETTING.NAMESERVER);
  }
  if (s.searchList !== undefined) {
    wire.searchList = nameList(check, s.searchList, 'searchList');
    set(DNS_SETTING.SEARCHLIST);
  }
  if (s.profileNameServer !== undefined) {
    wire.profileNameServer = serverList(check, s.profileNameServer, 'profileNameServer', ipv6);
    set(DNS_SETTING.PROFILE_NAMESERVER);
  }
  if (s.supplementalSearchList !== undefined) {
    wire.supplementalSearchList = nameList(check, s.supplementalSearchList, 'supplementalSearchList');
    set(DNS_SETTING.SUPPLEMENTAL_SEARCH_LIST);
  }
  const flags: [keyof WireDnsInterfaceSettings & string, number][] = [
    ['registrationEnabled', DNS_SETTING.REGISTRATION_ENABLED],
    ['registerAdapterName', DNS_SETTING.REGISTER_ADAPTER_NAME],
    ['enableLlmnr', DNS_SETTING.ENABLE_LLMNR],
    ['queryAdapterName', DNS_SETTING.QUERY_ADAPTER_NAME],
    ['disableUnconstrainedQueries', DNS_SETTING.DISABLE_UNCONSTRAINED_QUERIES],
  ];
  for (const [member, flag] of flags) {
    if (s[member] === undefined) continue;
    (wire as Record<string, unknown>)[member] = check.boolean(s[member], member);
    set(flag);
  }
  if ((wire.flags & ~DNS_SETTING.IPV6) === 0) {
    check.fail('settings', 'sets nothing: give at least one of domain, nameServer, searchList, registrationEnabled, registerAdapterName, enableLlmnr, queryAdapterName, profileNameServer, disableUnconstrainedQueries, supplementalSearchList.');
  }
  return wire;
}

function interfaceSettingsFromWire(w: WireDnsInterfaceSettings): DnsInterfaceSettings {
  return {
    version: w.version,
    flags: w.flags,
    ipv6: (w.flags & DNS_SETTING.IPV6) !== 0,
    domain: w.domain,
    nameServer: splitList(w.nameServer),
    searchList: splitList(w.searchList),
    registrationEnabled: w.registrationEnabled,
    registerAdapterName: w.registerAdapterName,
    enableLlmnr: w.enableLlmnr,
    queryAdapterName: w.queryAdapterName,
    profileNameServer: splitList(w.profileNameServer),
    disableUnconstrainedQueries: w.disableUnconstrainedQueries,
    supplementalSearchList: splitList(w.supplementalSearchList),
  };
}

/** The binding's settings for SetDnsSettings. */
function settingsToWire(check: Checker, input: unknown): WireDnsSettingsInput {
  const s = check.object(input, 'settings');
  const wire: WireDnsSettingsInput = { flags: 0 };
  if (s.hostname !== undefined) {
    wire.hostname = dnsName(check, s.hostname, 'hostname', false);
    wire.flags |= DNS_SETTING.HOSTNAME;
  }
  if (s.domain !== undefined) {
    wire.domain = dnsName(check, s.domain, 'domain', true);
    wire.flags |= DNS_SETTING.DOMAIN;
  }
  if (s.searchList !== undefined) {
    wire.searchList = nameList(check, s.searchList, 'searchList');
    wire.flags |= DNS_SETTING.SEARCHLIST;
  }
  if (wire.flags === 0) check.fail('settings', 'sets nothing: give at least one of hostname, domain, searchList.');
  return wire;
}

function settingsFromWire(w: WireDnsSettings): DnsSettings {
  return { version: w.version, flags: w.flags, hostname: w.hostname, domain: w.domain, searchList: splitList(w.searchList) };
}

export interface GetInterfaceDnsSettingsOptions {
  /** Read the IPv6 stack's settings (DNS_SETTING_IPV6 in Flags); default false: IPv4. */
  ipv6?: boolean;
}

const getInterface = operation({
  syscall: 'GetInterfaceDnsSettings',
  native: 'getInterfaceDnsSettings',
  prepare: (check, interfaceGuid: string, options?: GetInterfaceDnsSettingsOptions) => {
    const o = check.options(options);
    return [check.guid(interfaceGuid, 'interfaceGuid'), o.ipv6 === undefined ? false : check.boolean(o.ipv6, 'ipv6')];
  },
  convert: interfaceSettingsFromWire,
});
/**
 * GetInterfaceDnsSettings: an interface's DNS settings, of its IPv4 stack or, with
 * `{ ipv6: true }`, of its IPv6 stack. FreeInterfaceDnsSettings is called inside.
 */
export const getInterfaceDnsSettings = getInterface.async;
export const getInterfaceDnsSettingsSync = getInterface.sync;

const setInterface = operation({
  syscall: 'SetInterfaceDnsSettings',
  native: 'setInterfaceDnsSettings',
  prepare: (check, interfaceGuid: string, settings: DnsInterfaceSettingsInput) => [
    check.guid(interfaceGuid, 'interfaceGuid'),
    interfaceSettingsToWire(check, settings),
  ],
  convert: (): void => undefined,
});
/**
 * SetInterfaceDnsSettings: writes the members given, and only those. Needs an elevated
 * process.
 */
export const setInterfaceDnsSettings = setInterface.async;
export const setInterfaceDnsSettingsSync = setInterface.sync;

const getGlobal = operation({
  syscall: 'GetDnsSettings',
  native: 'getDnsSettings',
  prepare: () => [],
  convert: settingsFromWire,
});
/** GetDnsSettings: the machine's host name, primary DNS suffix and suffix search list. FreeDnsSettings is called inside. */
export const getDnsSettings = getGlobal.async;
export const getDnsSettingsSync = getGlobal.sync;

const setGlobal = operation({
  syscall: 'SetDnsSettings',
  native: 'setDnsSettings',
  prepare: (check, settings: DnsSettingsInput) => [settingsToWire(check, settings)],
  convert: (): void => undefined,
});
/** SetDnsSettings: writes the members given, and only those. Needs an elevated process. */
export const setDnsSettings = setGlobal.async;
export const setDnsSettingsSync = setGlobal.sync;

// ---------------------------------------------------------------------------------------
// Helpers: an interface's DNS as a VPN client sets it.

/** An interface's DNS, both families. */
export interface InterfaceDns {
  interfaceGuid: string;
  /** The static servers of both families, IPv4 first; [] when the interface uses automatic ones. */
  servers: string[];
  /** The connection-specific suffix search list (kept with the IPv4 settings). */
  searchList: string[];
  /** The connection-specific DNS suffix (kept with the IPv4 settings). */
  domain: string;
  ipv4: DnsInterfaceSettings;
  ipv6: DnsInterfaceSettings;
}

export interface SetDnsOptions {
  /**
   * The static servers, IPv4 and IPv6 together. Each family is set to its own servers from
   * this list, and a family with none in it is cleared: the interface then uses exactly
   * these servers. Omit it to leave the servers alone.
   */
  servers?: string[];
  /** The suffix search list; [] clears it. */
  searchList?: string[];
  /** The connection-specific suffix; '' clears it. */
  domain?: string;
}

async function interfaceGuid(spec: InterfaceSpec, syscall: string): Promise<string> {
  return convertInterfaceLuidToGuid(await resolveInterface(spec, syscall));
}

/** The helpers that think in servers and suffixes rather than DNS_INTERFACE_SETTINGS. */
export const dns = {
  /** An interface's DNS settings, both families. */
  async get(spec: InterfaceSpec): Promise<InterfaceDns> {
    const guid = await interfaceGuid(spec, 'GetInterfaceDnsSettings');
    const [ipv4, ipv6] = await Promise.all([getInterfaceDnsSettings(guid), getInterfaceDnsSettings(guid, { ipv6: true })]);
    return { interfaceGuid: guid, servers: [...ipv4.nameServer, ...ipv6.nameServer], searchList: ipv4.searchList, domain: ipv4.domain, ipv4, ipv6 };
  },

  /**
   * Sets an interface's servers (each family to its own, see SetDnsOptions.servers), search
   * list and suffix; what is not given stays as it is. Returns the settings now in force.
   */
  async set(spec: InterfaceSpec, options: SetDnsOptions): Promise<InterfaceDns> {
    const syscall = 'SetInterfaceDnsSettings';
    const check: Checker = new Checker(syscall);
    const o = check.object(options, 'options');
    let v4: string[] | undefined;
    let v6: string[] | undefined;
    if (o.servers !== undefined) {
      const parsed = check.array(o.servers, 'servers', 'an array of IPv4 and IPv6 addresses', 2 * MAX_LIST).map((server, i) => check.address(server, `servers[${i}]`));
      v4 = parsed.filter((a) => a.family === AF_INET).map(formatIp);
      v6 = parsed.filter((a) => a.family === AF_INET6).map(formatIp);
    }
    const ipv4: DnsInterfaceSettingsInput = {};
    if (v4 !== undefined) ipv4.nameServer = v4;
    if (o.searchList !== undefined) ipv4.searchList = o.searchList as string[];
    if (o.domain !== undefined) ipv4.domain = o.domain as string;
    // Checked in full before anything is written.
    const ipv4Wire = Object.keys(ipv4).length === 0 ? undefined : interfaceSettingsToWire(check, ipv4);
    if (ipv4Wire === undefined && v6 === undefined) check.fail('options', 'sets nothing: give servers, searchList or domain.');
    const guid = await interfaceGuid(spec, syscall);
    if (ipv4Wire !== undefined) await setInterfaceDnsSettings(guid, ipv4);
    if (v6 !== undefined) await setInterfaceDnsSettings(guid, { ipv6: true, nameServer: v6 });
    return dns.get(guid);
  },

  /** Clears the static servers of both families and the search list: back to automatic DNS. */
  async reset(spec: InterfaceSpec): Promise<InterfaceDns> {
    const guid = await interfaceGuid(spec, 'SetInterfaceDnsSettings');
    await setInterfaceDnsSettings(guid, { nameServer: [], searchList: [] });
    await setInterfaceDnsSettings(guid, { ipv6: true, nameServer: [] });
    return dns.get(guid);
  },

  /**
   * Writes back what dns.get returned: the servers of both families, the search list and
   * the suffix (what dns.set and dns.reset change). For undoing a change, e.g. when a VPN
   * disconnects.
   */
  async restore(spec: InterfaceSpec, saved: InterfaceDns): Promise<InterfaceDns> {
    const check: Checker = new Checker('SetInterfaceDnsSettings');
    const s = check.object(saved, 'saved');
    const v4 = check.object(s.ipv4, 'saved.ipv4');
    const v6 = check.object(s.ipv6, 'saved.ipv6');
    const ipv4: DnsInterfaceSettingsInput = { nameServer: v4.nameServer as string[], searchList: v4.searchList as string[], domain: v4.domain as string };
    const ipv6: DnsInterfaceSettingsInput = { ipv6: true, nameServer: v6.nameServer as string[] };
    interfaceSettingsToWire(check, ipv4);
    interfaceSettingsToWire(check, ipv6);
    const guid = await interfaceGuid(spec, 'SetInterfaceDnsSettings');
    await setInterfaceDnsSettings(guid, ipv4);
    await setInterfaceDnsSettings(guid, ipv6);
    return dns.get(guid);
  },
};
