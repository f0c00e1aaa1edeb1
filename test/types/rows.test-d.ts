/**
 * The public row types are written out member by member (so the API report shows every
 * member); the binding's wire types are declared apart in lib/native.ts. These tests keep
 * the two from drifting: the same members, of the same types, except that enumerations
 * are names (or a number this release does not know) publicly and numbers on the wire.
 */
import { describe, expectTypeOf, test } from 'vitest';

import type { MibIfRow2, MibIpforwardRow2, MibIpinterfaceRow } from '../../lib/index.js';
import type { WireIfRow2, WireIpInterfaceRow, WireIpforwardRow2 } from '../../lib/native.js';

type IfEnums = 'type' | 'tunnelType' | 'mediaType' | 'physicalMediumType' | 'accessType' | 'directionType' | 'operStatus' | 'adminStatus' | 'mediaConnectState' | 'connectionType';
type RouteEnums = 'protocol' | 'origin';
type IpInterfaceEnums = 'family' | 'routerDiscoveryBehavior' | 'linkLocalAddressBehavior';

describe('public rows and wire rows have the same members', () => {
  test('MIB_IF_ROW2', () => {
    expectTypeOf<Omit<MibIfRow2, IfEnums>>().toEqualTypeOf<Omit<WireIfRow2, IfEnums>>();
    expectTypeOf<keyof MibIfRow2>().toEqualTypeOf<keyof WireIfRow2>();
    expectTypeOf<WireIfRow2[IfEnums]>().toEqualTypeOf<number>();
    expectTypeOf<number>().toMatchTypeOf<MibIfRow2[IfEnums]>();
  });

  test('MIB_IPFORWARD_ROW2', () => {
    expectTypeOf<Omit<MibIpforwardRow2, RouteEnums>>().toEqualTypeOf<Omit<WireIpforwardRow2, RouteEnums>>();
    expectTypeOf<keyof MibIpforwardRow2>().toEqualTypeOf<keyof WireIpforwardRow2>();
    expectTypeOf<number>().toMatchTypeOf<MibIpforwardRow2[RouteEnums]>();
  });

  test('MIB_IPINTERFACE_ROW', () => {
    expectTypeOf<Omit<MibIpinterfaceRow, IpInterfaceEnums>>().toEqualTypeOf<Omit<WireIpInterfaceRow, IpInterfaceEnums>>();
    expectTypeOf<keyof MibIpinterfaceRow>().toEqualTypeOf<keyof WireIpInterfaceRow>();
    expectTypeOf<number>().toMatchTypeOf<MibIpinterfaceRow[IpInterfaceEnums]>();
  });
});
