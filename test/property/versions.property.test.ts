/**
 * Versions and constraints in Terraform's grammar: any text parses to a constraint or throws a
 * ConstraintSyntaxError; comparison is a total order; `~>` means what Terraform documents; the
 * newest satisfying version is newest and satisfying. Plus the version files (`.terraform-version`,
 * `.tool-versions`, `required_version` in HCL) read from arbitrary text.
 */
import fc from 'fast-check';
import { ActionError } from '#shared/errors.js';
import {
  ConstraintSyntaxError,
  compareVersions,
  newestSatisfying,
  parseConstraint,
  parseVersion,
  satisfies,
  type Version,
} from '#shared/setup-terraform/version.js';
import { requiredVersionsInHcl, stripHclComments } from '#shared/setup-terraform/version-sources.js';
import { moduleCallsInHcl, moduleCallsInJson } from '#shared/terraform/hcl-modules.js';
import { checkProperty } from './support/runs.js';
import { messyText, parsesOrFailsClearly, textOf } from './support/arbitraries.js';

const constraintText = textOf(['~>', '>=', '<=', '!=', '=', '>', '<', ' ', ',', '1', '.', '9', '0', '-rc1', '-beta', '+build', 'v', '99999999999999999999']);

const version: fc.Arbitrary<string> = fc
  .tuple(fc.nat(12), fc.nat(12), fc.nat(12), fc.option(fc.constantFrom('alpha1', 'beta2', 'rc1', 'rc10', 'alpha20210728'), { nil: undefined }))
  .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre}` : ''}`);

test('any text: a constraint or a ConstraintSyntaxError', () => {
  checkProperty(
    'versions: constraint syntax',
    fc.property(fc.oneof(constraintText, messyText), (text) =>
      parsesOrFailsClearly(
        () => parseConstraint(text),
        [ConstraintSyntaxError],
        (c) => c.clauses.length > 0,
      ),
    ),
  );
});

test('comparison is a total order (antisymmetric, transitive) on parsed versions', () => {
  checkProperty(
    'versions: ordering',
    fc.property(version, version, version, (a, b, c) => {
      const [va, vb, vc] = [a, b, c].map((v) => parseVersion(v)!) as [Version, Version, Version];
      const ab = compareVersions(va, vb);
      if (ab !== -compareVersions(vb, va)) return false;
      if (ab <= 0 && compareVersions(vb, vc) <= 0 && compareVersions(va, vc) > 0) return false;
      return (ab === 0) === (a === b);
    }),
  );
});

test('`~> x.y` allows exactly >= x.y.0 and < (x+1).0.0 among releases; `~> x.y.z` allows >= x.y.z and < x.(y+1).0', () => {
  checkProperty(
    'versions: pessimistic constraint',
    fc.property(fc.nat(5), fc.nat(5), fc.nat(5), version, (x, y, z, candidate) => {
      const v = parseVersion(candidate)!;
      if (v.prerelease) return !satisfies(v, parseConstraint(`~> ${x}.${y}`)); // pre-releases only when named
      const two = v.major === x && v.minor >= y;
      const three = v.major === x && v.minor === y && v.patch >= z;
      return satisfies(v, parseConstraint(`~> ${x}.${y}`)) === two && satisfies(v, parseConstraint(`~> ${x}.${y}.${z}`)) === three;
    }),
  );
});

test('newestSatisfying returns a satisfying member, and no satisfying member is newer', () => {
  checkProperty(
    'versions: newest satisfying',
    fc.property(
      fc.array(version, { maxLength: 12 }),
      fc.oneof(constraintText, fc.constantFrom('~> 1.2', '>= 1.0, < 3.0', '!= 2.0.0', '= 1.2.3-rc1')),
      fc.boolean(),
      (list, text, pre) => {
        let c;
        try {
          c = parseConstraint(text);
        } catch {
          return true;
        }
        const best = newestSatisfying(list, c, { includePrereleases: pre });
        const ok = list.filter((v) => satisfies(parseVersion(v)!, c, { includePrereleases: pre }));
        if (best === undefined) return ok.length === 0;
        return ok.includes(best) && ok.every((v) => compareVersions(parseVersion(v)!, parseVersion(best)!) <= 0);
      },
    ),
  );
});

const hcl = textOf(
  [
    'terraform',
    ' ',
    '{',
    '}',
    '\n',
    'required_version',
    '=',
    '"',
    '~> 1.9',
    '#',
    '//',
    '/*',
    '*/',
    '<<EOT',
    'EOT',
    '\\',
    '${',
    'module "a"',
    'source',
    '"../x"',
  ],
  60,
);

test('HCL readers (comments, required_version, module calls): values or clear errors on any text', () => {
  checkProperty(
    'versions: HCL text readers',
    fc.property(fc.oneof(hcl, messyText), (text) => {
      const stripped = stripHclComments(text);
      const found = requiredVersionsInHcl(text);
      const calls = moduleCallsInHcl(text);
      return typeof stripped === 'string' && found.every((f) => typeof f.value === 'string' && f.line >= 1) && Array.isArray(calls);
    }),
  );
  checkProperty(
    'versions: module calls in .tf.json',
    fc.property(fc.oneof(fc.json(), messyText), (text) =>
      parsesOrFailsClearly(
        () => moduleCallsInJson(text),
        [ActionError, SyntaxError],
        (calls) => Array.isArray(calls),
      ),
    ),
  );
});
