/**
 * Per-interface DNS on Windows, elevated: servers set on the loopback pseudo-interface are
 * what the system then holds (read back, and seen by PowerShell's Get-DnsClientServerAddress),
 * and the original settings are always put back, also when an assertion fails. Only
 * documentation addresses (RFC 5737, RFC 3849) and a .example suffix are written, on an
 * interface that carries no traffic to them. Under Wine the DNS functions are missing
 * (netioapi-h.test.ts checks STATUS_NOT_SUPPORTED there).
 */
import { describe, expect, test } from 'vitest';

import { evaluate, modes, windowsElevatedTitle, windowsTitle } from './harness/remote.js';

const { onWindows, onWindowsElevated } = modes();


describe.skipIf(!onWindows)(windowsTitle('DNS settings, read'), () => {
  test('getInterfaceDnsSettings reads every interface, both families; getDnsSettings reads the machine’s', async () => {
    const r = await evaluate(async (api, _arg, require) => {
      const rows = (await api.getIfTable2()).filter((row) => row.type === 'softwareLoopback' || row.type === 'ethernetCsmacd');
      const read = [];
      for (const row of rows) {
        read.push({ alias: row.alias, v4: await api.getInterfaceDnsSettings(row.interfaceGuid), v6: api.getInterfaceDnsSettingsSync(row.interfaceGuid, { ipv6: true }) });
      }
      return { read, global: await api.getDnsSettings(), hostname: (require('node:os') as typeof import('node:os')).hostname() };
    });
    expect(r.read.length).toBeGreaterThan(0);
    for (const { v4, v6 } of r.read) {
      expect(v4.ipv6).toBe(false);
      expect(v6.ipv6).toBe(true);
      for (const server of v4.nameServer) expect(server).not.toContain(':');
      for (const server of v6.nameServer) expect(server).toContain(':');
    }
    expect(r.global.hostname.toLowerCase()).toBe(r.hostname.toLowerCase());
  });
});

describe.skipIf(!onWindowsElevated)(windowsElevatedTitle('DNS settings, written and restored'), () => {
  test('IPv4: servers and a search list set on the loopback interface are what the system holds; the originals come back', async () => {
    const r = await evaluate(async (api, _arg, require) => {
      const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
      // PowerShell's view of the interface's IPv4 servers: the system's, not this package's.
      const powershell = (index: number): string[] => {
        const command = `@((Get-DnsClientServerAddress -InterfaceIndex ${index} -AddressFamily IPv4).ServerAddresses) | ConvertTo-Json -Compress`;
        const json = execFileSync('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', command], { encoding: 'utf8' }).trim();
        return json === '' ? [] : ([] as string[]).concat(JSON.parse(json) as string | string[]);
      };
      const loopback = (await api.getIfTable2()).find((row) => row.type === 'softwareLoopback')!;
      const guid = loopback.interfaceGuid;
      const original = await api.getInterfaceDnsSettings(guid);
      let during: unknown;
      let seen: string[] = [];
      let restored: unknown;
      try {
        await api.setInterfaceDnsSettings(guid, { nameServer: ['192.0.2.53', '198.51.100.53'], searchList: ['netioapi-test.example'] });
        during = await api.getInterfaceDnsSettings(guid);
        seen = powershell(loopback.interfaceIndex);
      } finally {
        await api.setInterfaceDnsSettings(guid, { nameServer: original.nameServer, searchList: original.searchList });
        restored = await api.getInterfaceDnsSettings(guid);
      }
      return { original, during, seen, restored, after: powershell(loopback.interfaceIndex) };
    });
    expect(r.during).toMatchObject({ ipv6: false, nameServer: ['192.0.2.53', '198.51.100.53'], searchList: ['netioapi-test.example'] });
    expect(r.seen).toEqual(['192.0.2.53', '198.51.100.53']);
    expect(r.restored).toMatchObject({ nameServer: r.original.nameServer, searchList: r.original.searchList });
    expect(r.after).not.toContain('192.0.2.53');
  });

  test('IPv6: servers set with ipv6: true are the IPv6 stack’s, read back with ipv6: true; the originals come back', async () => {
    const r = await evaluate(async (api) => {
      const loopback = (await api.getIfTable2()).find((row) => row.type === 'softwareLoopback')!;
      const guid = loopback.interfaceGuid;
      const original = await api.getInterfaceDnsSettings(guid, { ipv6: true });
      const originalV4 = await api.getInterfaceDnsSettings(guid);
      let during: unknown;
      let v4During: unknown;
      try {
        await api.setInterfaceDnsSettings(guid, { ipv6: true, nameServer: ['2001:db8::53'] });
        during = await api.getInterfaceDnsSettings(guid, { ipv6: true });
        v4During = await api.getInterfaceDnsSettings(guid);
      } finally {
        await api.setInterfaceDnsSettings(guid, { ipv6: true, nameServer: original.nameServer });
      }
      return { original, originalV4, during, v4During, restored: await api.getInterfaceDnsSettings(guid, { ipv6: true }) };
    });
    expect(r.during).toMatchObject({ ipv6: true, nameServer: ['2001:db8::53'] });
    // The IPv4 stack's servers did not change.
    expect(r.v4During).toMatchObject({ nameServer: r.originalV4.nameServer });
    expect(r.restored).toMatchObject({ nameServer: r.original.nameServer });
  });

  test('the dns helpers: set both families at once, reset, restore what was saved', async () => {
    const r = await evaluate(async (api) => {
      const loopback = (await api.getIfTable2()).find((row) => row.type === 'softwareLoopback')!;
      const saved = await api.dns.get(loopback.interfaceLuid);
      let set: unknown;
      let reset: unknown;
      try {
        set = await api.dns.set(loopback.interfaceIndex, { servers: ['192.0.2.53', '2001:db8::53'], searchList: ['netioapi-test.example'] });
        reset = await api.dns.reset(loopback.interfaceGuid);
      } finally {
        await api.dns.restore(loopback.interfaceLuid, saved);
      }
      return { saved, set, reset, restored: await api.dns.get(loopback.interfaceLuid) };
    });
    expect(r.set).toMatchObject({ servers: ['192.0.2.53', '2001:db8::53'], searchList: ['netioapi-test.example'] });
    expect(r.reset).toMatchObject({ servers: [], searchList: [] });
    expect(r.restored).toMatchObject({ servers: r.saved.servers, searchList: r.saved.searchList, domain: r.saved.domain });
  });
});
