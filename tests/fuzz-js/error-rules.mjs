// The oracles on a rejection and on text the package produces, as the package documents them
// (README "Errors", pkg-template/index.d.ts): a real Error, a name and code from the documented
// set, the fields every error has, and no token. Plain JavaScript with no Node built-ins: the
// Chromium fuzzer runs the same checks in the page.

/** README "Errors": every `name` with its `code`. */
export const DOCUMENTED = {
  RainbowValidationError: 'ERR_VALIDATION',
  RainbowApiError: 'ERR_API',
  RainbowNetworkError: 'ERR_NETWORK',
  RainbowTimeoutError: 'ERR_TIMEOUT',
  RainbowAbortError: 'ERR_ABORTED',
  RainbowResponseError: 'ERR_RESPONSE',
  RainbowNotReadyError: 'ERR_NOT_READY',
  RainbowError: 'ERR_INTERNAL',
};

/**
 * What the leak oracles look for: the first 8 characters of each token (without the white space
 * around it, which the package strips), and of what follows each '.' of it when that is 8 or more
 * (README "Errors": a JWT's payload and signature are scrubbed on their own), so the whole token
 * and any run of 8 or more characters of its start or of a part's start are found. A token of
 * fewer than 8 characters is scrubbed only where it stands alone, so the fuzzers give none.
 */
export function needlesOf(tokens) {
  const out = new Set();
  for (const t of tokens) {
    if (typeof t != 'string' || t.trim().length < 8) continue;
    const parts = t.trim().split('.');
    parts.forEach((_, i) => {
      const rest = parts.slice(i).join('.');
      if (rest.length >= 8) out.add(rest.slice(0, 8));
    });
  }
  return [...out];
}

/** Where `text` holds a needle: a short excerpt around it (the needle masked), or null. */
export function leak(text, needles) {
  if (typeof text != 'string') return null;
  for (const n of needles) {
    const at = text.indexOf(n);
    if (at >= 0) return `…${text.slice(Math.max(0, at - 200), at)}<TOKEN…>${text.slice(at + n.length, at + n.length + 40)}…`;
  }
  return null;
}

/**
 * Checks one rejection. `lib` is the package (its classes), `needles` from needlesOf, `deep(e)`
 * the error shown with everything it holds (util.inspect with showHidden in Node, a walk of own
 * properties in a page). Calls `finding(kind, detail)` for each broken rule.
 */
export function checkRejection(e, { lib, needles, deep, finding }) {
  if (!(e instanceof Error)) { finding('not-an-Error', describeValue(e)); return; }
  let name, code, message;
  try { ({ name, code, message } = e); } catch (x) { finding('error-fields-throw', String(x)); return; }
  if (!Object.hasOwn(DOCUMENTED, name)) finding('undocumented-name', `${name} ${code}: ${message}`);
  else if (DOCUMENTED[name] !== code) finding('undocumented-code', `${name} has code ${code}, documented ${DOCUMENTED[name]}`);
  // README: ERR_INTERNAL is "a bug in this package, never a consequence of the input".
  if (code === 'ERR_INTERNAL') finding('ERR_INTERNAL', `${message} cause=${describeValue(e.cause)}`);
  if (typeof lib[name] == 'function' && !(e instanceof lib[name])) finding('not-its-class', `${name} is not an instance of the exported ${name}`);
  if (!(e instanceof lib.RainbowError)) finding('not-a-RainbowError', `${name}: ${message}`);
  if (typeof message != 'string' || !message.trim()) finding('empty-message', describeValue(e));
  // README: "Every error also has attempts …, mayHaveBeenDelivered …".
  if (!Number.isInteger(e.attempts) || e.attempts < 0 || typeof e.mayHaveBeenDelivered != 'boolean') {
    finding('missing-attempts', `${name} attempts=${e.attempts} mayHaveBeenDelivered=${e.mayHaveBeenDelivered}`);
  }
  let json = '';
  try { json = JSON.stringify(e); } catch (x) { finding('json-throws', String(x?.message)); }
  let shown = '';
  try { shown = deep(e); } catch (x) { finding('inspect-throws', String(x?.message)); }
  const leaks = [['message', message], ['stack', e.stack], ['JSON.stringify', json], ['inspect', shown]].map(([where, text]) => [where, leak(text, needles)]).filter(([, l]) => l);
  if (leaks.length) finding('token-in-error', `${name}, in its ${leaks.map(([where]) => where).join(', ')}: ${leaks[0][1]}`);
}

/** A short, safe description of any value (a Proxy or a throwing getter included). */
export function describeValue(v) {
  try {
    if (typeof v == 'string') return JSON.stringify(v.length > 200 ? `${v.slice(0, 200)}…(${v.length})` : v);
    if (v instanceof Error) return `${v.name}: ${v.message}`;
    return String(v);
  } catch { return `(${typeof v}, unprintable)`; }
}
