/**
 * The step: read every input first (a bad one fails before any side effect), run the core, set
 * outputs. The post step saves the provider plugin cache. Loaded by main.ts, which keeps the
 * wrapper's path free of this code.
 */
import * as core from '@actions/core';
import { runAction, type ActionContext } from '#shared/action.js';
import { ActionError, InputError } from '#shared/errors.js';
import { getBoolean, getEnum, getPath, getSecret, getString, workspaceDir } from '#shared/inputs.js';
import { checkHostname } from '#shared/setup-terraform/cli-config.js';
import type { SetupSettings } from '#shared/setup-terraform/setup.js';
import { ConstraintSyntaxError, parseConstraint } from '#shared/setup-terraform/version.js';
import { ACTION_NAME, Inputs, Outputs, State } from './constants.js';
import { isOpenTofu, TOOL_NAMES } from '#shared/tool-name.js';

function readInputs(): SetupSettings {
  const tool = isOpenTofu(getEnum(Inputs.Tool, TOOL_NAMES, 'terraform')) ? 'opentofu' : 'terraform';
  const version = getString(Inputs.Version);
  if (version !== '' && version !== 'latest') {
    try {
      parseConstraint(version);
    } catch (err) {
      if (err instanceof ConstraintSyntaxError)
        throw new InputError(Inputs.Version, version, 'an exact version (1.9.8), latest, or a constraint such as ~> 1.9 or >= 1.5, < 2.0', err.detail);
      throw err;
    }
  }
  const releasesUrl = getString(Inputs.ReleasesUrl);
  if (releasesUrl !== '') {
    let url: URL | undefined;
    try {
      url = new URL(releasesUrl);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.search || url.hash)
      throw new InputError(Inputs.ReleasesUrl, releasesUrl, 'an http(s) base URL without query or fragment');
    // Credentials in the URL must never reach the log.
    if (url.password) core.setSecret(decodeURIComponent(url.password));
  }
  const gpgPublicKey = getString(Inputs.GpgPublicKey);
  if (gpgPublicKey !== '' && !gpgPublicKey.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----')) {
    throw new ActionError(`Input '${Inputs.GpgPublicKey}' is not an ASCII-armored OpenPGP public key (no "-----BEGIN PGP PUBLIC KEY BLOCK-----" line)`);
  }
  const token = getSecret(Inputs.CredentialsToken);
  const hostname = checkHostname(Inputs.CredentialsHostname, getString(Inputs.CredentialsHostname) || 'app.terraform.io');
  if (/[\r\n]/.test(token)) throw new ActionError(`Input '${Inputs.CredentialsToken}' contains a line break`);
  return {
    tool,
    version,
    versionInputName: Inputs.Version,
    includePrereleases: getBoolean(Inputs.IncludePrereleases, false),
    workingDirectory: getPath(Inputs.WorkingDirectory, { mustStayInside: true, fallback: '.' }),
    workspace: workspaceDir(),
    releasesUrl,
    gpgPublicKey,
    gpgPublicKeyInputName: Inputs.GpgPublicKey,
    credentials: token ? { hostname, token } : undefined,
    wrapper: getBoolean(Inputs.Wrapper, false),
    cache: getBoolean(Inputs.Cache, true),
    pluginCache: getBoolean(Inputs.PluginCache, false),
  };
}

async function main({ metrics }: ActionContext): Promise<void> {
  const settings = readInputs();
  const { setupTerraform } = await import('#shared/setup-terraform/setup.js');
  const result = await setupTerraform(settings, metrics);
  // addPath prepends: add the real folder first so the wrapper's folder ends up in front.
  for (const dir of [...result.pathDirs].reverse()) core.addPath(dir);
  for (const [name, value] of Object.entries(result.env)) core.exportVariable(name, value);
  if (result.pluginCache) {
    core.saveState(State.PluginCacheDir, result.pluginCache.dir);
    core.saveState(State.PluginCacheKey, result.pluginCache.key);
    core.saveState(State.PluginCacheMatchedKey, result.pluginCache.matchedKey ?? '');
  }
  core.setOutput(Outputs.Version, result.version);
  core.setOutput(Outputs.Path, result.binary);
  core.setOutput(Outputs.CacheHit, String(result.cacheHit));
  core.setOutput(Outputs.Source, result.source);
}

async function post(): Promise<void> {
  const key = core.getState(State.PluginCacheKey);
  if (!key) return;
  const { savePluginCache } = await import('#shared/setup-terraform/setup.js');
  await savePluginCache(core.getState(State.PluginCacheDir), key, core.getState(State.PluginCacheMatchedKey));
}

export async function runStep(): Promise<void> {
  const isPost = core.getState(State.IsPost) === 'true';
  if (!isPost) core.saveState(State.IsPost, 'true');
  await runAction(ACTION_NAME, isPost ? post : main, { recordMetrics: !isPost });
}
