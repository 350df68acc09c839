/**
 * Cache helpers over @actions/cache. A cache is an optimisation: when the service is missing or
 * failing, the action warns and carries on.
 */
import * as cache from '@actions/cache';
import * as core from '@actions/core';
import { errorMessage } from './errors.js';

/** Restores the first matching key; returns the key that hit, or undefined. Never throws. */
export async function restoreCacheSafely(paths: string[], key: string, restoreKeys: string[] = []): Promise<string | undefined> {
  if (!cache.isFeatureAvailable()) {
    core.debug('Cache service not available; skipping restore');
    return undefined;
  }
  try {
    return await cache.restoreCache(paths, key, restoreKeys);
  } catch (err) {
    core.warning(`Cache restore failed for ${key}: ${errorMessage(err)}`);
    return undefined;
  }
}

/** Saves the paths under key; returns false when it could not (already exists, service down). Never throws. */
export async function saveCacheSafely(paths: string[], key: string): Promise<boolean> {
  if (!cache.isFeatureAvailable()) {
    core.debug('Cache service not available; skipping save');
    return false;
  }
  try {
    const id = await cache.saveCache(paths, key);
    return id !== -1;
  } catch (err) {
    const name = (err as Error)?.name;
    if (name === 'ReserveCacheError') core.info(`Cache ${key} already exists; not saved again`);
    else core.warning(`Cache save failed for ${key}: ${errorMessage(err)}`);
    return false;
  }
}
