// IPv6 addresses the webhook SSRF guard must refuse, by class, and global unicast ones it must allow.
/** Addresses outside global unicast, or forms that carry a private IPv4 address, by class. */
export const refusedIpv6: Record<string, string[]> = {
  'NAT64 local-use (64:ff9b:1::/48)': ['64:ff9b:1::7f00:1', '64:ff9b:1::a00:1', '64:ff9b:1:ffff::808:808'],
  'NAT64 well-known prefix carrying a private IPv4': ['64:ff9b::7f00:1', '64:ff9b::a9fe:a9fe', '64:ff9b::192.168.0.1'],
  '6to4 carrying a private IPv4': ['2002:7f00:1::', '2002:a00:1::1', '2002:c0a8:101::1', '2002:a9fe:a9fe::'],
  'IPv4-mapped and translated forms': ['::ffff:0:0:7f00:1', '::ffff:0:7f00:1', '::ffff:127.0.0.1', '::ffff:a00:1'],
  'IPv4-compatible (deprecated)': ['::7f00:1', '::8.8.8.8'],
  'site-local (fec0::/10, deprecated)': ['fec0::1', 'feff::1', 'fec0:0:0:1::1'],
  'Teredo and the rest of the IETF protocol block (2001::/23)': [
    '2001::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    '2001:2::1',
    '2001:10::1',
    '2001:1ff::1',
  ],
  documentation: ['2001:db8::1', '3fff::1', '3fff:fff::1'],
  'loopback, unspecified, discard': ['::1', '::', '100::1'],
  'unique local, link-local, multicast': ['fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0', 'ff02::1', 'ff0e::1'],
  'outside 2000::/3': ['4000::1', '1fff::1', 'e000::1'],
};

/** Global unicast addresses: allowed, as are the IPv6 forms of a public IPv4 address. */
export const allowedIpv6 = [
  '2400:3200::1',
  '2606:4700:4700::1111',
  '2001:4860:4860::8888',
  '2a00:1450:4001:82b::200e',
  '2001:200::1',
  '2002:808:808::1',
  '64:ff9b::808:808',
  '::ffff:8.8.8.8',
];
