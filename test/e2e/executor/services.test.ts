/**
 * The executor with the shared fakes: setup-terraform installs from the local release mirror (URL
 * and key given as configuration variables, as an air-gapped organisation would), the install is
 * on PATH for later steps, its archive goes to the fake Actions cache, and a second run (a new
 * runner, empty tool cache) restores it from that cache instead of downloading.
 */
import { startReleaseMirror, type ReleaseMirror } from '../../fakes/release-mirror/server.js';
import { startFakeActionsResults, type FakeActionsResults } from '../../fakes/actions-results/server.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runWorkflow } from './executor.js';

let mirror: ReleaseMirror;
let results: FakeActionsResults;
beforeAll(async () => {
  mirror = await startReleaseMirror({ terraform: ['1.9.7', '1.9.8'], platforms: [['linux', 'amd64']] });
  results = await startFakeActionsResults();
});
afterAll(async () => {
  await Promise.all([mirror.close(), results.close()]);
});

test('setup-terraform from the release mirror: on PATH for later steps, cached for the next runner', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'executor-services-'));
  const file = path.join(root, 'wf.yml');
  writeFileSync(
    file,
    `on: push
jobs:
  tf:
    runs-on: ubuntu-latest
    steps:
      - id: setup
        uses: ./actions/setup-terraform
        with:
          terraform-version: '~> 1.9.0'
          releases-url: \${{ vars.TERRAFORM_RELEASES_URL }}
          gpg-public-key: \${{ vars.TERRAFORM_RELEASES_GPG_KEY }}
      - id: version
        run: echo "line=$(terraform version | head -n 1)" >> "$GITHUB_OUTPUT"
`,
  );
  const options = {
    eventName: 'push',
    vars: { TERRAFORM_RELEASES_URL: mirror.url, TERRAFORM_RELEASES_GPG_KEY: mirror.publicKey },
    services: { actionsResults: { url: results.url, env: results.env } },
    // Stable runner paths, as on GitHub: the cached archive's path must be the same on the next runner.
    runnerRoot: path.join(root, 'runner'),
  };
  const first = (await runWorkflow(file, options)).job('tf');
  expect(first.result).toBe('success');
  expect(first.step('setup').outputs).toMatchObject({ version: '1.9.8', 'cache-hit': 'false' });
  expect(first.step('version').outputs.line).toBe('Terraform v1.9.8');
  expect(mirror.requests.some((r) => r.endsWith('terraform_1.9.8_linux_amd64.zip'))).toBe(true);
  expect(results.caches.length).toBe(1);

  const downloads = mirror.requests.filter((r) => r.endsWith('.zip')).length;
  const second = (await runWorkflow(file, options)).job('tf');
  expect(second.step('setup').outputs).toMatchObject({ version: '1.9.8', 'cache-hit': 'true' });
  expect(second.step('version').outputs.line).toBe('Terraform v1.9.8');
  expect(mirror.requests.filter((r) => r.endsWith('.zip')).length).toBe(downloads);
});
