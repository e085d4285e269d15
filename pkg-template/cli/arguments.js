// The command line: its flags (node:util parseArgs), the usage errors it can have (an unknown
// flag comes with the closest known one), and the connection it asks for: the server from --host
// or RAINBOW_HOST, the token from --token, --token-file or RAINBOW_TOKEN, the timeout and retries.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const OPTIONS = {
  room: { type: 'string' },
  scenario: { type: 'string' },
  emails: { type: 'string', multiple: true },
  users: { type: 'string', multiple: true },
  'conf-id': { type: 'string' },
  lang: { type: 'string' },
  'instant-message': { type: 'string' },
  'no-mail': { type: 'boolean' },
  update: { type: 'boolean' },
  'skip-invalid': { type: 'boolean' },
  host: { type: 'string' },
  token: { type: 'string' },
  'token-file': { type: 'string' },
  timeout: { type: 'string' },
  'max-retries': { type: 'string' },
  'allow-insecure-http': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
};

/** A mistake on the command line: exit 2. `fields` say where: { flag, file, suggestion }. */
export class UsageError extends Error {
  constructor(message, fields = {}) {
    super(message);
    Object.assign(this, fields);
  }
}

// Edit distance (insertions, deletions, substitutions, swaps of neighbours) between two names.
function distance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The known flag closest to an unknown one (`email` → `--emails`), or undefined when none is close. */
function closestFlag(name) {
  const n = name.toLowerCase().replace(/_/g, '-');
  let best;
  for (const known of Object.keys(OPTIONS)) {
    const d = distance(n, known);
    const near = d <= Math.max(1, Math.min(2, Math.floor(n.length / 3))) || (n.length >= 4 && (known.includes(n) || n.includes(known)));
    if (near && (!best || d < best.d)) best = { known, d };
  }
  return best && `--${best.known}`;
}

// The option tokens of the command line, read leniently (nothing refused yet).
const tokensOf = (argv) => parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: false, tokens: true }).tokens;

/** Whether the command line asks for --json, read before anything can be refused. */
export const wantsJson = (argv) => tokensOf(argv).some((t) => t.kind == 'option' && t.name == 'json' && t.value === undefined);

// Refuses what parseArgs' strict mode would, first mistake first, in words naming the flag.
function checkTokens(argv) {
  for (const t of tokensOf(argv)) {
    if (t.kind != 'option') continue;
    const option = OPTIONS[t.name];
    const flag = t.rawName;
    if (!option) {
      // `-room` is read as -r -o -o -m: suggest from what was written.
      const written = argv[t.index].replace(/^-+/, '').split('=')[0];
      const suggestion = closestFlag(written);
      const shown = argv[t.index].startsWith('--') ? `--${written}` : argv[t.index].split('=')[0];
      throw new UsageError(`unknown option ${shown}${suggestion ? `; did you mean ${suggestion}?` : ''}`, { flag: shown, ...(suggestion ? { suggestion } : {}) });
    }
    if (option.type == 'string' && t.value === undefined) throw new UsageError(`${flag} needs a value`, { flag });
    if (option.type == 'string' && !t.inlineValue && t.value.startsWith('-')) {
      // A token may start with '-' too: never shown, not even here.
      const got = t.name == 'token' ? ['something that starts with -', '<token>'] : [`the option ${t.value}`, t.value];
      throw new UsageError(`${flag} needs a value, got ${got[0]} (write ${flag}=${got[1]} if that is the value)`, { flag });
    }
    if (option.type == 'boolean' && t.value !== undefined) throw new UsageError(`${flag} takes no value`, { flag });
  }
}

// As the library counts them (it refuses the token over plain http to any other host): not
// `*.localhost`, which Node resolves by asking the system.
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Whether `host` (a URL's hostname) is this machine. */
export const isLoopback = (host) => LOOPBACK.test(host);

/** How to give the server `value` where `flag` (--host or RAINBOW_HOST) gave one: `--host x`, `RAINBOW_HOST=x`. */
export const hostSetting = (flag, value) => (flag == '--host' ? `--host ${value}` : `${flag}=${value}`);

/**
 * The server's URL from `host`, given to `flag` (--host or RAINBOW_HOST): sandbox or official (in
 * any case), a URL, or a host name with an optional port. A host name gets https://, except this
 * machine's (localhost, 127.x.x.x, [::1]): a server run locally for tests or development speaks
 * plain http. A port alone (`8301`, `:8301`) is refused: it names no server, and the URL parser
 * would read `8301` as the IPv4 address 0.0.32.125.
 */
function baseUrlOf(host, flag) {
  if (host === undefined || host.trim() === '') return undefined;
  const h = host.trim();
  if (h.toLowerCase() == 'sandbox') return 'https://sandbox.openrainbow.com';
  if (h.toLowerCase() == 'official') return 'https://openrainbow.com';
  const port = /^:?(\d+)$/.exec(h);
  if (port) {
    throw new UsageError(`${flag} "${h}" is a port alone, not a server: write ${hostSetting(flag, `localhost:${port[1]}`)} for a server on this machine`, { flag, value: h });
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(h)) return h;
  let hostname;
  try {
    hostname = new URL(`http://${h}`).hostname;
  } catch {
    return `https://${h}`; // the validation reports it
  }
  return `${isLoopback(hostname) ? 'http' : 'https'}://${h}`;
}

function wholeNumber(flag, text) {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${flag} must be a whole number, got "${text}"`, { flag });
  return Number(text);
}

function tokenOf(values, env) {
  if (values.token !== undefined && values['token-file'] !== undefined) throw new UsageError('give --token or --token-file, not both', { flag: '--token-file' });
  if (values['token-file'] !== undefined) {
    try {
      return readFileSync(values['token-file'], 'utf8').trim();
    } catch (e) {
      throw new UsageError(`--token-file: can't read the file (${e.code || e.message})`, { flag: '--token-file', file: values['token-file'] });
    }
  }
  // RAINBOW_TOKEN without the white space around it, as a token file is read (a `.env` file
  // written on Windows leaves a \r).
  const token = values.token ?? (typeof env.RAINBOW_TOKEN == 'string' ? env.RAINBOW_TOKEN.trim() : undefined);
  return token === undefined || token === '' ? undefined : token;
}

/**
 * The command line `argv` as { help } or { version } or { command, roomId, values, options, host,
 * dryRun, verbose, skipInvalid }: `values` are parseArgs' (the lists are read by lists.js),
 * `options` the client's, `host` the server as given ({ flag, value }, when one is). Throws a UsageError. (--json is read by wantsJson, before anything
 * can be refused.)
 */
export function parseCommandLine(argv, env) {
  checkTokens(argv);
  let parsed;
  // A safety net: checkTokens has refused all that strict parseArgs refuses, in its own words.
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e.message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] == 'help') return { help: true };
  if (values.version) return { version: true };
  const [command, ...extra] = positionals;
  if (command === undefined) throw new UsageError('missing command: invite or cancel');
  if (command != 'invite' && command != 'cancel') throw new UsageError(`unknown command "${command}": use invite or cancel`);
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}" (quote values with spaces; separate list items with commas)`);
  if (values.room === undefined) throw new UsageError('--room is required', { flag: '--room' });

  // The host as given, and where: a problem of the URL made of it shows it, but for a user and
  // password in it (and scrubbed of the token, as all output is, should the token be given there
  // by mistake).
  const given = values.host ?? env.RAINBOW_HOST;
  const flag = values.host !== undefined ? '--host' : 'RAINBOW_HOST';
  const baseUrl = baseUrlOf(given, flag);
  const host = baseUrl && { flag, value: given.trim().replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^@/?#]*@/i, '$1<credentials>@') };
  if (baseUrl === undefined && !values['dry-run']) {
    throw new UsageError('no Rainbow server: give --host or set RAINBOW_HOST (sandbox, official, or a URL)', { flag: '--host' });
  }
  const options = { baseUrl, token: tokenOf(values, env) };
  const timeoutMs = wholeNumber('--timeout', values.timeout);
  const maxRetries = wholeNumber('--max-retries', values['max-retries']);
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  if (maxRetries !== undefined) options.maxRetries = maxRetries;
  if (values['allow-insecure-http']) options.allowInsecureHttp = true;
  for (const k of Object.keys(options)) if (options[k] === undefined) delete options[k];

  return {
    command,
    roomId: values.room,
    values,
    options,
    host,
    dryRun: !!values['dry-run'],
    verbose: !!values.verbose,
    skipInvalid: !!values['skip-invalid'],
  };
}
