// An invalid region config stops synth with a message naming the field; names are derived, never
// hard-coded, and stay within what AWS accepts.

import { ConfigError, parseRegionConfig } from '../../lib/config';
import { cognitoSafe, slugify, stackIdFor } from '../../lib/constructs/naming';
import { blora, synth } from './synth';

const raw = () => JSON.parse(JSON.stringify(blora())) as Record<string, any>;

function configError(input: unknown): ConfigError {
  try {
    parseRegionConfig(input, 'config/test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('parseRegionConfig', () => {
  it('accepts the Blora config', () => {
    expect(parseRegionConfig(raw()).regionName).toBe('Kabupaten Blora');
  });

  it('names a bad sender address', () => {
    const input = raw();
    input.email.sender = 'lapor-at-blorakab.go.id';
    expect(configError(input).message).toMatch(/config\/test\.json is invalid:[\s\S]*email\.sender/);
  });

  it('names a bad coordinator address by its position', () => {
    const input = raw();
    input.email.coordinator = ['dinkominfo@blorakab.go.id', 'not an email'];
    expect(configError(input).message).toContain('email.coordinator.1');
  });

  it('names missing agencies', () => {
    const input = raw();
    delete input.agencies;
    expect(configError(input).message).toMatch(/- agencies:/);
  });

  it('names a duplicate agencyId', () => {
    const input = raw();
    input.agencies.push({ ...input.agencies[0] });
    expect(configError(input).message).toContain('agencyId "dinkominfo" appears twice');
  });

  it('names an unknown time zone', () => {
    expect(configError({ ...raw(), timeZone: 'Asia/Blora' }).message).toContain('timeZone');
  });
});

describe('names', () => {
  it('derives the stack id from the region name', () => {
    expect(stackIdFor('Kabupaten Blora')).toBe('Tuntas-kabupaten-blora');
    expect(stackIdFor('Kota Bau-Bau')).toBe('Tuntas-kota-bau-bau');
    expect(stackIdFor('Kabupaten Pangkajene dan Kepulauan')).toMatch(/^Tuntas-[a-z0-9-]+$/);
  });

  it('keeps slugs within limits and rejects names with nothing to slug', () => {
    expect(slugify('Kabupaten Kepulauan Siau Tagulandang Biaro (Sitaro)').length).toBeLessThanOrEqual(40);
    expect(slugify('Kabupaten Kepulauan Siau Tagulandang Biaro (Sitaro)')).not.toMatch(/-$/);
    expect(slugify('Kabupaten Pidië')).toBe('kabupaten-pidie');
    expect(() => slugify('—')).toThrow(/no letters or digits/);
  });

  it('keeps Cognito domain prefixes free of reserved words', () => {
    const safe = cognitoSafe(slugify('Kota Tawsari Amazona Cognitoria'));
    expect(safe).not.toMatch(/aws|amazon|cognito/);
    expect(safe).toBe('kota-ta-wsari-a-mazona-c-ognitoria');
    expect(cognitoSafe('kabupaten-padang-lawas')).toBe('kabupaten-padang-lawas');
  });

  it('a region name with a reserved word still synthesizes a valid domain prefix', () => {
    const { json } = synth({ config: { ...blora(), regionName: 'Kota Tawsari' } });
    const domain = Object.values(json.Resources).find((r) => r.Type === 'AWS::Cognito::UserPoolDomain')!;
    const [literal] = domain.Properties.Domain['Fn::Join'][1] as string[];
    expect(literal).toBe('tuntas-kota-ta-wsari-');
    expect(literal).toMatch(/^[a-z0-9-]+$/);
  });
});
