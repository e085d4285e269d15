#!/usr/bin/env node
// `npx rainbow-room-invitations invite|cancel …`: the two calls from a shell. Node built-ins only.
// The token is read from --token, --token-file or RAINBOW_TOKEN and never printed: not in the
// summary, the dry run, the JSON output, the errors (the client scrubs them) or the --verbose log
// (the client redacts Authorization).
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RoomsInvitationApi, validateJoinInvitation, validateCancelation } from './node.js';

const EXIT = { ok: 0, failure: 1, invalid: 2, api: 3, network: 4, interrupted: 130 };

const HELP = `Usage: rainbow-room-invitations <invite|cancel> --room <id> [options]

Invites people to a Rainbow room, or cancels their invitation. The request is
validated before anything is sent, and retried only when the server provably
did not act on it.

Commands
  invite                      POST /api/rainbow/enduser/v1.0/rooms/<id>/invitations
  cancel                      POST /api/rainbow/enduser/v1.0/rooms/<id>/invitations/cancel

Request
  --room <id>                 the room: 24 hexadecimal characters (required)
  --scenario <name>           chat, pstn-conference or video-conference
                              (invite: required; cancel: the server's default is pstn-conference)
  --emails <list|@file>       e-mail addresses, separated by commas or spaces, or @file:
                              one address per line, or a CSV file with an e-mail column
                              (a header such as "email", else the column of addresses);
                              @- reads standard input. Repeatable.
  --users <list|@file>        Rainbow user ids (24 hexadecimal characters), the same way
                              (CSV header such as "userId"). Ignored by chat invitations.
  --conf-id <id>              conference id (pstn-conference, video-conference)
  --lang <tag>                language of the e-mails, such as en, fr, en-US (default en)
  --instant-message <text>    message of an instant meeting (invite, pstn/video-conference)
  --no-mail                   send no e-mail (pstn-conference)
  --update                    the e-mail says the meeting was updated (invite, pstn-conference)

Connection
  --host <url|name>           the Rainbow server: a URL, a host name (https:// is assumed),
                              "sandbox" or "official". Default: $RAINBOW_HOST
  --token <jwt>               the token. Default: $RAINBOW_TOKEN, which is better: a flag can
                              be seen by other users of the machine
  --token-file <file>         read the token from a file
  --timeout <ms>              time allowed for each attempt (default 30000)
  --max-retries <n>           0 to 10 (default 2); only a request the server provably did not
                              act on (429, 503 with Retry-After, refused connection) is retried
  --allow-insecure-http       allow the token over plain http:// to a host other than this machine

Output
  --dry-run                   validate and print the request (method, URL, body); send nothing
  --json                      print the server's result, or the error, as JSON on standard output
  --verbose                   log each attempt on standard error (the token is redacted)
  -h, --help                  this help
  --version                   the package's version

Without --json, a short summary says who was invited, who became a guest (people without a
Rainbow account, who get an e-mail to create one) and what the server found invalid.
Warnings (a duplicate dropped, a field the scenario ignores) go to standard error.

Exit codes
  0  done
  1  unexpected failure
  2  invalid request, options or command line; nothing was sent
  3  the server answered with an error (the request reached it)
  4  network failure or timeout (check the host; the request may have reached the server)
  130 interrupted

Examples
  export RAINBOW_HOST=sandbox RAINBOW_TOKEN=…
  rainbow-room-invitations invite --room 56f42c1914e2a8a91b99e595 --scenario chat \\
      --emails ada@example.com,grace@example.com
  rainbow-room-invitations invite --room 56f42c1914e2a8a91b99e595 --scenario pstn-conference \\
      --users 5b1c2f3a4d5e6f7a8b9c0d02 --emails @guests.csv --lang fr --dry-run
  rainbow-room-invitations cancel --room 56f42c1914e2a8a91b99e595 --scenario chat \\
      --emails guest2@mycompany --json
`;

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

// Where each field and option of the request comes from on the command line.
const FLAG_OF = {
  roomId: '--room',
  scenario: '--scenario',
  emails: '--emails',
  users: '--users',
  confId: '--conf-id',
  lang: '--lang',
  instantMessage: '--instant-message',
  noMail: '--no-mail',
  update: '--update',
  body: 'the request',
  'options.baseUrl': '--host / RAINBOW_HOST',
  'options.token': '--token / RAINBOW_TOKEN',
  'options.timeoutMs': '--timeout',
  'options.maxRetries': '--max-retries',
};

class UsageError extends Error {}

// ---- lists: --emails / --users ------------------------------------------------------------------

const HEADER = {
  emails: /^(e-?mails?|e-?mail[ _-]?address(es)?|mail|courriel|addresse?s?)$/i,
  users: /^(users?|user[ _-]?ids?|ids?|rainbow[ _-]?ids?)$/i,
};
const LOOKS = {
  emails: (s) => s.includes('@'),
  users: (s) => /^[0-9a-f]{24}$/i.test(s),
};

// Splits one CSV line (RFC 4180 quotes) on `sep`.
function csvCells(line, sep) {
  const cells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c == '"' && line[i + 1] == '"') (cell += '"'), i++;
      else if (c == '"') quoted = false;
      else cell += c;
    } else if (c == '"') quoted = true;
    else if (c == sep) cells.push(cell), (cell = '');
    else cell += c;
  }
  cells.push(cell);
  return cells.map((s) => s.trim());
}

// The items of a file: one per line, or one column of a CSV file. Returns [{ value, from }].
function readListFile(kind, name) {
  let text;
  try {
    text = readFileSync(name == '-' ? 0 : name, 'utf8');
  } catch (e) {
    throw new UsageError(`--${kind} @${name}: can't read the file (${e.code || e.message})`);
  }
  const shown = name == '-' ? 'standard input' : name;
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((text, i) => ({ text, line: i + 1 }))
    .filter((l) => l.text.trim() != '' && !l.text.trim().startsWith('#'));
  if (lines.length == 0) return [];
  const sep = [',', ';', '\t'].find((s) => lines.some((l) => csvCells(l.text, s).length > 1));
  if (!sep) {
    const rows = HEADER[kind].test(lines[0].text.trim()) ? lines.slice(1) : lines;
    return rows.map((l) => ({ value: l.text.trim(), from: `${shown}, line ${l.line}` }));
  }
  const rows = lines.map((l) => ({ cells: csvCells(l.text, sep), line: l.line }));
  let column = rows[0].cells.findIndex((c) => HEADER[kind].test(c));
  let body = rows.slice(1);
  if (column < 0) {
    // No header naming the column: the one whose every value looks right (a header row aside).
    const width = Math.max(...rows.map((r) => r.cells.length));
    const fits = (rs, i) => rs.every((r) => !r.cells[i] || LOOKS[kind](r.cells[i])) && rs.some((r) => r.cells[i]);
    for (const rs of [rows, body]) {
      column = [...Array(width).keys()].find((i) => fits(rs, i)) ?? -1;
      if (column >= 0) {
        body = rs;
        break;
      }
    }
    if (column < 0 || body.length == 0) {
      throw new UsageError(`--${kind} @${name}: no column of ${kind == 'emails' ? 'e-mail addresses' : 'user ids'} found; name it "${kind == 'emails' ? 'email' : 'userId'}" in a header line`);
    }
  }
  return body.filter((r) => r.cells[column]).map((r) => ({ value: r.cells[column], from: `${shown}, line ${r.line}` }));
}

// --emails/--users values: lists separated by commas, semicolons or spaces, or @file.
function readList(kind, values) {
  if (!values) return undefined;
  const items = [];
  values.forEach((v, n) => {
    if (v.startsWith('@')) items.push(...readListFile(kind, v.slice(1)));
    else for (const value of v.split(/[\s,;]+/).filter(Boolean)) items.push({ value, from: `--${kind} #${n + 1}` });
  });
  return items;
}

// ---- the request ---------------------------------------------------------------------------------

function baseUrlOf(host) {
  if (host === undefined || host.trim() === '') return undefined;
  const h = host.trim();
  if (h == 'sandbox') return 'https://sandbox.openrainbow.com';
  if (h == 'official') return 'https://openrainbow.com';
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(h) ? h : `https://${h}`;
}

function wholeNumber(flag, text) {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${flag} must be a whole number, got "${text}"`);
  return Number(text);
}

function tokenOf(values, env) {
  if (values.token !== undefined && values['token-file'] !== undefined) throw new UsageError('give --token or --token-file, not both');
  if (values['token-file'] !== undefined) {
    try {
      return readFileSync(values['token-file'], 'utf8').trim();
    } catch (e) {
      throw new UsageError(`--token-file: can't read the file (${e.code || e.message})`);
    }
  }
  const token = values.token ?? env.RAINBOW_TOKEN;
  return token === undefined || token === '' ? undefined : token;
}

function parse(argv, env) {
  let parsed;
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
  if (values.room === undefined) throw new UsageError('--room is required');

  const emails = readList('emails', values.emails);
  const users = readList('users', values.users);
  const body = {};
  const set = (field, value) => value !== undefined && (body[field] = value);
  set('scenario', values.scenario);
  set('confId', values['conf-id']);
  set('users', users && users.map((i) => i.value));
  set('emails', emails && emails.map((i) => i.value));
  set('lang', values.lang);
  set('instantMessage', values['instant-message']);
  set('noMail', values['no-mail']);
  set('update', values.update);

  const baseUrl = baseUrlOf(values.host ?? env.RAINBOW_HOST);
  if (baseUrl === undefined && !values['dry-run']) throw new UsageError('no Rainbow server: give --host or set RAINBOW_HOST (sandbox, official, or a URL)');
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
    body,
    options,
    sources: { emails, users },
    dryRun: !!values['dry-run'],
    json: !!values.json,
    verbose: !!values.verbose,
  };
}

// ---- output --------------------------------------------------------------------------------------

const list = (items) => items.join(', ');
const lower = (s) => String(s).toLowerCase();

// `emails[3]` → `--emails "x@y" (guests.csv, line 5)`; `options.baseUrl` → `--host / RAINBOW_HOST`.
function where(path, sources) {
  const m = /^(emails|users)\[(\d+)\]$/.exec(path);
  const item = m && sources[m[1]] && sources[m[1]][Number(m[2])];
  if (item) return `${FLAG_OF[m[1]]} "${item.value}"${item.from.startsWith('--') ? '' : ` (${item.from})`}`;
  return FLAG_OF[path] || path;
}

function issueLines(issues, sources) {
  return issues.map((i) => `  ${where(i.path, sources)}: ${i.message}`).join('\n');
}

// Who was invited, who became a guest, what was invalid: from what was sent and what came back.
function summary(command, request, data, roomId) {
  const emails = request.emails || [];
  const users = request.users || [];
  const guestList = Array.isArray(data.guestEmails) ? data.guestEmails : [];
  const guests = new Set(guestList.map(lower));
  const invalid = [
    ...(Array.isArray(data.invalidUsers) ? data.invalidUsers : []),
    ...(Array.isArray(data.invalidEmails) ? data.invalidEmails : []),
  ];
  const bad = new Set(invalid.map(lower));
  const ok = (s) => !bad.has(lower(s));
  const out = [`${command == 'invite' ? 'Invitation' : 'Cancellation'} (${data.scenario ?? request.scenario ?? 'pstn-conference'}) for room ${roomId}: ${data.status ?? 'done'}`];
  const line = (label, items) => items.length && out.push(`  ${label} (${items.length}): ${list(items)}`);
  if (command == 'invite') {
    line('Invited Rainbow users', [...users.filter(ok), ...emails.filter((e) => ok(e) && !guests.has(lower(e)))]);
    line('New guests, e-mailed to create an account', emails.filter((e) => ok(e) && guests.has(lower(e))));
  } else if ((request.scenario ?? 'pstn-conference') == 'pstn-conference') {
    line('Told of the cancellation', [...users, ...emails].filter(ok));
    line('No longer guests', emails.filter((e) => ok(e) && !guests.has(lower(e))));
  } else {
    line('No longer guests', emails.filter((e) => ok(e) && !guests.has(lower(e))));
    line('Still guests', emails.filter((e) => ok(e) && guests.has(lower(e))));
  }
  line('Invalid', invalid);
  out.push(`  Room guests now (${guestList.length}): ${guestList.length ? list(guestList) : 'none'}`);
  return out.join('\n');
}

// An error as JSON: its name, code, message and fields (the client keeps the token out of them).
function errorJson(e) {
  const fields = {};
  for (const [k, v] of Object.entries(e)) if (k != 'cause' && k != 'reason') fields[k] = v;
  return { error: { name: e.name, code: e.code, message: e.message, ...fields } };
}

function exitCodeOf(e) {
  switch (e && e.name) {
    case 'RainbowValidationError':
      return EXIT.invalid;
    case 'RainbowApiError':
    case 'RainbowResponseError':
      return EXIT.api;
    case 'RainbowNetworkError':
    case 'RainbowTimeoutError':
      return EXIT.network;
    case 'RainbowAbortError':
      return EXIT.interrupted;
    default:
      return EXIT.failure;
  }
}

function describe(e, sources) {
  if (e.name == 'RainbowValidationError' && Array.isArray(e.errors)) {
    return `error: the request is invalid; nothing was sent.\n${issueLines(e.errors, sources)}`;
  }
  let text = `error: ${e.message}`;
  if (e.correlationId) text += `\n  correlation id: ${e.correlationId}`;
  return text;
}

// ---- main ----------------------------------------------------------------------------------------

/**
 * Runs the command line `argv` (without `node` and the script). Returns the exit code; writes
 * with `out` and `err` (functions of one string).
 */
export async function main(argv, { env = process.env, out = (s) => process.stdout.write(s), err = (s) => process.stderr.write(s), signal } = {}) {
  let cli;
  try {
    cli = parse(argv, env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`rainbow-room-invitations: ${e.message}\nRun rainbow-room-invitations --help for the options.\n`);
    return EXIT.invalid;
  }
  if (cli.help) {
    out(HELP);
    return EXIT.ok;
  }
  if (cli.version) {
    out(`${JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).version}\n`);
    return EXIT.ok;
  }

  const { command, roomId, body, options, sources, json } = cli;
  const validate = command == 'invite' ? validateJoinInvitation : validateCancelation;
  const check = validate(roomId, body, options);
  for (const w of check.warnings) err(`warning: ${where(w.path, sources)}: ${w.message}\n`);
  if (!check.valid) {
    if (json) {
      const n = check.errors.length;
      const message = `The request is invalid (${n} problem${n == 1 ? '' : 's'}); nothing was sent.`;
      const error = { name: 'RainbowValidationError', code: 'ERR_VALIDATION', message, errors: check.errors, warnings: check.warnings };
      out(`${JSON.stringify({ error }, null, 2)}\n`);
    }
    else err(`error: the request is invalid; nothing was sent.\n${issueLines(check.errors, sources)}\n`);
    return EXIT.invalid;
  }

  if (cli.dryRun) {
    const url = options.baseUrl ? `${options.baseUrl.replace(/\/+$/, '')}${check.path}` : `<RAINBOW_HOST>${check.path}`;
    const token = options.token === undefined ? 'none' : 'given';
    if (json) {
      out(`${JSON.stringify({ dryRun: true, method: 'POST', url, token, body: check.request, warnings: check.warnings }, null, 2)}\n`);
    } else {
      out(`Dry run: nothing was sent.\nPOST ${url}\n`);
      out(`Authorization: ${token == 'given' ? 'Bearer <token, not shown>' : '(no token)'}\n`);
      out(`${JSON.stringify(check.request, null, 2)}\n`);
    }
    return EXIT.ok;
  }

  const call = {
    ...options,
    signal,
    ...(cli.verbose ? { logger: (level, line) => err(`[${level}] ${line}\n`), logLevel: 'debug' } : {}),
  };
  const api = new RoomsInvitationApi(call);
  try {
    const info = await (command == 'invite'
      ? api.sendUsersJoinRoomInvitationWithHttpInfo(roomId, body)
      : api.sendUserRoomInvitationCancelationWithHttpInfo(roomId, body));
    if (json) out(`${JSON.stringify(info.data, null, 2)}\n`);
    else {
      out(`${summary(command, check.request, info.data && info.data.data ? info.data.data : {}, roomId)}\n`);
      if (info.requestId) out(`  Request id: ${info.requestId}\n`);
    }
    return EXIT.ok;
  } catch (e) {
    if (json) out(`${JSON.stringify(errorJson(e), null, 2)}\n`);
    else err(`${describe(e, sources)}\n`);
    return exitCodeOf(e);
  }
}

// Run when executed (directly, through npx or a bin link), not when imported.
const invokedAs = (() => {
  try {
    return realpathSync(process.argv[1]);
  } catch {
    return '';
  }
})();
if (invokedAs == realpathSync(fileURLToPath(import.meta.url))) {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('interrupted (SIGINT)')));
  main(process.argv.slice(2), { signal: controller.signal }).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`rainbow-room-invitations: unexpected failure: ${e && e.message}\n`);
      process.exitCode = EXIT.failure;
    },
  );
}
