/** Input, output and state names of this action, in one place. */
export const ACTION_NAME = 'setup-terraform';

export const Inputs = {
  Tool: 'tool',
  Version: 'terraform-version',
  IncludePrereleases: 'include-prereleases',
  WorkingDirectory: 'working-directory',
  ReleasesUrl: 'releases-url',
  GpgPublicKey: 'gpg-public-key',
  CredentialsHostname: 'cli-config-credentials-hostname',
  CredentialsToken: 'cli-config-credentials-token',
  Wrapper: 'wrapper',
  Cache: 'cache',
  PluginCache: 'plugin-cache',
} as const;

export const Outputs = {
  Version: 'version',
  Path: 'path',
  CacheHit: 'cache-hit',
  Source: 'source',
} as const;

export const State = {
  IsPost: 'isPost',
  PluginCacheDir: 'pluginCacheDir',
  PluginCacheKey: 'pluginCacheKey',
  PluginCacheMatchedKey: 'pluginCacheMatchedKey',
} as const;
