#!/usr/bin/env node
// `npx rainbow-room-invitations invite|cancel …`: the two calls from a shell. This file runs one
// command line from start to end; its parts are in cli/: help.js (the --help text), arguments.js
// (flags and usage errors, the server and token), lists.js (the --emails/--users lists and
// files), output.js (problems, the summary, the dry run) and failures.js (a failed call in the
// command line's words, the exit codes).
// The token is read from --token, --token-file or RAINBOW_TOKEN and never printed: not in the
// summary, the dry run, the JSON output, the errors (the client scrubs them; every line written
// here is scrubbed too, of every token given, used or not, unless it is under 8 characters, which
// would mangle the text) or the --verbose log (the client redacts Authorization).
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RoomsInvitationApi, validateJoinInvitation, validateCancelation } from './node.js';
import { scrub } from './errors.js';
import { HELP } from './cli/help.js';
import { UsageError, isLoopback, parseCommandLine, wantsJson } from './cli/arguments.js';
import { readLists } from './cli/lists.js';
import { dryRunReport, inFlagWords, invalidReport, issueText, itemAt, located, summary } from './cli/output.js';
import { EXIT, exitCodeOf, failure, failureJson, failureText } from './cli/failures.js';

// The request's body from the flags and the lists' items.
function bodyOf(values, sources) {
  const body = {};
  const set = (field, value) => value !== undefined && (body[field] = value);
  set('scenario', values.scenario);
  set('confId', values['conf-id']);
  set('users', sources.users && sources.users.map((i) => i.value));
  set('emails', sources.emails && sources.emails.map((i) => i.value));
  set('lang', values.lang);
  set('instantMessage', values['instant-message']);
  set('noMail', values['no-mail']);
  set('update', values.update);
  return body;
}

/**
 * Validates the request made of the command line and its lists. With --skip-invalid, the list
 * problems and the items the validation refuses are left out (and listed in `skipped`);
 * without, they are errors. Returns { body, check, sources, errors, warnings, skipped }.
 */
function validated(cli, lists) {
  const validate = cli.command == 'invite' ? validateJoinInvitation : validateCancelation;
  // The token's problems name the flag it came from; the host's, the host as given.
  const tokenFlag = cli.values['token-file'] !== undefined ? '--token-file' : undefined;
  const { host } = cli;
  let sources = { emails: lists.emails, users: lists.users, tokenFlag, host };
  let body = bodyOf(cli.values, sources);
  let check = validate(cli.roomId, body, cli.options);
  const skipped = cli.skipInvalid ? [...lists.problems] : [];
  if (cli.skipInvalid) {
    const refused = check.errors.filter((i) => itemAt(i.path, sources));
    if (refused.length) {
      // Without their `path`: an index into a list that no longer holds them.
      skipped.push(...refused.map((i) => located(i, sources)).map(({ path, ...item }) => item));
      const left = new Set(refused.map((i) => itemAt(i.path, sources)));
      const keep = (items) => items && items.filter((i) => !left.has(i));
      sources = { emails: keep(sources.emails), users: keep(sources.users), tokenFlag, host };
      body = bodyOf(cli.values, sources);
      check = validate(cli.roomId, body, cli.options);
    }
  }
  // In the order of each file's lines (a file at a time), whichever check refused the row.
  const files = [...new Set(skipped.map((s) => s.file))];
  skipped.sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file) || (a.line ?? 0) - (b.line ?? 0));
  const errors = [...(cli.skipInvalid ? [] : lists.problems), ...check.errors.map((i) => located(i, sources))];
  const warnings = check.warnings.map((w) => located(w, sources));
  return { body, check, sources, errors, warnings, skipped };
}

// The warning of a dry run that a real server would refuse for want of a token.
function noTokenWarning(options) {
  if (options.token !== undefined || options.baseUrl === undefined) return undefined;
  const url = new URL(options.baseUrl);
  if (isLoopback(url.hostname)) return undefined;
  return {
    code: 'no_token',
    flag: '--token / RAINBOW_TOKEN',
    message: `none given; sent for real, this request would be answered 401 Unauthorized by ${url.host}. Set RAINBOW_TOKEN or give --token-file.`,
  };
}

// The tokens the command line gives, whether used or not: --token's, RAINBOW_TOKEN, and any JWT
// pasted elsewhere by mistake (`--token-file <jwt>`, another flag's value, an argument of its
// own), which would otherwise be quoted back.
const secretsOf = (argv, env) => [
  env.RAINBOW_TOKEN,
  ...argv.flatMap((a, i) => (a == '--token' ? [argv[i + 1]] : a.startsWith('--token=') ? [a.slice(8)] : [])),
  ...argv.flatMap((a) => String(a).match(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g) || []),
];

// `s` scrubbed of each of `secrets`, as the client sends it (without the blanks around it) and of
// any run of its start; and in lower case too, as a host name holds it (`--host <token>` by
// mistake: "the host name … was not found").
const scrubOf = (s, secrets) => {
  const given = secrets.map((t) => (typeof t == 'string' ? t.trim() : '')).filter((t) => t.length >= 8);
  return scrub(s, given.flatMap((t) => [t, t.toLowerCase()]), '<token>');
};

/**
 * Runs the command line `argv` (without `node` and the script). Returns the exit code; writes
 * with `out` and `err` (functions of one string).
 */
export async function main(argv, { env = process.env, out = (s) => process.stdout.write(s), err = (s) => process.stderr.write(s), signal } = {}) {
  const json = wantsJson(argv);
  // Every token the command line can see, whether used or not (see secretsOf, then --token-file's).
  const secrets = secretsOf(argv, env);
  const scrubbed = (write) => (s) => write(scrubOf(s, secrets));
  out = scrubbed(out);
  err = scrubbed(err);
  let cli;
  let lists;
  try {
    cli = parseCommandLine(argv, env);
    if (!cli.help && !cli.version) lists = readLists(cli.values);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    if (json) out(`${JSON.stringify({ error: { name: 'UsageError', code: 'ERR_USAGE', message: e.message, ...e } }, null, 2)}\n`);
    else err(`rainbow-room-invitations: ${e.message}\nRun rainbow-room-invitations --help for the options.\n`);
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

  const { command, roomId, options, skipInvalid } = cli;
  secrets.push(options.token);
  const { body, check, sources, errors, warnings, skipped } = validated(cli, lists);
  for (const s of skipped) err(`warning: skipped ${issueText(s)}\n`);
  for (const w of warnings) err(`warning: ${issueText(w)}\n`);
  const shownSkipped = skipInvalid ? skipped : undefined;
  // A JSON output with what --skip-invalid left out, when it was given.
  const withSkipped = (o) => (skipInvalid ? { ...o, skipped } : o);
  if (errors.length) {
    const canSkip = !skipInvalid && errors.some((x) => x.file !== undefined || itemAt(x.path, sources));
    (json ? out : err)(invalidReport(errors, warnings, { json, canSkip, skipped: shownSkipped }));
    return EXIT.invalid;
  }

  if (cli.dryRun) {
    const noToken = noTokenWarning(options);
    if (noToken) err(`warning: ${issueText(noToken)}\n`);
    const url = options.baseUrl ? `${options.baseUrl.replace(/\/+$/, '')}${check.path}` : `<RAINBOW_HOST>${check.path}`;
    const allWarnings = noToken ? [...warnings, noToken] : warnings;
    out(dryRunReport({ url, token: options.token !== undefined, request: check.request, warnings: allWarnings, skipped: shownSkipped, json }));
    return EXIT.ok;
  }

  const call = {
    ...options,
    signal,
    // The library's log in the command line's words; but for its warnings (its only 'warn'
    // lines), printed above already as the validation's.
    ...(cli.verbose ? { logger: (level, line) => level != 'warn' && err(`[${level}] ${inFlagWords(line, sources)}\n`), logLevel: 'debug' } : {}),
  };
  const api = new RoomsInvitationApi(call);
  try {
    const info = await (command == 'invite'
      ? api.sendUsersJoinRoomInvitationWithHttpInfo(roomId, body)
      : api.sendUserRoomInvitationCancelationWithHttpInfo(roomId, body));
    // The warnings printed on standard error, in the JSON too (as a dry run's, and beside an
    // error), for a program that reads only standard output.
    if (json) out(`${JSON.stringify(withSkipped({ ...info.data, warnings }), null, 2)}\n`);
    else {
      out(`${summary(command, check.request, info.data && info.data.data ? info.data.data : {}, roomId, skipped)}\n`);
      if (info.requestId) out(`  Request id: ${info.requestId}\n`);
    }
    return EXIT.ok;
  } catch (e) {
    if (e && e.name == 'RainbowValidationError' && Array.isArray(e.errors)) {
      const issues = e.errors.map((i) => located(i, sources));
      (json ? out : err)(invalidReport(issues, warnings, { json, canSkip: false, skipped: shownSkipped }));
    } else {
      const f = failure(e, { command, options, roomId, hostFlag: cli.host && cli.host.flag });
      if (json) out(`${JSON.stringify(withSkipped({ error: failureJson(e, f), warnings }), null, 2)}\n`);
      else err(failureText(e, f));
    }
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
  // A reader that goes away (`| head`) ends the output, not the run with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e) => {
      if (!e || e.code != 'EPIPE') throw e;
    });
  }
  const run = main(process.argv.slice(2), { signal: controller.signal });
  // Handled from here, once main has read its lists (standard input blocks until its end): before,
  // Ctrl-C ends the process at once, as nothing has been sent.
  process.once('SIGINT', () => controller.abort(new Error('interrupted (SIGINT)')));
  run.then(
    (code) => (process.exitCode = code),
    (e) => {
      // Scrubbed too, of what the command line gave: main's own writers are out of reach here.
      process.stderr.write(scrubOf(`rainbow-room-invitations: unexpected failure: ${e && e.message}\n`, secretsOf(process.argv.slice(2), process.env)));
      process.exitCode = EXIT.failure;
    },
  );
}
