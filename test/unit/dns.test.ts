import { describe, expect, test } from 'vitest';

import * as api from '../../lib/index.js';
import { FAKE_INTERFACES } from './support/fake-binding.js';
import { refusal, useFakeBinding } from './support/setup.js';

const fake = useFakeBinding();
const ethernet = FAKE_INTERFACES[1]!;
const guid = ethernet.guid;

/** The settings the last SetInterfaceDnsSettings call carried to the binding. */
function lastSet(): Record<string, unknown> {
  const call = fake.calls.filter((c) => c.name.startsWith('setInterfaceDnsSettings')).at(-1);
  if (!call) throw new Error('no SetInterfaceDnsSettings call');
  return call.args[1] as Record<string, unknown>;
}

const { DNS_SETTING } = api.constants;

describe('setInterfaceDnsSettings: the DNS_SETTING_* flags come from the members given', () => {
  test.each([
    [{ nameServer: ['192.0.2.53'] }, DNS_SETTING.NAMESERVER, { nameServer: '192.0.2.53' }],
    [{ searchList: ['corp.example.com', 'example.com'] }, DNS_SETTING.SEARCHLIST, { searchList: 'corp.example.com,example.com' }],
    [{ domain: 'corp.example.com' }, DNS_SETTING.DOMAIN, { domain: 'corp.example.com' }],
    [{ registrationEnabled: false }, DNS_SETTING.REGISTRATION_ENABLED, { registrationEnabled: false }],
    [{ registerAdapterName: true }, DNS_SETTING.REGISTER_ADAPTER_NAME, { registerAdapterName: true }],
    [{ enableLlmnr: false }, DNS_SETTING.ENABLE_LLMNR, { enableLlmnr: false }],
    [{ queryAdapterName: false }, DNS_SETTING.QUERY_ADAPTER_NAME, { queryAdapterName: false }],
    [{ profileNameServer: ['198.51.100.53'] }, DNS_SETTING.PROFILE_NAMESERVER, { profileNameServer: '198.51.100.53' }],
    [{ disableUnconstrainedQueries: true }, DNS_SETTING.DISABLE_UNCONSTRAINED_QUERIES, { disableUnconstrainedQueries: true }],
    [{ supplementalSearchList: ['lab.example.com'] }, DNS_SETTING.SUPPLEMENTAL_SEARCH_LIST, { supplementalSearchList: 'lab.example.com' }],
    [{ ipv6: true, nameServer: ['2001:db8::53', '2001:DB8:0::54'] }, DNS_SETTING.IPV6 | DNS_SETTING.NAMESERVER, { nameServer: '2001:db8::53,2001:db8::54' }],
  ])('%o sets exactly flags %i', async (settings, flags, wire) => {
    await api.setInterfaceDnsSettings(guid, settings as api.DnsInterfaceSettingsInput);
    const sent = lastSet();
    expect(sent.flags).toBe(flags);
    expect(sent).toMatchObject(wire);
    // Members not given do not travel at all: the binding leaves them zero, as documented.
    expect(Object.keys(sent).sort()).toEqual(['flags', ...Object.keys(wire)].sort());
  });

  test('several members set several flags, and an empty list clears a list (its flag set, its text empty)', async () => {
    api.setInterfaceDnsSettingsSync(guid, { nameServer: [], searchList: [], domain: '', enableLlmnr: true });
    expect(lastSet()).toEqual({
      flags: DNS_SETTING.NAMESERVER | DNS_SETTING.SEARCHLIST | DNS_SETTING.DOMAIN | DNS_SETTING.ENABLE_LLMNR,
      nameServer: '',
      searchList: '',
      domain: '',
      enableLlmnr: true,
    });
  });

  test('a settings object read back can be written back: version and flags are ignored, the family is kept', async () => {
    await api.setInterfaceDnsSettings(guid, { ipv6: true, nameServer: ['2001:db8::53'] });
    const read = await api.getInterfaceDnsSettings(guid, { ipv6: true });
    expect(read).toMatchObject({ ipv6: true, nameServer: ['2001:db8::53'], version: 2 });
    await api.setInterfaceDnsSettings(guid, read);
    // Every DNS_SETTING_* bit of DNS_INTERFACE_SETTINGS_EX (HOSTNAME is DNS_SETTINGS' only).
    expect(lastSet().flags).toBe(Object.values(DNS_SETTING).reduce((a, b) => a | b, 0) & ~DNS_SETTING.HOSTNAME);
  });
});

describe('setInterfaceDnsSettings refuses bad input, naming the member, before any OS call', () => {
  test.each([
    ['interfaceGuid', () => api.setInterfaceDnsSettings('not-a-guid', { nameServer: [] })],
    ['settings', () => api.setInterfaceDnsSettings(guid, null as never)],
    ['settings', () => api.setInterfaceDnsSettings(guid, {})],
    ['settings', () => api.setInterfaceDnsSettings(guid, { ipv6: true })],
    ['ipv6', () => api.setInterfaceDnsSettings(guid, { ipv6: 1 as never, nameServer: [] })],
    ['nameServer', () => api.setInterfaceDnsSettings(guid, { nameServer: '192.0.2.53' as never })],
    ['nameServer[0]', () => api.setInterfaceDnsSettings(guid, { nameServer: ['dns.example.com'] })],
    ['nameServer[1]', () => api.setInterfaceDnsSettings(guid, { nameServer: ['192.0.2.53', '2001:db8::53'] })],
    ['nameServer[0]', () => api.setInterfaceDnsSettings(guid, { ipv6: true, nameServer: ['192.0.2.53'] })],
    ['profileNameServer[0]', () => api.setInterfaceDnsSettings(guid, { profileNameServer: [5 as never] })],
    ['searchList[0]', () => api.setInterfaceDnsSettings(guid, { searchList: ['a.example, b.example'] })],
    ['searchList[0]', () => api.setInterfaceDnsSettings(guid, { searchList: [''] })],
    ['searchList[0]', () => api.setInterfaceDnsSettings(guid, { searchList: ['x'.repeat(254)] })],
    ['searchList', () => api.setInterfaceDnsSettings(guid, { searchList: Array(257).fill('example.com') as string[] })],
    ['supplementalSearchList[0]', () => api.setInterfaceDnsSettings(guid, { supplementalSearchList: ['has space.example'] })],
    ['domain', () => api.setInterfaceDnsSettings(guid, { domain: 42 as never })],
    ['domain', () => api.setInterfaceDnsSettings(guid, { domain: 'two words' })],
    ['registrationEnabled', () => api.setInterfaceDnsSettings(guid, { registrationEnabled: 'yes' as never })],
    ['registerAdapterName', () => api.setInterfaceDnsSettings(guid, { registerAdapterName: 1 as never })],
    ['enableLlmnr', () => api.setInterfaceDnsSettings(guid, { enableLlmnr: null as never })],
    ['queryAdapterName', () => api.setInterfaceDnsSettings(guid, { queryAdapterName: 'false' as never })],
    ['disableUnconstrainedQueries', () => api.setInterfaceDnsSettings(guid, { disableUnconstrainedQueries: 0 as never })],
  ])('%s', async (member, call) => {
    const error = await refusal(call());
    expect(error).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member, syscall: 'SetInterfaceDnsSettings' });
    expect(fake.calls.some((c) => c.name.startsWith('setInterfaceDnsSettings'))).toBe(false);
  });
});

describe('getInterfaceDnsSettings', () => {
  test('lists come back as arrays, every member present, the family as asked', async () => {
    api.setInterfaceDnsSettingsSync(guid, { nameServer: ['192.0.2.53', '192.0.2.54'], searchList: ['corp.example.com'] });
    const v4 = await api.getInterfaceDnsSettings(guid);
    expect(v4).toEqual({
      version: 2,
      flags: 0,
      ipv6: false,
      domain: '',
      nameServer: ['192.0.2.53', '192.0.2.54'],
      searchList: ['corp.example.com'],
      registrationEnabled: true,
      registerAdapterName: false,
      enableLlmnr: true,
      queryAdapterName: true,
      profileNameServer: [],
      disableUnconstrainedQueries: false,
      supplementalSearchList: [],
    });
    expect(fake.calls.at(-1)).toEqual({ name: 'getInterfaceDnsSettings', args: [guid, false] });
    expect(api.getInterfaceDnsSettingsSync(guid, { ipv6: true })).toMatchObject({ ipv6: true, nameServer: [] });
    expect(fake.calls.at(-1)).toEqual({ name: 'getInterfaceDnsSettingsSync', args: [guid, true] });
  });

  test('a system that answers only version 1 says so in `version`', async () => {
    fake.dnsVersion1Only = true;
    expect(await api.getInterfaceDnsSettings(guid)).toMatchObject({ version: 1, disableUnconstrainedQueries: false, supplementalSearchList: [] });
  });

  test('before Windows 10 2004 the function is missing: STATUS_NOT_SUPPORTED, and the hint names the Windows version needed', async () => {
    fake.missing.add('GetInterfaceDnsSettings');
    const error = await refusal(api.getInterfaceDnsSettings(guid));
    expect(error).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', syscall: 'GetInterfaceDnsSettings' });
    expect(error.hint).toMatch(/Windows 10, version 2004 \(build 19041\)/);
    expect(error.message).toContain(error.hint!);
  });
});

describe('getDnsSettings and setDnsSettings', () => {
  test('the flags come from the members given', async () => {
    await api.setDnsSettings({ searchList: ['a.example', 'b.example'] });
    expect(fake.calls.at(-1)!.args[0]).toEqual({ flags: DNS_SETTING.SEARCHLIST, searchList: 'a.example,b.example' });
    api.setDnsSettingsSync({ hostname: 'build-01', domain: '' });
    expect(fake.calls.at(-1)!.args[0]).toEqual({ flags: DNS_SETTING.HOSTNAME | DNS_SETTING.DOMAIN, hostname: 'build-01', domain: '' });
    expect(await api.getDnsSettings()).toEqual({ version: 1, flags: 0, hostname: 'build-01', domain: '', searchList: ['a.example', 'b.example'] });
  });

  test.each([
    ['settings', () => api.setDnsSettings({})],
    ['hostname', () => api.setDnsSettings({ hostname: '' })],
    ['searchList', () => api.setDnsSettings({ searchList: 'a.example' as never })],
    ['domain', () => api.setDnsSettings({ domain: 'a;b' })],
  ])('refuses bad %s', async (member, call) => {
    expect(await refusal(call())).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member, syscall: 'SetDnsSettings' });
  });

  test('missing before Windows 10 2004, with the hint', async () => {
    fake.missing.add('SetDnsSettings');
    const error = await refusal(api.setDnsSettings({ domain: 'corp.example.com' }));
    expect(error).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', syscall: 'SetDnsSettings' });
    expect(error.hint).toMatch(/2004/);
  });
});

describe('the dns helpers', () => {
  test('dns.set splits the servers by family, sets each family, and returns what is now in force', async () => {
    const now = await api.dns.set('Ethernet', { servers: ['192.0.2.53', '2001:db8::53', '192.0.2.54'], searchList: ['corp.example.com'] });
    const sets = fake.calls.filter((c) => c.name === 'setInterfaceDnsSettings').map((c) => c.args);
    expect(sets).toEqual([
      [guid, { flags: DNS_SETTING.NAMESERVER | DNS_SETTING.SEARCHLIST, nameServer: '192.0.2.53,192.0.2.54', searchList: 'corp.example.com' }],
      [guid, { flags: DNS_SETTING.IPV6 | DNS_SETTING.NAMESERVER, nameServer: '2001:db8::53' }],
    ]);
    expect(now).toMatchObject({ interfaceGuid: guid, servers: ['192.0.2.53', '192.0.2.54', '2001:db8::53'], searchList: ['corp.example.com'] });
  });

  test('servers of one family clear the other’s; without servers they are left alone', async () => {
    await api.dns.set(ethernet.index, { servers: ['2001:db8::53'] });
    expect((await api.dns.get(guid)).ipv4.nameServer).toEqual([]);
    await api.dns.set(ethernet.luid, { searchList: ['lab.example.com'] });
    expect(await api.dns.get('Ethernet')).toMatchObject({ servers: ['2001:db8::53'], searchList: ['lab.example.com'] });
  });

  test('dns.reset clears both families’ servers and the search list; dns.restore puts back what dns.get saw', async () => {
    const saved = await api.dns.set('Ethernet', { servers: ['192.0.2.53', '2001:db8::53'], searchList: ['corp.example.com'], domain: 'corp.example.com' });
    const reset = await api.dns.reset('Ethernet');
    expect(reset).toMatchObject({ servers: [], searchList: [], domain: 'corp.example.com' });
    const restored = await api.dns.restore('Ethernet', saved);
    expect(restored).toMatchObject({ servers: ['192.0.2.53', '2001:db8::53'], searchList: ['corp.example.com'], domain: 'corp.example.com' });
  });

  test('bad input is refused before anything is written', async () => {
    expect(await refusal(api.dns.set('Ethernet', { servers: ['192.0.2.53', 'nope'] }))).toMatchObject({ member: 'servers[1]' });
    expect(await refusal(api.dns.set('Ethernet', { servers: ['192.0.2.53'], searchList: ['bad name'] }))).toMatchObject({ member: 'searchList[0]' });
    expect(await refusal(api.dns.set('Ethernet', {}))).toMatchObject({ member: 'options' });
    expect(await refusal(api.dns.set('No such adapter', { servers: [] }))).toMatchObject({ syscall: 'ConvertInterfaceAliasToLuid' });
    expect(fake.calls.some((c) => c.name === 'setInterfaceDnsSettings')).toBe(false);
  });

  test('writing needs an elevated process: STATUS_ACCESS_DENIED with the hint', async () => {
    fake.elevated = false;
    const error = await refusal(api.dns.reset('Ethernet'));
    expect(error).toMatchObject({ code: 'STATUS_ACCESS_DENIED', syscall: 'SetInterfaceDnsSettings' });
    expect(error.hint).toMatch(/elevated/);
  });
});
