// The README's "Retries" section as an oracle: after which answer the server may see the same
// POST again. An attempt is sent again only where the server provably did not act on it:
//   "a 429 (the server refused before acting);
//    a 503 that carries a Retry-After (or retry-after-ms) that can be read; …
//    a 401 whose details say the token expired, once, with the token getToken gives next (so only
//    when getToken is given …)."
//   "Nothing else is retried: not a timeout after sending, nor 408, 409, 500, 502, 504, a reset
//    connection …"
//   "The wait is the server's retry-after-ms, else Retry-After (seconds or an HTTP date), when it
//    is at most 60 s; a longer one fails at once … A wait longer than what is left of
//    totalTimeoutMs also fails at once."
// and README "Options": "After a 421 Misdirected Request (the server did not act on the request),
// the Fetch standard has fetch send it once more on a new connection … the package's own use of
// Node's fetch sends it without its body (an empty POST …) … The package itself never sends it
// again." These are the only excuses for a second copy.

const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const NUMBER_LIKE = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The value of header `name` in an answer's [name, value] list (repeated headers joined as fetch joins them). */
export function headerOf(headers, name) {
  const vs = headers.filter(([k]) => k.toLowerCase() === name).map(([, v]) => String(v));
  return vs.length ? vs.join(', ') : undefined;
}

/**
 * The wait a server asked for, as the README reads it: a number of ms; null when there is none
 * that can be read; undefined when the README does not settle whether it can be read (a number
 * that is not a whole one, such as `0.5` or `1e3`), where either reading is accepted.
 */
export function serverWaitMs(headers, nowMs = Date.now()) {
  const ms = headerOf(headers, 'retry-after-ms')?.trim();
  if (ms !== undefined) {
    if (/^\d+$/.test(ms)) return Number(ms);
    if (NUMBER_LIKE.test(ms)) return undefined;
  }
  const ra = headerOf(headers, 'retry-after')?.trim();
  if (ra === undefined) return null;
  if (/^\d+$/.test(ra)) return Number(ra) * 1000; // delay-seconds: 1*DIGIT (RFC 9110)
  if (IMF_FIXDATE.test(ra) && !Number.isNaN(Date.parse(ra))) return Math.max(0, Date.parse(ra) - nowMs);
  return NUMBER_LIKE.test(ra) ? undefined : null;
}

/**
 * May the server see the request again after answering `answer` ({ status, headers })? `call`
 * says { getToken: boolean, renewed: boolean (a 401 was already retried), totalTimeoutMs }.
 * Returns 'retry' (the package may send it again), 'platform' (a 421: fetch itself may), or a
 * reason why not.
 */
export function mayResend(answer, call) {
  const { status, headers = [] } = answer;
  if (status === 421) return 'platform';
  if (status === 401) {
    if (!call.getToken) return 'a 401 is retried only when getToken is given';
    return call.renewed ? 'a 401 is retried once' : 'retry';
  }
  if (status !== 429 && status !== 503) return `a ${status} is never retried`;
  const wait = serverWaitMs(headers, answer.sentAtMs ?? Date.now());
  if (wait === undefined) return 'retry';
  if (wait === null) return status === 429 ? 'retry' : 'a 503 without a Retry-After that can be read is not retried';
  if (wait > 60_000) return `a wait of ${wait} ms (over 60 s) fails at once`;
  if (call.totalTimeoutMs != null && wait > call.totalTimeoutMs) return `a wait of ${wait} ms, longer than totalTimeoutMs, fails at once`;
  return 'retry';
}

/**
 * Checks the requests one call made, in the order the server got them, against the answers it
 * gave (`answers[k]` answered request k; `null` for none: a connection closed or left without a
 * status). `ownFetch`: the package's own fetch (then a copy after a 421 must be an empty POST).
 * Returns { attempts, problems }: the requests that count as the package's attempts (not fetch's
 * own copy after a 421) and what broke the rules.
 */
export function checkResends(requests, answers, call, maxRetries, ownFetch) {
  const problems = [];
  let attempts = requests.length ? 1 : 0;
  let renewed = false;
  let copy = false; // request k is fetch's own copy after a 421
  for (let k = 0; k + 1 < requests.length; k++) {
    const a = answers[k];
    let why = a ? mayResend(a, { ...call, renewed }) : 'no status was sent (the server may have acted)';
    if (why === 'platform' && copy) why = 'fetch sends a request again after a 421 only once';
    if (copy && ownFetch) why = 'after fetch\'s empty copy the call fails (README Options: "sends it without its body … and fails")';
    if (a?.status === 401) renewed = true;
    copy = why === 'platform';
    if (copy) {
      if (ownFetch && requests[k + 1].body !== '') problems.push(`request ${k + 2} after a 421 carried a body (README: Node's fetch sends it without one)`);
      continue; // fetch's copy, not one of the package's attempts
    }
    if (why !== 'retry') problems.push(`request ${k + 2} was sent after request ${k + 1} got ${a ? a.status : 'no answer'}: ${why}`);
    attempts++;
  }
  // README: "at most maxRetries times (default 2)".
  if (attempts > maxRetries + 1) problems.push(`${attempts} attempts with maxRetries ${maxRetries}`);
  return { attempts, problems };
}

/**
 * Checks the calls the package made to a custom fetch that answered `seen` ({ status, headers }
 * each, in order), within a call allowed `maxRetries` (no getToken). A 421's second try is the
 * platform fetch's doing, never the package's ("The package itself never sends it again").
 */
export function checkFetchCalls(seen, maxRetries, totalTimeoutMs) {
  const problems = [];
  for (let k = 0; k + 1 < seen.length; k++) {
    const why = Number.isInteger(seen[k].status) ? mayResend(seen[k], { getToken: false, renewed: false, totalTimeoutMs }) : 'not a status';
    if (why !== 'retry') problems.push(`fetch call ${k + 2} after ${JSON.stringify(seen[k])}: ${why === 'platform' ? 'the package itself never sends a 421 again' : why}`);
  }
  if (seen.length > maxRetries + 1) problems.push(`${seen.length} fetch calls with maxRetries ${maxRetries}`);
  return problems;
}
