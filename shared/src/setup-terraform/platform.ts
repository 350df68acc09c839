/** The runner's platform in the vendors' release naming (linux/darwin/windows x amd64/arm64). */
import { ActionError } from '../errors.js';

export type ReleaseOs = 'linux' | 'darwin' | 'windows';
export type ReleaseArch = 'amd64' | 'arm64';

export interface Platform {
  os: ReleaseOs;
  arch: ReleaseArch;
  /** The runner tool cache's architecture folder name (as @actions/tool-cache names it). */
  cacheArch: 'x64' | 'arm64';
  exe: '' | '.exe';
}

const OS: Record<string, ReleaseOs> = { Linux: 'linux', macOS: 'darwin', Windows: 'windows' };
const ARCH: Record<string, ReleaseArch> = { X64: 'amd64', ARM64: 'arm64' };
const NODE_OS: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };
const NODE_ARCH: Record<string, string> = { x64: 'X64', arm64: 'ARM64' };

/** From RUNNER_OS / RUNNER_ARCH (falling back to this process's platform outside a runner). */
export function runnerPlatform(env: NodeJS.ProcessEnv = process.env): Platform {
  const runnerOs = env.RUNNER_OS || NODE_OS[process.platform] || process.platform;
  const runnerArch = env.RUNNER_ARCH || NODE_ARCH[process.arch] || process.arch;
  const os = OS[runnerOs];
  const arch = ARCH[runnerArch];
  if (!os || !arch) {
    throw new ActionError(`Unsupported runner platform ${runnerOs}/${runnerArch}`, {
      hint: 'Terraform and OpenTofu are installed for Linux, macOS and Windows on X64 or ARM64 runners.',
    });
  }
  return { os, arch, cacheArch: arch === 'amd64' ? 'x64' : 'arm64', exe: os === 'windows' ? '.exe' : '' };
}
