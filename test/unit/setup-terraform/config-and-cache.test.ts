/** The CLI credentials file and the provider plugin cache key. */
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkHostname, cliConfigPath, credentialsBlock, writeCliCredentials } from '#shared/setup-terraform/cli-config.js';
import { findLockFiles, planPluginCache } from '#shared/setup-terraform/plugin-cache.js';
import type { Platform } from '#shared/setup-terraform/platform.js';

const linux: Platform = { os: 'linux', arch: 'amd64', cacheArch: 'x64', exe: '' };
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'setup-terraform-unit-'));

describe('CLI credentials', () => {
  test('file names per tool and OS', () => {
    expect(cliConfigPath('terraform', linux, { HOME: '/home/u' })).toBe('/home/u/.terraformrc');
    expect(cliConfigPath('opentofu', linux, { HOME: '/home/u' })).toBe('/home/u/.tofurc');
    expect(cliConfigPath('terraform', { ...linux, os: 'windows', exe: '.exe' }, { APPDATA: '/appdata' })).toBe(path.join('/appdata', 'terraform.rc'));
    expect(() => cliConfigPath('terraform', { ...linux, os: 'windows', exe: '.exe' }, {})).toThrow(/APPDATA is not set/);
  });

  test('the token cannot break out of its HCL string', () => {
    expect(credentialsBlock('app.terraform.io', 'a"b\\c${x}%{y}')).toContain('token = "a\\"b\\\\c$${x}%%{y}"');
  });

  test('writing twice replaces our block, keeps the rest, and the file is private', async () => {
    const file = path.join(tmp(), '.terraformrc');
    writeFileSync(file, 'disable_checkpoint = true');
    await writeCliCredentials(file, 'app.terraform.io', 'one');
    await writeCliCredentials(file, 'tfe.example.com', 'two');
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('disable_checkpoint = true\n# BEGIN')).toBe(true);
    expect(text).not.toContain('"one"');
    expect(text.match(/credentials /g)).toHaveLength(1);
    expect(text).toContain('credentials "tfe.example.com" {\n  token = "two"\n}');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  test.each(['app.terraform.io', 'tfe.example.com:8443', 'localhost'])('%s is a hostname', (h) => expect(checkHostname('h', h)).toBe(h));
  test.each(['https://app.terraform.io', 'app terraform', '-bad.example.com', 'a/b'])('%s is not', (h) =>
    expect(() => checkHostname('h', h)).toThrow(/expected a hostname/),
  );
});

describe('plugin cache key', () => {
  test('every .terraform.lock.hcl counts (not those inside .terraform or .git), and a change makes a new key', () => {
    const ws = tmp();
    for (const dir of ['a', 'b/c', 'a/.terraform/modules/m', '.git']) mkdirSync(path.join(ws, dir), { recursive: true });
    writeFileSync(path.join(ws, 'a', '.terraform.lock.hcl'), 'provider "aws" {}\n');
    writeFileSync(path.join(ws, 'b', 'c', '.terraform.lock.hcl'), 'provider "google" {}\n');
    writeFileSync(path.join(ws, 'a', '.terraform', 'modules', 'm', '.terraform.lock.hcl'), 'ignored');
    writeFileSync(path.join(ws, '.git', '.terraform.lock.hcl'), 'ignored');
    expect(findLockFiles(ws)).toEqual(['a/.terraform.lock.hcl', 'b/c/.terraform.lock.hcl']);

    const env = { HOME: '/home/u' };
    const first = planPluginCache('terraform', linux, ws, env);
    expect(first.dir).toBe('/home/u/.terraform.d/plugin-cache');
    expect(first.restoreKeys).toEqual(['setup-terraform-plugins-terraform-linux-amd64-']);
    writeFileSync(path.join(ws, 'a', 'main.tf'), 'unrelated change');
    expect(planPluginCache('terraform', linux, ws, env).key).toBe(first.key);
    writeFileSync(path.join(ws, 'a', '.terraform.lock.hcl'), 'provider "aws" {}\r\n');
    expect(planPluginCache('terraform', linux, ws, env).key).toBe(first.key); // CRLF checkouts match
    writeFileSync(path.join(ws, 'a', '.terraform.lock.hcl'), 'provider "aws" { version = "5.1" }\n');
    expect(planPluginCache('terraform', linux, ws, env).key).not.toBe(first.key);
    expect(planPluginCache('opentofu', linux, ws, env).key).not.toBe(planPluginCache('terraform', linux, ws, env).key);
  });

  test('no lock files still gives a stable key', () => {
    const ws = tmp();
    expect(planPluginCache('terraform', linux, ws, { HOME: '/h' }).key).toBe('setup-terraform-plugins-terraform-linux-amd64-no-lock-files');
  });
});
