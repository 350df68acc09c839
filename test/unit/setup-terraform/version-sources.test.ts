/**
 * Where the version comes from when the input is empty: version files (searched upwards to the
 * workspace) and `required_version` in the root module's HCL and JSON files.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findVersionRequest, requiredVersionsInHcl } from '#shared/setup-terraform/version-sources.js';

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'version-sources-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

describe('required_version in HCL', () => {
  test('only top-level terraform blocks count; comments, strings and nested blocks are not confused for it', () => {
    const hcl = [
      '# terraform { required_version = "0.1" }',
      '/* terraform {',
      '  required_version = "0.2"',
      '} */',
      'locals { x = "terraform { required_version = \\"0.3\\" }" }',
      'terraform {',
      '  backend "s3" {',
      '    required_version = "0.4"',
      '  }',
      '  required_providers {',
      '    aws = { source = "hashicorp/aws", version = "~> 5.0" }',
      '  }',
      '  required_version = ">= 1.5, < 2.0" // trailing comment',
      '}',
      'terraform {',
      '  required_version = "!= 1.7.0"',
      '}',
    ].join('\n');
    expect(requiredVersionsInHcl(hcl)).toEqual([
      { value: '>= 1.5, < 2.0', line: 13 },
      { value: '!= 1.7.0', line: 16 },
    ]);
  });

  test('a module without one yields nothing', () => {
    expect(requiredVersionsInHcl('resource "null_resource" "x" {}\n')).toEqual([]);
  });
});

describe('findVersionRequest', () => {
  test('the input wins over every file', () => {
    const ws = workspace({ '.terraform-version': '1.0.0\n' });
    expect(findVersionRequest('~> 1.9', 'terraform', ws, ws, 'terraform-version')).toEqual({ spec: '~> 1.9', source: 'input' });
  });

  test('a version file in a parent folder (up to the workspace) applies to a nested working directory', () => {
    const ws = workspace({ '.terraform-version': '1.8.5\n', 'stacks/app/main.tf': 'terraform {\n  required_version = "1.9.8"\n}\n' });
    expect(findVersionRequest('', 'terraform', path.join(ws, 'stacks', 'app'), ws, 'terraform-version')).toEqual({
      spec: '1.8.5',
      source: '.terraform-version',
    });
  });

  test('OpenTofu reads .opentofu-version and the opentofu line of .tool-versions, never Terraform’s', () => {
    const ws = workspace({ '.terraform-version': '1.9.8\n', '.tool-versions': 'terraform 1.9.8\nopentofu 1.8.5\n' });
    expect(findVersionRequest('', 'opentofu', ws, ws, 'v')).toEqual({ spec: '1.8.5', source: '.tool-versions' });
    writeFileSync(path.join(ws, '.opentofu-version'), '1.7.3\n');
    expect(findVersionRequest('', 'opentofu', ws, ws, 'v')).toEqual({ spec: '1.7.3', source: '.opentofu-version' });
  });

  test('OpenTofu prefers x.tofu over x.tf, and JSON configuration counts too', () => {
    const ws = workspace({
      'main.tf': 'terraform {\n  required_version = "1.5.7"\n}\n',
      'main.tofu': 'terraform {\n  required_version = "~> 1.8.0"\n}\n',
      'extra.tf.json': JSON.stringify({ terraform: { required_version: '!= 1.8.1' } }),
    });
    expect(findVersionRequest('', 'opentofu', ws, ws, 'v')).toEqual({ spec: '~> 1.8.0, != 1.8.1', source: 'required_version in main.tofu, extra.tf.json' });
    expect(findVersionRequest('', 'terraform', ws, ws, 'v')).toEqual({ spec: '1.5.7, != 1.8.1', source: 'required_version in main.tf, extra.tf.json' });
  });

  test('nothing anywhere means latest', () => {
    const ws = workspace({ 'main.tf': 'resource "x" "y" {}\n' });
    expect(findVersionRequest('', 'terraform', ws, ws, 'v')).toEqual({ spec: 'latest', source: 'default (latest)' });
  });

  test('an invalid constraint names the file and line', () => {
    const ws = workspace({ 'versions.tf': '\n\nterraform {\n  required_version = "^1.5"\n}\n', '.tool-versions': 'terraform one.two\n' });
    expect(() => findVersionRequest('', 'terraform', ws, ws, 'v')).toThrow(/\.tool-versions line 1 has an invalid version constraint "one\.two"/);
    writeFileSync(path.join(ws, '.tool-versions'), '');
    expect(() => findVersionRequest('', 'terraform', ws, ws, 'v')).toThrow(
      /versions\.tf line 4 \(required_version\) has an invalid version constraint "\^1\.5"/,
    );
  });
});
