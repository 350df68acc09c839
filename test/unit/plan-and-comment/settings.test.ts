/** The Terraform-specific inputs: variables (values never echoed) and the extra argument lists. */
import { parseVarsInput, validateExtraArgs } from '#shared/terraform/settings.js';
import { InputError } from '#shared/errors.js';

describe('vars', () => {
  test('name=value lines: values keep their = signs and spaces inside; comments and blanks are skipped', () => {
    expect(parseVarsInput('vars', '# comment\nregion = eu-west-1\n\nconn=postgres://u:p@h/db?a=b\nlabel= two words ')).toEqual({
      region: 'eu-west-1',
      conn: 'postgres://u:p@h/db?a=b',
      label: 'two words',
    });
  });

  test('a JSON object keeps its types', () => {
    expect(parseVarsInput('vars', '{"replicas": 3, "tags": {"team": "data"}, "enabled": true}')).toEqual({
      replicas: 3,
      tags: { team: 'data' },
      enabled: true,
    });
    expect(parseVarsInput('vars', '  ')).toEqual({});
  });

  test.each([
    ['db_password', /"line 1 \(not shown\)": expected name=value on each line/],
    ['1abc=x', /line 1: 1abc": expected a variable name/],
    ['a=1\na=2', /line 2: a": expected each variable once/],
    ['{"bad name": 1}', /"bad name": expected variable names/],
    ['[1,2]', /expected a JSON object or name=value lines/],
    ['{"a": secret-value', /JSON not shown: it may hold secrets\)": expected a JSON object or name=value lines \(invalid JSON( at position \d+)?\)/],
  ])('%j is refused, naming the input but never echoing a value', (text, message) => {
    const err = (() => {
      try {
        parseVarsInput('vars', text);
      } catch (e) {
        return e as InputError;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect(err!.message).toMatch(/^Input 'vars' has invalid value/);
    expect(err!.message).toMatch(message);
    expect(err!.message).not.toMatch(/secret-value|=1|=2|db_password/);
  });
});

describe('init-args and plan-args', () => {
  test('flags the action does not manage pass through unchanged', () => {
    expect(validateExtraArgs('plan-args', 'plan', ['-target=module.db', '-refresh=false', '-parallelism=20', '-replace=aws_instance.x'])).toEqual([
      '-target=module.db',
      '-refresh=false',
      '-parallelism=20',
      '-replace=aws_instance.x',
    ]);
    expect(validateExtraArgs('init-args', 'init', ['-upgrade', '-reconfigure'])).toEqual(['-upgrade', '-reconfigure']);
  });

  test.each([
    ['plan', '-var=db_password=x', /use the vars input: -var would put the value on the command line/],
    ['plan', '--var', /use the vars input/],
    ['plan', '-out=elsewhere', /the action writes the plan file itself/],
    ['plan', '-lock-timeout=5m', /use the lock-timeout input/],
    ['plan', '-var-file=x.tfvars', /use the var-files input/],
    ['plan', '-detailed-exitcode', /the action always passes it/],
    ['plan', '-json', /the action reads the plan with show -json/],
    ['plan', 'target=x', /one plan flag per line, starting with -/],
    ['init', '-backend-config=bucket=x', /use the backend-config input/],
    ['init', '-chdir=infra', /use the working-directories input/],
  ] as const)('%s %j is refused', (command, arg, message) => {
    expect(() => validateExtraArgs(`${command}-args`, command, [arg])).toThrow(message);
  });

  test('a refused -var or -backend-config never shows its value', () => {
    expect(() => validateExtraArgs('plan-args', 'plan', ['-var=db_password=hunter2'])).toThrow(
      `Input 'plan-args' has invalid value "-var=db_password=(value not shown)"`,
    );
    expect(() => validateExtraArgs('plan-args', 'plan', ['--var=hunter2'])).toThrow(`Input 'plan-args' has invalid value "--var=(not shown)"`);
    expect(() => validateExtraArgs('init-args', 'init', ['-backend-config=secret_key=abc123'])).toThrow(
      `Input 'init-args' has invalid value "-backend-config=secret_key=(value not shown)"`,
    );
  });
});
