/**
 * The public row types are written out member by member (so the API report shows every
 * member); the binding's wire types are declared apart in lib/native.ts. These tests keep
 * the two from drifting: the same members, of the same types, except that enumerations
 * are names (or a number this release does not know) publicly and numbers on the wire.
 */
import { describe, expectTypeOf, test } from 'vitest';

import type { MibIfRow2, MibIpforwardRow2, MibIpinterfaceRow } from '../../lib/index.js';
import type * as api from '../../lib/index.js';
import type * as wire from '../../lib/native.js';
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

describe('the rows of adapters, statistics, the rest of netioapi.h and compartments', () => {
  test('the same members as their wire types, enumerations apart', () => {
    expectTypeOf<api.IpAdapterFlaggedAddress>().toEqualTypeOf<wire.WireAdapterFlaggedAddress>();
    expectTypeOf<api.IpAdapterServerAddress>().toEqualTypeOf<wire.WireAdapterServerAddress>();
    expectTypeOf<api.IpAdapterPrefix>().toEqualTypeOf<wire.WireAdapterPrefix>();
    expectTypeOf<api.IpAddrString>().toEqualTypeOf<wire.WireIpAddrString>();
    type UnicastEnums = 'prefixOrigin' | 'suffixOrigin' | 'dadState';
    expectTypeOf<Omit<api.IpAdapterUnicastAddress, UnicastEnums>>().toEqualTypeOf<Omit<wire.WireAdapterUnicastAddress, UnicastEnums>>();
    expectTypeOf<keyof api.IpAdapterUnicastAddress>().toEqualTypeOf<keyof wire.WireAdapterUnicastAddress>();
    type AdapterEnums = 'unicastAddresses' | 'ifType' | 'operStatus' | 'connectionType' | 'tunnelType';
    type FlagBits = 'ddnsEnabled' | 'registerAdapterSuffix' | 'dhcpv4Enabled' | 'receiveOnly' | 'noMulticast' | 'ipv6OtherStatefulConfig' | 'netbiosOverTcpipEnabled' | 'ipv4Enabled' | 'ipv6Enabled' | 'ipv6ManagedAddressConfigurationSupported';
    expectTypeOf<Omit<api.IpAdapterAddresses, AdapterEnums | FlagBits>>().toEqualTypeOf<Omit<wire.WireAdapterAddresses, AdapterEnums>>();
    expectTypeOf<Omit<api.FixedInfo, 'nodeType'>>().toEqualTypeOf<Omit<wire.WireFixedInfo, 'nodeType'>>();
    expectTypeOf<api.NetworkInformation>().toEqualTypeOf<wire.WireNetworkInformation>();
    expectTypeOf<Omit<api.MibIpstats, 'forwarding'>>().toEqualTypeOf<Omit<wire.WireIpStatistics, 'forwarding'>>();
    expectTypeOf<Omit<api.MibTcpstats, 'rtoAlgorithm'>>().toEqualTypeOf<Omit<wire.WireTcpStatistics, 'rtoAlgorithm'>>();
    expectTypeOf<api.MibUdpstats>().toEqualTypeOf<wire.WireUdpStatistics>();
    expectTypeOf<api.MibicmpstatsEx>().toEqualTypeOf<wire.WireIcmpStats>();
    expectTypeOf<api.MibIcmpEx>().toEqualTypeOf<wire.WireIcmpStatistics>();
    expectTypeOf<api.MibMulticastipaddressRow>().toEqualTypeOf<wire.WireMulticastRow>();
    expectTypeOf<api.MibIppathRow>().toEqualTypeOf<wire.WireIpPathRow>();
    expectTypeOf<api.MibIfstackRow>().toEqualTypeOf<wire.WireIfStackRow>();
    expectTypeOf<api.MibInvertedifstackRow>().toEqualTypeOf<wire.WireInvertedIfStackRow>();
    expectTypeOf<api.NlBandwidthInformation>().toEqualTypeOf<wire.WireBandwidthInformation>();
    expectTypeOf<api.MibIpNetworkConnectionBandwidthEstimates>().toEqualTypeOf<wire.WireBandwidthEstimates>();
  });
});
