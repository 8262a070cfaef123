import { clientNetworks, isNetwork } from './client-networks';
import { parseApiKeyRecord } from './api-key-record.validation';

describe('client networks of an API key', () => {
  it.each([
    ['10.0.0.0/8', true],
    ['198.51.100.7', true],
    ['2001:db8::/32', true],
    ['::1', true],
    ['10.0.0.0/33', false],
    ['2001:db8::/129', false],
    ['10.0.0.0/8/1', false],
    ['10.0.0.0/x', false],
    ['example.com', false],
    ['', false],
  ])('%s is a network: %s', (entry, expected) => {
    expect(isNetwork(entry)).toBe(expected);
  });

  it('matches IPv4 and IPv6 subnets and single addresses, IPv4-mapped clients included', () => {
    const allowed = clientNetworks(['10.0.0.0/8', '2001:db8::/32', '198.51.100.7']);
    expect(['10.1.2.3', '::ffff:10.9.9.9', '2001:db8:1::5', '198.51.100.7'].map(allowed)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['11.0.0.1', '198.51.100.8', '2001:db9::1', 'garbage', undefined].map(allowed)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('a stored record with a bad network is refused, naming the field', () => {
    const record = {
      id: 'key_1',
      hash: 'a'.repeat(64),
      hint: 'bffk_live_AbCd',
      clientId: 'partner-acme',
      scopes: [],
      createdAt: '2026-12-01T00:00:00.000Z',
    };
    expect(parseApiKeyRecord({ ...record, allowedNetworks: ['10.0.0.0/8'] }, 'k').allowedNetworks).toEqual([
      '10.0.0.0/8',
    ]);
    expect(() => parseApiKeyRecord({ ...record, allowedNetworks: ['10.0.0.0/99'] }, 'k')).toThrow(
      /k\.allowedNetworks: must be an array of CIDRs/,
    );
  });
});
