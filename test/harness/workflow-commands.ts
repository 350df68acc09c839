/**
 * Reads what an action told the runner: file commands (GITHUB_OUTPUT and friends, in the
 * heredoc format the toolkit writes) and stdout workflow commands (`::error ...::`), honouring
 * `::stop-commands::` exactly as the runner does, and applying `::add-mask::` to the log.
 */

/** Parses `name=value` and `name<<DELIM\nvalue\nDELIM` entries (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE). */
export function parseFileCommands(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== delimiter) value.push(lines[i++]);
      if (i >= lines.length) throw new Error(`unterminated heredoc for ${name} (delimiter ${delimiter})`);
      result[name] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`malformed file command line: ${JSON.stringify(line)}`);
    result[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return result;
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  properties: Record<string, string>;
}

export interface ParsedLog {
  annotations: Annotation[];
  masks: string[];
  debug: string[];
  groups: string[];
  /** The log as the runner shows it: commands removed, masked values replaced by ***. */
  rendered: string;
  /** Workflow commands that appeared while commands were stopped: printed, not executed. */
  inertCommands: string[];
}

// The runner's escaping of command data and property values.
const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string) => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',');

export function parseWorkflowCommands(stdout: string): ParsedLog {
  const parsed: ParsedLog = { annotations: [], masks: [], debug: [], groups: [], rendered: '', inertCommands: [] };
  const out: string[] = [];
  let stopToken: string | undefined;
  for (const line of stdout.split('\n')) {
    const command = /^::([a-zA-Z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined;
      else {
        if (command) parsed.inertCommands.push(line);
        out.push(line);
      }
      continue;
    }
    if (!command) {
      out.push(line);
      continue;
    }
    const [, name, rawProps = '', rawData] = command;
    const data = unescapeData(rawData);
    const properties: Record<string, string> = {};
    for (const pair of rawProps.split(',').filter(Boolean)) {
      const eq = pair.indexOf('=');
      properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
    switch (name) {
      case 'stop-commands':
        stopToken = data;
        break;
      case 'add-mask':
        if (data) parsed.masks.push(data);
        break;
      case 'error':
      case 'warning':
      case 'notice':
        parsed.annotations.push({ level: name, message: data, properties });
        out.push(`${name === 'error' ? 'Error' : name === 'warning' ? 'Warning' : 'Notice'}: ${data}`);
        break;
      case 'debug':
        parsed.debug.push(data);
        break;
      case 'group':
        parsed.groups.push(data);
        out.push(`▸ ${data}`);
        break;
      case 'endgroup':
        break;
      default:
        out.push(line);
    }
  }
  let rendered = out.join('\n');
  for (const mask of [...parsed.masks].sort((a, b) => b.length - a.length)) rendered = rendered.split(mask).join('***');
  parsed.rendered = rendered;
  return parsed;
}
