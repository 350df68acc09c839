/**
 * setup-terraform's core: resolve the wanted version, find it in the runner's tool cache or
 * install it verified, then put it on PATH (behind the wrapper when asked), write CLI
 * credentials and prepare the provider plugin cache.
 *
 * The warm path (an exact version already in the tool cache) touches no network and loads none
 * of the download, OpenPGP or zip code: those modules are imported only on a miss.
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import * as core from '@actions/core';
import { ActionError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import { cliConfigPath, writeCliCredentials } from './cli-config.js';
import { runnerPlatform, type Platform } from './platform.js';
import { planPluginCache, type PluginCachePlan } from './plugin-cache.js';
import { releaseLayout, type ReleaseLayout, type Tool, type VersionIndex } from './releases.js';
import { findCached, toolCacheRoot } from './tool-cache.js';
import { newestSatisfying, parseConstraint, pinnedVersion, sortVersionsDescending } from './version.js';
import { findVersionRequest } from './version-sources.js';
import { installWrapper } from './wrapper.js';

export interface SetupSettings {
  tool: Tool;
  /** The version input as given ('' to read it from files). */
  version: string;
  versionInputName: string;
  includePrereleases: boolean;
  workingDirectory: string;
  workspace: string;
  releasesUrl: string;
  gpgPublicKey: string;
  gpgPublicKeyInputName: string;
  credentials?: { hostname: string; token: string };
  wrapper: boolean;
  cache: boolean;
  pluginCache: boolean;
}

export interface SetupResult {
  version: string;
  /** The real executable (not the wrapper shim). */
  binary: string;
  /** Folders added to PATH, first wins. */
  pathDirs: string[];
  cacheHit: boolean;
  source: string;
  env: Record<string, string>;
  pluginCache?: PluginCachePlan & { matchedKey?: string };
}

async function fetchIndex(layout: ReleaseLayout, metrics: Metrics): Promise<VersionIndex> {
  const { fetchText } = await import('../download.js');
  const body = await fetchText(layout.indexUrl, { onRetry: () => metrics.count('retries') });
  return layout.parseIndex(body);
}

/** The exact version to install, and the index when it had to be read. */
async function resolveVersion(
  settings: SetupSettings,
  layout: ReleaseLayout,
  metrics: Metrics,
): Promise<{ version: string; source: string; index?: VersionIndex }> {
  const request = findVersionRequest(settings.version, settings.tool, settings.workingDirectory, settings.workspace, settings.versionInputName);
  const constraint = request.spec === 'latest' ? parseConstraint('>= 0.0.0') : parseConstraint(request.spec);
  const pinned = pinnedVersion(constraint);
  if (pinned) {
    core.info(`${layout.title} ${pinned} (from ${request.source})`);
    return { version: pinned, source: request.source };
  }
  const index = await fetchIndex(layout, metrics);
  const version = newestSatisfying(index.versions, constraint, { includePrereleases: settings.includePrereleases });
  if (!version) {
    const newest = sortVersionsDescending(index.versions)
      .filter((v) => settings.includePrereleases || !v.includes('-'))
      .slice(0, 5);
    throw new ActionError(
      `No ${layout.title} release satisfies ${JSON.stringify(request.spec)} (from ${request.source})${settings.includePrereleases ? '' : ' among releases (pre-releases excluded)'}`,
      {
        hint: `Newest published versions: ${newest.join(', ') || 'none'} (index: ${layout.indexUrl})`,
      },
    );
  }
  core.info(`${layout.title} ${version}: the newest release satisfying ${JSON.stringify(request.spec)} (from ${request.source})`);
  return { version, source: request.source, index };
}

async function restorePlugins(plan: PluginCachePlan, metrics: Metrics): Promise<string | undefined> {
  return metrics.phase('cache', async () => {
    const { restoreCacheSafely } = await import('../cache.js');
    core.info(`Provider plugin cache: ${plan.dir}, key ${plan.key} (${plan.lockFiles.length} lock file(s): ${plan.lockFiles.join(', ') || 'none'})`);
    const matched = await restoreCacheSafely([plan.dir], plan.key, plan.restoreKeys);
    core.info(matched ? `Restored provider plugins from ${matched}` : 'No cached provider plugins yet');
    return matched;
  });
}

export async function setupTerraform(settings: SetupSettings, metrics: Metrics): Promise<SetupResult> {
  const platform: Platform = runnerPlatform();
  const layout = releaseLayout(settings.tool, settings.releasesUrl);
  if (settings.releasesUrl) core.info(`Releases from the mirror ${settings.releasesUrl} (index ${layout.indexUrl})`);
  const { version, source, index } = await metrics.phase('resolve', () => resolveVersion(settings, layout, metrics));

  let cached = findCached(layout.binary, version, platform);
  let cacheHit = cached !== undefined;
  if (cached) {
    metrics.count('tool_cache_hit');
    core.info(`${layout.title} ${version} is in the tool cache: ${cached.dir}`);
  } else {
    const { installRelease, trustedKeys } = await import('./install.js');
    // The key loads (with the OpenPGP code) while the files download.
    const keys = trustedKeys(layout, settings.gpgPublicKey, settings.gpgPublicKeyInputName);
    keys.catch(() => undefined); // awaited by installRelease; never an unhandled rejection meanwhile
    const result = await installRelease({ layout, version, platform, index, useCache: settings.cache, metrics }, keys);
    cached = result.tool;
    cacheHit = result.fromCache;
    core.info(`Installed ${layout.title} ${version} into the tool cache: ${cached.dir}`);
  }

  const pathDirs = [cached.dir];
  if (settings.wrapper) {
    // Beside the install, per version, so two versions in one job never share a shim.
    const wrapperDir = path.join(toolCacheRoot(), layout.binary, version, `${platform.cacheArch}-wrapper`);
    const files = await installWrapper(wrapperDir, layout.binary, cached.binary, platform.os === 'windows');
    core.info(`Wrapper: ${files.join(', ')} (later ${layout.binary} calls set the step outputs stdout, stderr, exitcode)`);
    pathDirs.unshift(wrapperDir);
  }

  if (settings.credentials) {
    const file = await writeCliCredentials(cliConfigPath(settings.tool, platform), settings.credentials.hostname, settings.credentials.token);
    core.info(`Wrote credentials for ${settings.credentials.hostname} to ${file}`);
  }

  const env: Record<string, string> = {};
  let pluginCache: SetupResult['pluginCache'];
  if (settings.pluginCache) {
    const plan = planPluginCache(settings.tool, platform, settings.workspace);
    mkdirSync(plan.dir, { recursive: true });
    env.TF_PLUGIN_CACHE_DIR = plan.dir;
    pluginCache = { ...plan, matchedKey: await restorePlugins(plan, metrics) };
  }

  return { version, binary: cached.binary, pathDirs, cacheHit, source, env, pluginCache };
}

/** Post step: saves the provider plugin cache unless it was restored under exactly this key. */
export async function savePluginCache(dir: string, key: string, matchedKey: string): Promise<void> {
  if (matchedKey === key) {
    core.info(`Provider plugins were restored from ${key}; nothing to save`);
    return;
  }
  const { readdirSync, existsSync } = await import('node:fs');
  if (!existsSync(dir) || readdirSync(dir).length === 0) {
    core.info('The provider plugin cache is empty; nothing to save');
    return;
  }
  const { saveCacheSafely } = await import('../cache.js');
  if (await saveCacheSafely([dir], key)) core.info(`Saved provider plugins as ${key}`);
}
