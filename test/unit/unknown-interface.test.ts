/**
 * An interface that does not exist, named by alias, name, GUID, index or LUID, to a
 * documented function, to a helper or to the CLI: the NetioError names the value given
 * (in `member` and the message), keeps the OS's code and win32, and lists by alias the
 * interfaces that exist, as iproute2's `Cannot find device "Ethernet"` does.
 */
import { describe, expect, test } from 'vitest';

import * as api from '../../lib/index.js';
import { run } from '../../lib/cli/run.js';
import { setBinding } from '../../lib/native.js';
import { FAKE_INTERFACES, createFakeBinding } from './support/fake-binding.js';
import { refusal, useFakeBinding } from './support/setup.js';

const fake = useFakeBinding();
const HINT = 'Interfaces here, by alias: Loopback Pseudo-Interface 1, Ethernet, Wi-Fi 2 — Büro.';

/** The error a synchronous call throws. */
function thrown(call: () => unknown): api.NetioError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(api.NetioError);
    return error as api.NetioError;
  }
  throw new Error('expected the call to throw');
}

describe('the documented conversions', () => {
  test('an unknown alias: the OS code, the alias named in member and message, and what exists', async () => {
    const error = await refusal(api.convertInterfaceAliasToLuid('Ethernet 7'));
    expect(error).toMatchObject({
      code: 'STATUS_INVALID_PARAMETER',
      win32: 87,
      syscall: 'ConvertInterfaceAliasToLuid',
      member: 'interfaceAlias',
      systemMessage: 'The parameter is incorrect.',
      hint: HINT,
    });
    expect(error.message).toBe(
      'STATUS_INVALID_PARAMETER: ConvertInterfaceAliasToLuid: interfaceAlias: no interface has the alias "Ethernet 7". ' +
        `An invalid parameter was passed to the function. (system: The parameter is incorrect.) ${HINT}`,
    );
    // The sync twin says the same.
    expect(thrown(() => api.convertInterfaceAliasToLuidSync('Ethernet 7'))).toMatchObject({ member: 'interfaceAlias', hint: HINT, message: error.message });
  });

  test.each([
    ['index', () => api.convertInterfaceIndexToLuid(99), () => api.convertInterfaceIndexToLuidSync(99), 'interfaceIndex', 'STATUS_NOT_FOUND', 2, 'index 99'],
    ['LUID → index', () => api.convertInterfaceLuidToIndex(777n), () => api.convertInterfaceLuidToIndexSync(777n), 'interfaceLuid', 'STATUS_NOT_FOUND', 2, 'LUID 777'],
    ['LUID → alias', () => api.convertInterfaceLuidToAlias(777n), () => api.convertInterfaceLuidToAliasSync(777n), 'interfaceLuid', 'STATUS_NOT_FOUND', 2, 'LUID 777'],
    ['LUID → GUID', () => api.convertInterfaceLuidToGuid(777n), () => api.convertInterfaceLuidToGuidSync(777n), 'interfaceLuid', 'STATUS_NOT_FOUND', 2, 'LUID 777'],
    ['LUID → name', () => api.convertInterfaceLuidToName(777n), () => api.convertInterfaceLuidToNameSync(777n), 'interfaceLuid', 'STATUS_NOT_FOUND', 2, 'LUID 777'],
    ['GUID', () => api.convertInterfaceGuidToLuid('{00000000-0000-0000-0000-000000000001}'), () => api.convertInterfaceGuidToLuidSync('00000000-0000-0000-0000-000000000001'), 'interfaceGuid', 'STATUS_NOT_FOUND', 2, 'GUID "{00000000-0000-0000-0000-000000000001}"'],
    ['name', () => api.convertInterfaceNameToLuid('ethernet_9'), () => api.convertInterfaceNameToLuidSync('ethernet_9'), 'interfaceName', 'STATUS_INVALID_NAME', 123, 'name "ethernet_9"'],
    ['row by index', () => api.getIfEntry2({ interfaceIndex: 99 }), () => api.getIfEntry2Sync({ interfaceIndex: 99 }), 'interfaceIndex', 'STATUS_NOT_FOUND', 2, 'index 99'],
    ['row by LUID', () => api.getIfEntry2({ interfaceLuid: 777n, interfaceIndex: 12 }), () => api.getIfEntry2Sync({ interfaceLuid: 777n }), 'interfaceLuid', 'STATUS_NOT_FOUND', 2, 'LUID 777'],
  ] as const)('an unknown %s', async (_what, call, callSync, member, code, win32, named) => {
    const error = await refusal(call());
    expect(error).toMatchObject({ code, win32, member, hint: HINT });
    expect(error.message).toContain(`${member}: no interface has the ${named}.`);
    expect(thrown(callSync)).toMatchObject({ code, win32, member, hint: HINT });
  });

  test('the hint lists interfaces that are up first, leaves filter interfaces out, and stops after eight', async () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ ...FAKE_INTERFACES[1]!, luid: BigInt(i + 100), index: i + 100, alias: `Ethernet ${i}`, operStatus: i < 10 ? 2 : 1 }));
    const filter = { ...FAKE_INTERFACES[1]!, luid: 99n, index: 99, alias: 'Ethernet-WFP Native MAC Layer LightWeight Filter-0000' };
    const withFilter = createFakeBinding([...many, filter]);
    const rows = withFilter.getIfTable2Sync();
    // The fake has no filter flag of its own: set it on the packed row, as the OS would.
    const packedFlags = (rows.numbers[12 * 14 + 9] ?? 0) | 2;
    const original = withFilter.getIfTable2Sync.bind(withFilter);
    withFilter.getIfTable2Sync = () => {
      const t = original();
      t.numbers[12 * 14 + 9] = packedFlags;
      return t;
    };
    withFilter.getIfTable2 = async () => withFilter.getIfTable2Sync();
    setBinding(withFilter);
    const error = await refusal(api.convertInterfaceAliasToLuid('wlan0'));
    expect(error.hint).toBe(
      'Interfaces here, by alias: Ethernet 10, Ethernet 11, Ethernet 0, Ethernet 1, Ethernet 2, Ethernet 3, Ethernet 4, Ethernet 5 ' +
        'and 4 more (getIfTable2() lists them all).',
    );
  });

  test('when the interface table cannot be read either, the error still names the value, without a hint', async () => {
    fake.failNext.set('GetIfTable2', [8]);
    const error = await refusal(api.convertInterfaceAliasToLuid('Ethernet 7'));
    expect(error).toMatchObject({ code: 'STATUS_INVALID_PARAMETER', member: 'interfaceAlias', hint: undefined });
    expect(error.message).toContain('no interface has the alias "Ethernet 7"');
  });

  test('other OS errors pass through unchanged', async () => {
    fake.failNext.set('ConvertInterfaceAliasToLuid', [8]);
    const error = await refusal(api.convertInterfaceAliasToLuid('Ethernet'));
    expect(error).toMatchObject({ code: 'STATUS_NOT_ENOUGH_MEMORY', member: undefined });
    fake.missing.add('ConvertInterfaceAliasToLuid');
    expect(await refusal(api.convertInterfaceAliasToLuid('Ethernet 7'))).toMatchObject({ code: 'STATUS_NOT_SUPPORTED', member: undefined });
  });
});

describe('helpers', () => {
  test.each([
    ['alias', 'Ethernet 7', 'alias "Ethernet 7"', 87],
    ['index', 99, 'index 99', 2],
    ['LUID', 777n, 'LUID 777', 2],
    ['GUID', '00000000-0000-0000-0000-000000000001', 'GUID "{00000000-0000-0000-0000-000000000001}"', 2],
  ] as const)('routes.add with an unknown %s names its own argument', async (_what, value, named, win32) => {
    const error = await refusal(api.routes.add({ destination: '198.51.100.0/24', gateway: '192.0.2.1', interface: value }));
    expect(error).toMatchObject({ win32, member: 'interface', hint: HINT });
    expect(error.message).toContain(`interface: no interface has the ${named}.`);
    expect(fake.calls.some((c) => c.name === 'createIpForwardEntry2')).toBe(false);
  });

  test('a stale LUID fails before the call it was meant for', async () => {
    const error = await refusal(api.neighbors.list({ interface: 777n }));
    expect(error).toMatchObject({ code: 'STATUS_NOT_FOUND', member: 'interface', syscall: 'ConvertInterfaceLuidToIndex' });
  });

  test('a route set names the route whose interface is unknown', async () => {
    const result = await api.routes.apply([{ destination: '198.51.100.0/24', interface: 'Ethernet 7' }], { owner: 'test', store: { load: async () => [], save: async () => undefined } });
    expect(result.outcomes[0]!.error).toMatchObject({ member: 'routes[0].interface', hint: HINT, message: expect.stringContaining('routes[0].interface: no interface has the alias "Ethernet 7".') });
  });

  test('interfaces.get, addresses.add, anycast.add and neighbors.add name the alias too', async () => {
    for (const call of [
      () => api.interfaces.get('Ethernet 7'),
      () => api.addresses.add('198.51.100.10/24', { interface: 'Ethernet 7' }),
      () => api.anycast.add('2001:db8::a', { interface: 'Ethernet 7' }),
      () => api.neighbors.add({ address: '192.0.2.77', mac: '02:00:5e:10:00:77', interface: 'Ethernet 7' }),
    ]) {
      const error = await refusal(call());
      expect(error).toMatchObject({ member: 'interface', hint: HINT, message: expect.stringContaining('no interface has the alias "Ethernet 7"') });
    }
  });
});

describe('the CLI', () => {
  test('an unknown dev names itself and lists what exists; exit status 1', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(['route', 'show', 'dev', 'eth9'], { out: (l) => out.push(l), err: (l) => err.push(l), readFile: async () => '' });
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err.join('\n')).toContain('no interface has the alias "eth9"');
    expect(err.join('\n')).toContain(HINT);
  });
});
