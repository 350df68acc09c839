/**
 * The CLI configuration file with a `credentials` block for a private registry or HCP Terraform.
 * Terraform reads ~/.terraformrc (%APPDATA%\terraform.rc on Windows); OpenTofu reads ~/.tofurc
 * (%APPDATA%\tofu.rc). Our block sits between markers so other settings in the file survive and a
 * second run replaces it instead of adding another; the file is written atomically, mode 0600.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { ActionError, InputError } from '../errors.js';
import type { Platform } from './platform.js';
import type { Tool } from './releases.js';

const BEGIN = '# BEGIN dataops-actions/setup-terraform credentials';
const END = '# END dataops-actions/setup-terraform credentials';

export function cliConfigPath(tool: Tool, platform: Platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform.os === 'windows') {
    const appData = env.APPDATA;
    if (!appData) throw new ActionError('APPDATA is not set, so the CLI configuration file has no place on this Windows runner');
    return path.join(appData, tool === 'opentofu' ? 'tofu.rc' : 'terraform.rc');
  }
  return path.join(env.HOME || os.homedir(), tool === 'opentofu' ? '.tofurc' : '.terraformrc');
}

/** Hostnames as Terraform's service discovery accepts them (optionally with a port). */
export function checkHostname(inputName: string, value: string): string {
  if (!/^(?=.{1,253}(:|$))[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::\d{1,5})?$/.test(value)) {
    throw new InputError(inputName, value, 'a hostname such as app.terraform.io or tfe.example.com');
  }
  return value.toLowerCase();
}

/** An HCL string literal: quotes, backslashes and template sequences escaped. */
function hclString(value: string): string {
  return `"${value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{')}"`;
}

export function credentialsBlock(hostname: string, token: string): string {
  return `${BEGIN}\ncredentials ${hclString(hostname)} {\n  token = ${hclString(token)}\n}\n${END}\n`;
}

/** Writes (or replaces) our credentials block in the CLI config file; returns the file's path. */
export async function writeCliCredentials(file: string, hostname: string, token: string): Promise<string> {
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = existing.indexOf(BEGIN);
  const end = existing.indexOf(END);
  let kept = existing;
  if (start >= 0 && end > start) kept = existing.slice(0, start) + existing.slice(end + END.length).replace(/^\r?\n/, '');
  const next = `${kept}${kept === '' || kept.endsWith('\n') ? '' : '\n'}${credentialsBlock(hostname, token)}`;
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, next, { mode: 0o600, flag: 'wx' });
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
  return file;
}
