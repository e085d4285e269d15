// Random call arguments: a valid body for a random scenario, then 0–3 mutations (odd values,
// bad e-mails and ids, unknown fields, throwing getters and Proxies, cycles, huge strings…).
// Each mutation that makes the request invalid by the README's rules ("Request bodies") records
// the path that must be reported, so the oracles can check that validation caught it.
import { ri, pick, chance, HEX24 } from './prng.mjs';
import { oddValue, oddString, throwingProxy, revoked, Klass } from './hostile-values.mjs';

export const ROOM = '56f42c1914e2a8a91b99e595';
const goodEmail = () => pick(['ada@example.com', 'grace@example.org', `u${ri(0, 999)}@x.co`, 'A.B+c@sub.example.com']);
const FIELDS = ['scenario', 'confId', 'users', 'emails', 'lang', 'instantMessage', 'noMail', 'update'];
// README "Request bodies": invalid for both operations (no `@`, two, a space, nothing on a side, a control character)…
const BAD_EVERYWHERE = ['no-at', 'a@@b.co', 'a b@c.co', '@x.co', 'a@', 'a\u0000@b.co'];
// …and only for an invitation (a dotted domain with valid labels, at most 64 bytes before the `@`, 254 in all).
const BAD_FOR_JOIN = ['a@b', 'a@b..co', 'x'.repeat(65) + '@b.co', 'a@' + 'b'.repeat(250) + '.co', 'a@-b.co'];

/** A body valid for `join` or `cancel` by the README's rules. */
export function validBody(join) {
  const scenario = pick(['chat', 'pstn-conference', 'video-conference']);
  const b = { scenario };
  if (scenario === 'chat') b.emails = [goodEmail()];
  else {
    if (chance(0.5)) b.users = [HEX24()]; else b.emails = [goodEmail()];
    if (chance(0.5)) (b.emails ||= []).push(goodEmail());
    if ((scenario === 'pstn-conference' || join) && chance(0.4)) b.confId = HEX24();
    if (join && chance(0.3)) b.instantMessage = 'hello';
    if (scenario === 'pstn-conference' && chance(0.3)) b.noMail = chance(0.5);
    if (join && scenario === 'pstn-conference' && chance(0.3)) b.update = true;
    if (!join && scenario !== 'pstn-conference') { delete b.users; delete b.confId; b.emails ||= [goodEmail()]; }
  }
  if (chance(0.3) && (join || scenario === 'pstn-conference')) b.lang = pick(['en', 'fr', 'en-US']);
  return b;
}

// Changes `b`; pushes onto `must` the paths that must be reported (null: some error, path not
// settled). Returns 'proxy' or 'revoked' to wrap the body, 'nondet' for a getter whose value
// changes between reads.
function mutate(b, must, join, token) {
  switch (ri(0, 23)) {
    case 0: b[pick(FIELDS)] = oddValue(); return;
    case 1: b.emails = (b.emails || []).concat(Array.from({ length: ri(1, 3000) }, goodEmail)); return;
    case 2: {
      const bad = pick([...BAD_EVERYWHERE, ...BAD_FOR_JOIN, '\uD800@b.co']);
      b.emails = [...(b.emails || []), bad]; // reported unless a later mutation replaces it: see badEmails
      return;
    }
    case 3: b.users = [...(b.users || []), pick(['xyz', HEX24().toUpperCase(), HEX24() + '0', '', 5, null, HEX24().slice(1) + 'g'])]; return;
    case 4: {
      // README: "an unknown field is an error".
      const f = pick(['email', 'user', 'scenarios', 'conf_id', 'Emails', 'foo', '__proto__', 'constructor', '\uD800', '']);
      Object.defineProperty(b, f, { value: 1, enumerable: true, configurable: true, writable: true });
      must.push(f || null);
      return;
    }
    case 5: b.scenario = oddString(); return;
    case 6: b.lang = oddString(); return;
    case 7: b.noMail = pick(['true', 1, 0, null, undefined, new Boolean(true)]); return;
    case 8: b.emails = [` ${goodEmail()} `, `\t${goodEmail()}`, `\uFEFF${goodEmail()}`, goodEmail().toUpperCase()]; return;
    case 9: { const e = goodEmail(); b.emails = [e, e.toUpperCase(), e]; return; }
    case 10: Object.setPrototypeOf(b, null); return;
    case 11: return 'proxy';
    case 12: return 'revoked';
    case 13: Object.defineProperty(b, pick(FIELDS), { enumerable: true, configurable: true, get() { throw new Error('getter throws'); } }); return;
    case 14: b.emails = (b.emails || ['a@b.co']).slice(); b.emails.self = b.emails; b.cyc = b; must.push('cyc'); return;
    case 15: {
      const first = [goodEmail()];
      let n = 0;
      Object.defineProperty(b, 'emails', { enumerable: true, configurable: true, get: () => (n++ ? ['bad'] : first) });
      return 'nondet';
    }
    case 16: b.emails = new Proxy([goodEmail(), goodEmail()], { get(t, p) { if (p === '1') throw new Error('idx'); return Reflect.get(t, p); } }); return;
    case 17: b.instantMessage = pick(['\uD800', 'x'.repeat(ri(1000, 1000001)), '\u0000\u0001', '😀'.repeat(1000)]); return;
    case 18: b[Symbol('s')] = 1; return;
    case 19: Object.defineProperty(b, 'hidden', { value: 1, enumerable: false }); return;
    case 20: b.emails = [goodEmail()]; b.emails[1000] = goodEmail(); return;
    case 21: b.confId = pick([HEX24(), 'x', HEX24().toUpperCase(), 123]); return;
    case 22: { // the token by mistake in a field (never to be shown back)
      const f = pick(['users', 'emails', 'confId', 'lang', 'instantMessage', 'scenario']);
      b[f] = f === 'users' || f === 'emails' ? [pick([token, `${token}@example.com`, ` ${token}`])] : token;
      return;
    }
    default: b.emails = Array.from({ length: ri(1, 5) }, () => 'x'.repeat(ri(100000, 400000)) + '@b.co'); return; // too long to invite
  }
}

/**
 * Whether the e-mails `b` holds after every mutation include one that must be reported (a later
 * mutation may have replaced an earlier one's): README "Request bodies", one of BAD_EVERYWHERE, or
 * for an invitation one of BAD_FOR_JOIN or one over 254 bytes.
 */
function badEmails(b, join) {
  try {
    const emails = Object.getOwnPropertyDescriptor(b, 'emails')?.value;
    return Array.isArray(emails) && emails.some((e) => BAD_EVERYWHERE.includes(e) || (join && (BAD_FOR_JOIN.includes(e) || (typeof e == 'string' && e.length > 254))));
  } catch {
    return false; // an array whose items throw: what is reported is not settled
  }
}

/** { roomId, body, must, nondet } for `join` (an invitation) or a cancellation; `token` is the case's. */
export function makeArgs(join, token) {
  const must = [];
  let nondet = false;
  let roomId = ROOM;
  if (chance(0.15)) {
    roomId = pick([oddValue(), 'x', ROOM + '/', '../' + ROOM.slice(3), ROOM.slice(1) + '%', new String(ROOM)]);
    if (typeof roomId == 'string') must.push('roomId'); // README: "roomId … is 24 hexadecimal characters"
  }
  let body = validBody(join);
  let wrap = null;
  for (let i = 0, n = chance(0.5) ? 0 : ri(1, 3); i < n; i++) {
    let r;
    try { r = mutate(body, must, join, token); } catch { continue; } // a field an earlier mutation made a getter
    if (r === 'nondet') nondet = true; else if (r) wrap = r;
  }
  if (badEmails(body, join)) must.push(null);
  const onlyRoom = () => { const room = must.includes('roomId'); must.length = 0; if (room) must.push('roomId'); };
  // A body that can't be read: which paths are reported is not settled, only that the call fails.
  if (wrap === 'proxy') { body = throwingProxy(body); onlyRoom(); }
  if (wrap === 'revoked') { body = revoked(body); onlyRoom(); }
  if (chance(0.04)) { body = pick([oddValue(), new Klass(), [body]]); onlyRoom(); }
  return { roomId, body, must, nondet };
}
