/**
 * Terraform's version constraint grammar, checked against the examples in Terraform's
 * documentation ("Version Constraints"), and where it differs from npm's reading of the same text.
 */
import fc from 'fast-check';
import {
  compareVersions,
  nearbyVersions,
  newestSatisfying,
  parseConstraint,
  parseVersion,
  pinnedVersion,
  satisfies,
  sortVersionsDescending,
} from '#shared/setup-terraform/version.js';

const allows = (constraint: string, version: string, includePrereleases = false) =>
  satisfies(parseVersion(version)!, parseConstraint(constraint), { includePrereleases });

describe("Terraform's documented examples", () => {
  test('`= 1.2.0` and a bare `1.2.0` allow exactly that version', () => {
    for (const c of ['= 1.2.0', '1.2.0', '=1.2.0']) {
      expect(allows(c, '1.2.0')).toBe(true);
      expect(allows(c, '1.2.1')).toBe(false);
      expect(allows(c, '1.1.9')).toBe(false);
    }
  });

  test('`~> 1.0.4` allows 1.0.5 and 1.0.10 but not 1.1.0', () => {
    expect(allows('~> 1.0.4', '1.0.4')).toBe(true);
    expect(allows('~> 1.0.4', '1.0.5')).toBe(true);
    expect(allows('~> 1.0.4', '1.0.10')).toBe(true);
    expect(allows('~> 1.0.4', '1.1.0')).toBe(false);
    expect(allows('~> 1.0.4', '1.0.3')).toBe(false);
  });

  test('`~> 1.1` allows 1.2 and 1.10 but not 2.0', () => {
    expect(allows('~> 1.1', '1.2.0')).toBe(true);
    expect(allows('~> 1.1', '1.10.0')).toBe(true);
    expect(allows('~> 1.1', '2.0.0')).toBe(false);
    expect(allows('~> 1.1', '1.0.9')).toBe(false);
  });

  test('the issue’s readings: `~> 1.9` is >= 1.9, < 2.0 and `~> 1.9.0` is >= 1.9.0, < 1.10.0', () => {
    expect(['1.9.0', '1.9.8', '1.10.2', '1.99.0'].every((v) => allows('~> 1.9', v))).toBe(true);
    expect(['1.8.9', '2.0.0'].some((v) => allows('~> 1.9', v))).toBe(false);
    expect(['1.9.0', '1.9.8'].every((v) => allows('~> 1.9.0', v))).toBe(true);
    expect(['1.10.0', '1.8.0'].some((v) => allows('~> 1.9.0', v))).toBe(false);
  });

  test('`>= 1.2.0, < 2.0.0`: every comma-separated clause must hold', () => {
    expect(allows('>= 1.2.0, < 2.0.0', '1.2.0')).toBe(true);
    expect(allows('>= 1.2.0, < 2.0.0', '1.99.99')).toBe(true);
    expect(allows('>= 1.2.0, < 2.0.0', '2.0.0')).toBe(false);
    expect(allows('>= 1.2.0, < 2.0.0', '1.1.9')).toBe(false);
  });

  test('`!=` excludes one exact version', () => {
    expect(allows('>= 1.5, != 1.7.3', '1.7.3')).toBe(false);
    expect(allows('>= 1.5, != 1.7.3', '1.7.4')).toBe(true);
  });

  test('`>` and `<=` are strict and inclusive', () => {
    expect(allows('> 1.2.0', '1.2.0')).toBe(false);
    expect(allows('> 1.2.0', '1.2.1')).toBe(true);
    expect(allows('<= 1.2.0', '1.2.0')).toBe(true);
  });

  test('a pre-release is selected only by an exact constraint (unless pre-releases are asked for)', () => {
    expect(allows('>= 1.0', '1.1.0-beta1')).toBe(false);
    expect(allows('~> 1.1.0', '1.1.0-rc1')).toBe(false);
    expect(allows('= 1.1.0-beta1', '1.1.0-beta1')).toBe(true);
    expect(allows('1.1.0-beta1', '1.1.0-beta1')).toBe(true);
    expect(allows('>= 1.0', '1.1.0-beta1', true)).toBe(true);
    expect(allows('>= 1.1.0', '1.1.0-beta1', true)).toBe(false); // a pre-release sorts before its release
  });
});

describe('where npm semver would read the same text differently', () => {
  test('`~> 1.9` keeps 1.10.x (npm treats it like ~1.9: >= 1.9.0 < 1.10.0, silently dropping minor releases)', () => {
    expect(newestSatisfying(['1.9.8', '1.10.2', '2.0.0'], parseConstraint('~> 1.9'))).toBe('1.10.2');
  });

  test('comma-separated bounds are all enforced (npm has no comma: it rejects or mis-reads ">= 1.5, < 2.0")', () => {
    expect(newestSatisfying(['1.4.0', '1.9.8', '2.0.0'], parseConstraint('>= 1.5, < 2.0'))).toBe('1.9.8');
  });
});

describe('parsing and ordering', () => {
  test('partial versions, a leading v and build metadata', () => {
    expect(parseVersion('1.9')).toMatchObject({ major: 1, minor: 9, patch: 0, segments: 2 });
    expect(parseVersion('v1.2.3')).toMatchObject({ major: 1, minor: 2, patch: 3, raw: '1.2.3' });
    expect(parseVersion('1.2.3-rc1+abc')).toMatchObject({ prerelease: 'rc1' });
    expect(parseVersion('1.2.3.4')).toBeUndefined();
    expect(parseVersion('latest')).toBeUndefined();
  });

  test.each(['', '~>', '>= one', '1.2.3 || 2.0.0', '^1.2.3', '>= 1.0 < 2.0'])('%j is not a constraint', (text) => {
    expect(() => parseConstraint(text)).toThrow(/invalid version constraint/);
  });

  test('pre-releases order naturally and before their release', () => {
    const sorted = sortVersionsDescending(['1.10.0', '1.10.0-rc2', '1.10.0-rc10', '1.10.0-alpha20240101', '1.10.0-beta1', '1.9.8']);
    expect(sorted).toEqual(['1.10.0', '1.10.0-rc10', '1.10.0-rc2', '1.10.0-beta1', '1.10.0-alpha20240101', '1.9.8']);
  });

  test('only a single exact clause pins a version without reading the index', () => {
    expect(pinnedVersion(parseConstraint('1.9.8'))).toBe('1.9.8');
    expect(pinnedVersion(parseConstraint('= 1.9.8'))).toBe('1.9.8');
    expect(pinnedVersion(parseConstraint('1.9'))).toBeUndefined();
    expect(pinnedVersion(parseConstraint('>= 1.9.8'))).toBeUndefined();
  });

  test('nearby versions surround the missing one', () => {
    const published = ['1.9.6', '1.9.7', '1.9.8', '1.10.0', '1.10.1', '1.10.0-rc1', '1.11.0'];
    expect(nearbyVersions(published, '1.9.9', 4)).toEqual(['1.10.1', '1.10.0', '1.9.8', '1.9.7']);
    expect(nearbyVersions(published, '9.0.0', 2)).toEqual(['1.11.0', '1.10.1']);
  });
});

describe('properties', () => {
  const version = fc.tuple(fc.nat(5), fc.nat(12), fc.nat(12)).map(([a, b, c]) => `${a}.${b}.${c}`);

  test('`~> X.Y` equals `>= X.Y.0, < (X+1).0.0` and `~> X.Y.Z` equals `>= X.Y.Z, < X.(Y+1).0`', () => {
    fc.assert(
      fc.property(version, fc.nat(5), fc.nat(12), fc.nat(12), (v, x, y, z) => {
        expect(allows(`~> ${x}.${y}`, v)).toBe(allows(`>= ${x}.${y}.0, < ${x + 1}.0.0`, v));
        expect(allows(`~> ${x}.${y}.${z}`, v)).toBe(allows(`>= ${x}.${y}.${z}, < ${x}.${y + 1}.0`, v));
      }),
    );
  });

  test('the chosen version satisfies the constraint and no newer listed version does', () => {
    fc.assert(
      fc.property(fc.array(version, { minLength: 1, maxLength: 20 }), version, (list, bound) => {
        const c = parseConstraint(`~> ${bound.split('.').slice(0, 2).join('.')}`);
        const chosen = newestSatisfying(list, c);
        if (chosen === undefined) return expect(list.some((v) => satisfies(parseVersion(v)!, c))).toBe(false);
        expect(satisfies(parseVersion(chosen)!, c)).toBe(true);
        for (const v of list) if (compareVersions(parseVersion(v)!, parseVersion(chosen)!) > 0) expect(satisfies(parseVersion(v)!, c)).toBe(false);
      }),
    );
  });
});
