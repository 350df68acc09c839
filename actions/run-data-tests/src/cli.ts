/**
 * `dataops-test [config]`: the run-data-tests engine on a laptop. Prints a table per dataset (with
 * colours on a terminal), a progress line per dataset while it scans, and exits 0 or 1 per
 * --fail-on (2 for a wrong command line). Bundled to dist/run-data-tests/cli/index.js.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { errorMessage } from '#shared/errors.js';
import { loadConfig } from '#shared/data-tests/config.js';
import { localHistoryDir, FileHistory, type HistoryStore } from '#shared/data-tests/history.js';
import { tableHistoryFor, type TableHistory } from '#shared/data-tests/history-table.js';
import { HISTORY_TABLE_FORMAT, parseHistoryTableName, type HistoryTableName } from '#shared/data-tests/history-table-name.js';
import { isMemorySize, shouldFail, type FailOn } from '#shared/data-tests/model.js';
import { datasetText, paint, reportText } from '#shared/data-tests/reports/console.js';
import { writeJsonReport } from '#shared/data-tests/reports/json.js';
import { writeJUnit } from '#shared/data-tests/reports/junit.js';
import { runConfig } from '#shared/data-tests/runner.js';

const USAGE = `Usage: dataops-test [config] [options]

Runs the data tests of a check file (default: dataops-tests.yml) and prints the results.

Options:
  --dbt-schema <file>   also run the tests of a dbt schema.yml (repeatable)
  --dataset <name>      run only this dataset (repeatable)
  --fail-on <when>      exit 1 on: error (default; failed or errored tests), warn, never
  --junit <file>        write a JUnit XML report
  --json <file>         write the JSON report
  --history <dir>       keep run history here for anomaly/change tests
                        (default: a folder per check file under ~/.cache/dataops-tests)
  --history-table <source>.<schema>.<table>
                        keep run history in this PostgreSQL table instead, <source>
                        being a source of the check file (created when missing)
  --no-history          do not read or write history
  --sample-size <n>     failing values shown per test (default 5)
  --memory-limit <size> DuckDB's memory limit for file datasets (e.g. 2GB; default 1GB),
                        beyond which it spills to the temporary folder
  --no-color            plain output (also NO_COLOR=1)
  -h, --help            show this help`;

class UsageError extends Error {}

interface CliArgs {
  config: string;
  dbtSchemas: string[];
  datasets: string[];
  failOn: FailOn;
  junit?: string;
  json?: string;
  history?: string;
  historyTable?: HistoryTableName;
  noHistory: boolean;
  sampleSize: number;
  memoryLimit?: string;
  color: boolean;
  help: boolean;
}

export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv, isTTY: boolean): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'dbt-schema': { type: 'string', multiple: true },
        dataset: { type: 'string', multiple: true },
        'fail-on': { type: 'string' },
        junit: { type: 'string' },
        json: { type: 'string' },
        history: { type: 'string' },
        'history-table': { type: 'string' },
        'no-history': { type: 'boolean' },
        'sample-size': { type: 'string' },
        'memory-limit': { type: 'string' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError(errorMessage(err));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`expected one check file, got ${positionals.join(' ')}`);
  const failOn = (values['fail-on'] ?? 'error') as FailOn;
  if (!['error', 'warn', 'never'].includes(failOn)) throw new UsageError(`--fail-on must be error, warn or never, got ${JSON.stringify(failOn)}`);
  const sampleText = values['sample-size'] ?? '5';
  if (!/^\d+$/.test(sampleText) || Number(sampleText) > 100)
    throw new UsageError(`--sample-size must be a whole number from 0 to 100, got ${JSON.stringify(sampleText)}`);
  if (values.history !== undefined && values['no-history']) throw new UsageError('--history and --no-history together');
  const tableText = values['history-table'];
  if (tableText !== undefined && values.history !== undefined) throw new UsageError('--history and --history-table together');
  if (tableText !== undefined && values['no-history']) throw new UsageError('--history-table and --no-history together');
  const historyTable = tableText === undefined ? undefined : parseHistoryTableName(tableText);
  if (tableText !== undefined && !historyTable) throw new UsageError(`--history-table must be ${HISTORY_TABLE_FORMAT}, got ${JSON.stringify(tableText)}`);
  const memoryLimit = values['memory-limit'];
  if (memoryLimit !== undefined && !isMemorySize(memoryLimit))
    throw new UsageError(`--memory-limit must be a size such as 512MB or 2GB, got ${JSON.stringify(memoryLimit)}`);
  return {
    config: positionals[0] ?? 'dataops-tests.yml',
    dbtSchemas: values['dbt-schema'] ?? [],
    datasets: values.dataset ?? [],
    failOn,
    junit: values.junit,
    json: values.json,
    history: values.history,
    historyTable,
    noHistory: values['no-history'] ?? false,
    sampleSize: Number(sampleText),
    memoryLimit,
    color: !values['no-color'] && !env.NO_COLOR && (isTTY || env.FORCE_COLOR === '1'),
    help: values.help ?? false,
  };
}

/** A line per dataset on stderr; on a terminal it counts the seconds of a long scan. */
function progress(isTTY: boolean, write: (s: string) => void) {
  let timer: NodeJS.Timeout | undefined;
  return {
    start(dataset: string, index: number, total: number) {
      const started = Date.now();
      const line = () => `▸ ${dataset} (${index + 1}/${total}) scanning… ${Math.round((Date.now() - started) / 1000)}s`;
      if (isTTY) {
        write(line());
        timer = setInterval(() => write(`\r\u001b[2K${line()}`), 1000);
      } else write(`▸ ${dataset} (${index + 1}/${total}) scanning…\n`);
    },
    end() {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (isTTY) write('\r\u001b[2K');
    },
  };
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const stdoutTTY = Boolean(process.stdout.isTTY);
  let args: CliArgs;
  try {
    args = parseCliArgs(argv, env, stdoutTTY);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`dataops-test: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const style = { color: args.color, width: process.stdout.columns };
  const configPath = path.resolve(args.config);
  const historyDir =
    args.noHistory || args.historyTable
      ? undefined
      : (args.history ?? path.join(localHistoryDir(), '..', 'local', createHash('sha256').update(configPath).digest('hex').slice(0, 16)));
  const show = progress(Boolean(process.stderr.isTTY), (s) => process.stderr.write(s));
  const here = path.dirname(fileURLToPath(import.meta.url));
  let table: TableHistory | undefined;
  try {
    const config = await loadConfig(configPath, { env, dbtSchemas: args.dbtSchemas.map((p) => path.resolve(p)), displayRoot: process.cwd() });
    let history: HistoryStore | undefined = historyDir ? new FileHistory(historyDir) : undefined;
    if (args.historyTable) {
      // No branch on a laptop: the table's whole history of each dataset counts.
      table = tableHistoryFor(config, args.historyTable, '--history-table', { warn: (m) => process.stderr.write(`dataops-test: warning: ${m}\n`) });
      history = table;
    }
    const report = await runConfig(config, {
      datasets: args.datasets.length ? args.datasets : undefined,
      sampleSize: args.sampleSize,
      history,
      displayRoot: process.cwd(),
      duckdb: { resolveFrom: [process.cwd(), here], memoryLimit: args.memoryLimit, log: (m) => process.stderr.write(`${m}\n`) },
      onProgress: (e) => {
        if (e.type === 'dataset-start') show.start(e.dataset, e.index, e.total);
        else {
          show.end();
          console.log(`${datasetText(e.report, style)}\n`);
        }
      },
    });
    console.log(reportText({ ...report, datasets: [] }, style).trim());
    if (args.json) await writeJsonReport(report, path.resolve(args.json));
    if (args.junit) await writeJUnit(report, path.resolve(args.junit));
    return shouldFail(report.result, args.failOn) ? 1 : 0;
  } catch (err) {
    show.end();
    const hint = (err as { hint?: string }).hint;
    console.error(paint(style, 'red', `dataops-test: ${errorMessage(err)}`) + (hint ? `\n${hint}` : ''));
    return 1;
  } finally {
    await table?.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  // A bug rather than a user mistake: show the stack to report it.
  console.error('dataops-test: unexpected error:', err);
  process.exitCode = 1;
}
