/**
 * Root module discovery, the local-module dependency graph (module sources read by a small HCL
 * lexer) and which roots a set of changed files affects.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isLocalSource, moduleCallsInHcl, moduleCallsInJson } from '#shared/terraform/hcl-modules.js';
import { affectedModules, findRootModules, moduleDependencies } from '#shared/terraform/modules.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tf-modules-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe('module sources in HCL', () => {
  test('top-level module blocks with their source; comments, strings, heredocs and nested blocks do not fool it', () => {
    const hcl = `
# module "commented" { source = "./nope" }
// module "also" { source = "./nope" }
/* module "block" {
  source = "./nope"
} */
module "network" {
  source  = "../modules/network"
  version = null
  providers = {
    aws = aws.eu
  }
  tags = { source = "./not-the-source" }
}
resource "null_resource" "x" {
  triggers = {
    text = "module \\"fake\\" { source = \\"./nope\\" } \${var.x} { }"
  }
  provisioner "local-exec" {
    command = <<-EOT
      module "in_heredoc" { source = "./nope" }
    EOT
  }
}
module warehouse {
  source = "./modules/warehouse"
}
module "registry" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"
}
module "templated" {
  source = "./modules/\${var.env}"
}
`;
    expect(moduleCallsInHcl(hcl)).toEqual([
      { name: 'network', source: '../modules/network' },
      { name: 'warehouse', source: './modules/warehouse' },
      { name: 'registry', source: 'terraform-aws-modules/vpc/aws' },
    ]);
  });

  test('.tf.json module blocks', () => {
    expect(moduleCallsInJson(JSON.stringify({ module: { a: { source: './a' }, b: [{ source: '../b' }] }, resource: {} }))).toEqual([
      { name: 'a', source: './a' },
      { name: 'b', source: '../b' },
    ]);
    expect(moduleCallsInJson('not json')).toEqual([]);
  });

  test.each([
    ['./x', true],
    ['../x', true],
    ['..', true],
    ['git::https://example.com/x.git', false],
    ['hashicorp/consul/aws', false],
    ['s3::https://bucket/x.zip', false],
    ['modules/x', false], // Terraform reads this as a registry address, not a path
  ])('isLocalSource(%j) is %s', (source, local) => expect(isLocalSource(source)).toBe(local));
});

describe('findRootModules', () => {
  const ws = tree({
    'infra/prod/main.tf': '',
    'infra/dev/main.tf.json': '{}',
    'infra/docs/README.md': '',
    'infra/prod/nested/main.tf': '',
    'main.tf': '',
  });

  test('plain directories and globs, sorted, deduplicated, only directories with Terraform files', async () => {
    const found = await findRootModules(['infra/*', 'infra/prod', '.'], ws);
    expect(found.map((m) => m.relativeDir)).toEqual(['.', 'infra/dev', 'infra/prod']);
    expect(found[2].dir).toBe(path.join(ws, 'infra', 'prod'));
    expect((await findRootModules(['infra/**'], ws)).map((m) => m.relativeDir)).toEqual(['infra/dev', 'infra/prod', 'infra/prod/nested']);
  });

  test.each([
    ['infra/missing', /Input 'working-directories' has invalid value "infra\/missing": expected an existing directory/],
    ['infra/docs', /expected a directory containing \.tf or \.tf\.json files/],
    ['../outside', /expected a directory inside the workspace/],
    ['nothing/*', /expected a glob matching at least one directory with \.tf files/],
  ])('%j is refused', async (pattern, message) => {
    await expect(findRootModules([pattern], ws)).rejects.toThrow(message);
  });
});

describe('dependencies and affected modules', () => {
  const ws = tree({
    'envs/prod/main.tf': 'module "lake" { source = "../../modules/lake" }\nmodule "vpc" { source = "terraform-aws-modules/vpc/aws" }',
    'envs/prod/prod.tfvars': '',
    'envs/dev/main.tf': 'module "lake" { source = "../../modules/lake" }',
    'envs/stats/main.tf': 'module "metrics" { source = "./modules/metrics" }',
    'envs/stats/modules/metrics/main.tf': '',
    'envs/stats/templates/dashboard.json': '{}',
    'modules/lake/main.tf': 'module "bucket" { source = "../bucket" }',
    'modules/bucket/main.tf': 'module "loop" { source = "../lake" }', // a cycle must not hang
    'modules/unused/main.tf': '',
    'README.md': '',
  });
  const roots = ['envs/prod', 'envs/dev', 'envs/stats'].map((d) => ({ dir: path.join(ws, d), relativeDir: d }));
  const affected = async (files: string[], extra: (r: { relativeDir: string }) => string[] = () => []) =>
    (
      await affectedModules(
        roots,
        files.map((f) => path.join(ws, f)),
        extra,
      )
    ).map((r) => r.relativeDir);

  test('local modules are followed transitively (cycles included); registry modules are not', async () => {
    const deps = await moduleDependencies(path.join(ws, 'envs/prod'));
    expect([...deps].map((d) => path.relative(ws, d)).sort()).toEqual(['envs/prod', 'modules/bucket', 'modules/lake']);
  });

  test.each([
    [['modules/bucket/main.tf'], ['envs/prod', 'envs/dev']],
    [['modules/lake/variables.tf'], ['envs/prod', 'envs/dev']],
    [['envs/prod/main.tf'], ['envs/prod']],
    [['envs/stats/templates/dashboard.json'], ['envs/stats']],
    [['envs/stats/modules/metrics/main.tf'], ['envs/stats']],
    [['modules/unused/main.tf', 'README.md'], []],
    [['envs/prod/.terraform.lock.hcl'], ['envs/prod']],
  ])('changing %j plans %j', async (files, expected) => {
    expect(await affected(files)).toEqual(expected);
  });

  test("a root's var files count even outside its directory", async () => {
    expect(await affected(['shared/common.tfvars'], (r) => (r.relativeDir === 'envs/dev' ? [path.join(ws, 'shared/common.tfvars')] : []))).toEqual([
      'envs/dev',
    ]);
  });
});
