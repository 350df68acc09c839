/**
 * What a release mirror sends: the release indexes of both vendors and SHA256SUMS files. Any
 * body gives an index or the "not in the expected format" error; SHA256SUMS parsing never throws,
 * keeps only well-formed lines and round-trips what it keeps. The CLI credentials file writer
 * round-trips any token through HCL escaping.
 */
import fc from 'fast-check';
import { ActionError } from '#shared/errors.js';
import { opentofuLayout, parseSha256Sums, terraformLayout } from '#shared/setup-terraform/releases.js';
import { credentialsBlock } from '#shared/setup-terraform/cli-config.js';
import { checkProperty } from './support/runs.js';
import { messyText, parsesOrFailsClearly } from './support/arbitraries.js';

/** JSON shaped like an index, with every field possibly the wrong type. */
const anyValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);
const terraformIndex = fc
  .dictionary(
    fc.oneof(fc.constantFrom('1.9.8', '1.10.0-rc1', '0.0.0'), fc.string()),
    fc.oneof(
      anyValue,
      fc.record(
        {
          version: anyValue,
          shasums: anyValue,
          shasums_signature: anyValue,
          shasums_signatures: anyValue,
          builds: fc.oneof(anyValue, fc.array(fc.record({ filename: anyValue }), { maxLength: 3 })),
        },
        { requiredKeys: [] },
      ),
    ),
    { maxKeys: 4 },
  )
  .map((versions) => JSON.stringify({ name: 'terraform', versions }));
const tofuIndex = fc
  .array(fc.oneof(anyValue, fc.record({ id: anyValue, files: fc.oneof(anyValue, fc.array(anyValue, { maxLength: 3 })) }, { requiredKeys: [] })), {
    maxLength: 4,
  })
  .map((versions) => JSON.stringify({ versions }));

test('the Terraform index: versions and files, or an error naming the index', () => {
  const layout = terraformLayout('http://mirror.example');
  checkProperty(
    'releases: terraform index.json',
    fc.property(fc.oneof(terraformIndex, fc.json(), messyText), (body) =>
      parsesOrFailsClearly(
        () => layout.parseIndex(body),
        [ActionError],
        (index) => index.versions.every((v) => typeof v === 'string' && index.files.has(v)),
      ),
    ),
    undefined,
    // Valid JSON that is not an object once crashed the reader.
    [['null'], ['[]'], ['"versions"']],
  );
});

test('the OpenTofu index: versions and files, or an error naming the index', () => {
  const layout = opentofuLayout('http://mirror.example');
  checkProperty(
    'releases: opentofu api.json',
    fc.property(fc.oneof(tofuIndex, fc.json(), messyText), (body) =>
      parsesOrFailsClearly(
        () => layout.parseIndex(body),
        [ActionError],
        (index) => index.versions.every((v) => typeof v === 'string' && index.files.has(v)),
      ),
    ),
    undefined,
    // Valid JSON that is not an object once crashed the reader.
    [['null'], ['[]'], ['"versions"']],
  );
});

const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const fileName = fc.stringMatching(/^[A-Za-z0-9_.+-][A-Za-z0-9_. +-]{0,40}[A-Za-z0-9_.+-]$/);

test('SHA256SUMS: never throws; every well-formed line is read back exactly; junk lines are skipped', () => {
  const line = fc.oneof(
    fc.tuple(hex64, fc.constantFrom('  ', ' ', '\t', '  *'), fileName).map(([h, sep, f]) => ({ h, f, text: `${h}${sep}${f}` })),
    messyText.map((text) => ({ h: undefined, f: undefined, text: text.replace(/^[0-9a-fA-F]{64}/, 'x') })),
  );
  checkProperty(
    'releases: SHA256SUMS',
    fc.property(fc.array(line, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
      const sums = parseSha256Sums(lines.map((l) => l.text).join(eol));
      const expected = new Map<string, string>();
      for (const l of lines) if (l.h && l.f) expected.set(l.f, l.h);
      return [...expected].every(([f, h]) => sums.get(f) === h) && [...sums.values()].every((h) => /^[0-9a-f]{64}$/.test(h));
    }),
  );
});

/** Reads the token back out of the block the way HCL would: escapes undone, template escapes ($${, %%{) too. */
function hclTokenOf(block: string): string | undefined {
  const m = /^ {2}token = "((?:[^"\\]|\\.)*)"$/m.exec(block);
  if (!m) return undefined;
  return m[1]
    .replace(/\\(.)/g, '$1')
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');
}

test('CLI credentials: any token without line breaks round-trips through the HCL block, in one block', () => {
  checkProperty(
    'releases: CLI credentials block',
    fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9."\\${}%]{1,40}$/)), (raw) => {
      const token = raw.replace(/[\r\n]/g, '');
      const block = credentialsBlock('app.terraform.io', token);
      return hclTokenOf(block) === token && block.split('\n').filter((l) => l.startsWith('credentials ')).length === 1;
    }),
  );
});
