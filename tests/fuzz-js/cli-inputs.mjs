// Random command lines for the CLI fuzzer (README "Command line"): a command, a host, the token
// in one of its three ways (or a broken one), request flags whose lists come inline or from
// files (CSV with odd headers, separators, encodings, unclosed quotes, binary noise, thousands of
// rows), output flags, and flags that don't exist, shuffled and sometimes written `--flag=value`.
import fs from 'node:fs';
import path from 'node:path';
import { ri, pick, chance } from './prng.mjs';
import { ROOM } from './inputs.mjs';

const USER = '5b1c2f3a4d5e6f7a8b9c0d02';

function randomFile(dir, n, token) {
  const name = path.join(dir, `f${n}.${pick(['csv', 'txt', ''])}`);
  const email = () => pick(['ada@example.com', 'grace@example.org', 'bad-address', 'guest2@mycompany', '  spaced@example.com ', 'UPPER@EXAMPLE.COM', '"quoted@x.co"', 'a@b', '']);
  const user = () => pick([USER, USER.toUpperCase(), 'nothex', '']);
  let content;
  switch (ri(0, 12)) {
    case 0: content = Array.from({ length: ri(0, 6) }, email).join(pick(['\n', '\r\n', '\r'])); break;
    case 1: content = 'Name,Email\n' + Array.from({ length: ri(1, 5) }, () => `"Doe, J",${email()}`).join('\n'); break;
    case 2: content = '\uFEFFWork Email;userId\n' + Array.from({ length: ri(1, 5) }, () => `${email()};${user()}`).join('\r\n'); break;
    case 3: content = 'Email\n"unclosed@x.co\nada@example.com\n'; break;
    case 4: content = Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x40, 0x00, 0x62, 0x00]); break; // UTF-16LE
    case 5: content = Buffer.from(Array.from({ length: 200 }, () => ri(0, 255))); break;
    case 6: content = `# comment\n\n,,,\n${email()}\n`; break;
    case 7: content = 'x'.repeat(ri(1000, 200000)) + '@example.com\n'; break;
    case 8: content = `a\tb\tc\n1\tada@example.com\t${user()}\n`; break;
    case 9: content = Array.from({ length: ri(100, 3000) }, (_, i) => `u${i}@example.com`).join('\n'); break;
    case 10: content = ''; break;
    case 11: content = `Email\n${token}@example.com\n`; break; // the token where an address should be
    default: content = '"a""b"@x.co,"\n"\n'; break;
  }
  fs.writeFileSync(name, content);
  return name;
}

function listValue(kind, n, dir, token) {
  switch (ri(0, 9)) {
    case 0: return kind === 'emails' ? 'ada@example.com,grace@example.org' : USER;
    case 1: return kind === 'emails' ? 'ada@example.com grace@example.org;x@y.co' : `${USER},5b1c2f3a4d5e6f7a8b9c0d03`;
    case 2: return `@${randomFile(dir, n, token)}`;
    case 3: return pick(['@', '@/nonexistent/file', '@/tmp', '@/dev/null', `@${dir}`]);
    case 4: return pick(['', ',', ' , ', '@@x']);
    case 5: return kind === 'emails' ? 'bad,worse@' : 'zz';
    case 6: return 'ADA@example.com,ada@example.com';
    case 7: return 'guest2@mycompany';
    case 8: return '-leading-dash@example.com';
    default: return 'é@exämple.com';
  }
}

/** Puts the token into env or argv, one of the documented ways or a broken one. */
function giveToken(env, argv, dir, token) {
  switch (ri(0, 11)) {
    case 0: case 1: env.RAINBOW_TOKEN = token; break;
    case 2: argv.push('--token', token); break;
    case 3: argv.push(`--token=${token}`); break;
    case 4: {
      const f = path.join(dir, 'token');
      fs.writeFileSync(f, pick([token, `${token}\n`, `  ${token}\r\n`, `${token}\nsecond line`, `Bearer ${token}`]));
      argv.push('--token-file', f);
      break;
    }
    case 5: env.RAINBOW_TOKEN = pick([`${token}\r`, ` ${token}`, `Bearer ${token}`, `${token}\u00e9`, `${token} ${token}`, `"${token}"`]); break;
    case 6: argv.push('--token', pick([`Bearer ${token}`, ` ${token} `, `${token}\n`])); break;
    case 7: env.RAINBOW_TOKEN = token; argv.push('--token-file', '/nonexistent'); break;
    case 8: env.RAINBOW_TOKEN = token; argv.push('--token', token, '--token-file', '/dev/null'); break;
    case 9: break; // none
    case 10: argv.push('--token-file', pick(['/tmp', '/dev/null', dir])); env.RAINBOW_TOKEN = token; break;
    default: env.RAINBOW_TOKEN = ''; argv.push('--token', token); break;
  }
}

/** { argv, env } for one run of the CLI against `origin` (the hostile server); `stall`: the server may never answer. */
export function commandLine({ origin, port, dir, token, stall }) {
  const env = {};
  const argv = [];
  const command = pick(['invite', 'invite', 'cancel', 'cancel', 'help', 'bogus', null, 'INVITE']);
  if (command) argv.push(command);
  // A server that may never answer needs a short --timeout (the default is 30 s), given first so
  // that no `--` makes it an argument: input shaping, not an oracle.
  if (stall) argv.push('--timeout', '400');
  const host = pick([origin, origin, `127.0.0.1:${port}`, `localhost:${port}`, `${origin}/`, 'http://127.0.0.1:1', `https://127.0.0.1:${port}`, `[::1]:${port}`,
    `${origin}?x=1`, pick(['sandbox', ' ', '', 'ftp://x', 'http://u:p@127.0.0.1:1', 'http://[::1]:1', 'exa mple.com', `${origin}/api/rainbow/enduser/v1.0`, 'http://10.255.255.1:1'])]);
  if (chance(0.5)) env.RAINBOW_HOST = host; else argv.push('--host', host);
  giveToken(env, argv, dir, token);
  const flags = [];
  if (chance(0.95)) flags.push(['--room', chance(0.9) ? ROOM : pick(['xyz', ROOM.toUpperCase(), `${ROOM}/`, '', '-x'])]);
  if (chance(0.9)) flags.push(['--scenario', chance(0.85) ? pick(['chat', 'pstn-conference', 'video-conference']) : pick(['Chat', 'nope', ''])]);
  for (let n = 0, count = ri(0, 3); n < count; n++) flags.push(['--emails', listValue('emails', n, dir, token)]);
  if (chance(0.3)) flags.push(['--users', listValue('users', 9, dir, token)]);
  if (chance(0.15)) flags.push(['--conf-id', pick(['5c8f1e2d3b4a596877a6b5c4', 'x'])]);
  if (chance(0.15)) flags.push(['--lang', pick(['fr', 'en-US', 'xx-', '1'])]);
  if (chance(0.1)) flags.push(['--instant-message', pick(['hi', '', 'x'.repeat(2000)])]);
  for (const b of ['--no-mail', '--update', '--skip-invalid', '--allow-insecure-http', '--dry-run', '--json', '--verbose']) if (chance(0.15)) flags.push([b]);
  if (!stall && chance(0.3)) flags.push(['--timeout', pick(['300', '1', '0', 'abc', '-5', ' 100 ', '1e3', '99999999999', '2147483648'])]);
  if (chance(0.2)) flags.push(['--max-retries', pick(['0', '1', '11', 'x', '2'])]);
  if (chance(0.06)) flags.push([pick(['--email', '--roomid', '-r', '--Token', '--no-mail=true', '--json=1', '--', 'extra', '-h', '--version', '--help', '-room', '--hots'])]);
  for (let k = flags.length - 1; k > 0; k--) { const j = ri(0, k); [flags[k], flags[j]] = [flags[j], flags[k]]; }
  for (const f of flags) if (f.length === 2 && chance(0.2)) argv.push(`${f[0]}=${f[1]}`); else argv.push(...f);
  return { argv, env };
}
