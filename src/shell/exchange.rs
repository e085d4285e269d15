//! One attempt: the POST handed to fetch, and its whole answer read within the attempt's timeout.
//! The platform's fetch is called directly with `(url, init)` (see the README's Performance for
//! why not with a `Request`); a caller's own fetch the same way, through js-sys. The platform's
//! `Response` is read through gloo-net (its type, status and headers); whatever a custom fetch
//! resolves to (a `Response` too) is read as far as it looks like one, every read guarded. Both
//! bodies are read the same way (see `Body`).

use gloo_net::http::{Headers, Response};
use js_sys::{Array, ArrayBuffer, Function, JsString, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortController;

use super::js;
use super::promise;
use super::read::{get, method, string, try_get, Reader, ANSWER_DEPTH};
use super::stopper::{Interrupted, Stopper};
use crate::response::Answer;
use crate::retry::BAD_PORT;
use crate::value::Value;

const NOT_A_RESPONSE: &str = "fetch returned something that is not a Response";
/// Why an answer nested deeper than any Rainbow answer can't be read.
const TOO_DEEP: &str = "the body is nested more than 64 levels deep";

/// How an attempt ended.
pub enum Outcome {
    /// The server answered; `headers` is the response's `Headers` (for `…WithHttpInfo`).
    Answered { answer: Answer, headers: JsValue },
    /// No answer: `detail` is what the platform said, `code` Node's `cause.code`.
    NotAnswered { detail: String, code: Option<String>, cause: JsValue },
    /// The server answered `status`, but its body broke off before its end.
    BrokeOff { status: u16, detail: String, cause: JsValue },
    /// A redirect the platform refused to follow, or hid (`location` unknown then).
    Redirected { cause: JsValue },
    /// The body is larger than `maxResponseBytes`; it was not read.
    TooLarge { status: u16, request_id: Option<String> },
    /// A timeout or the caller's signal ended it.
    Stopped,
}

/// Which fetch a call uses.
pub struct Fetch {
    /// The caller's own, or `None` for the platform's.
    pub custom: Option<Function>,
    /// The platform's fetch is Node's (undici), which copies a request, body stream included,
    /// unless it has no window and refuses redirects.
    pub node: bool,
}

/// What an attempt sends.
pub struct Sending<'a> {
    pub url: &'a str,
    pub headers: &'a [(String, String)],
    pub body: &'a JsString,
    pub timeout_ms: u32,
}

/// What fetch returned for a request, and whether it is the platform's own fetch, whose promise
/// ends when the controller aborts: it needs no race (its body's reads do, see `Step::Wait`).
pub struct Sent {
    pub promise: JsValue,
    pub trusted: bool,
}

/// The first step of an attempt: the request handed to fetch, the attempt's timeout armed (the
/// driver disarms it once the attempt has ended). Its later steps: the `Sent` promise awaited, then
/// `head`, the body (`Body`), `answer`.
pub fn send(stopper: &Stopper, fetch: &Fetch, sending: &Sending<'_>) -> Result<Sent, Outcome> {
    // The attempt's controller, which `arm` aborts if the call stops; `None` where the platform
    // has none (then only `Stopper::wait`'s race ends the attempt).
    let controller = AbortController::new().ok();
    let trusted = fetch.custom.is_none() && controller.is_some();
    let init = init(fetch, sending, controller.as_ref());
    stopper.arm(sending.timeout_ms, controller);
    let called = match &fetch.custom {
        None => js::global_fetch(sending.url, &init).map(JsValue::from),
        Some(f) => js::call2(f, &JsValue::UNDEFINED, &sending.url.into(), &init).map(Option::unwrap_or_default),
    };
    match called {
        Ok(promise) => Ok(Sent { promise, trusted }),
        // A fetch that throws rather than rejects failed the same way.
        Err(e) if stopper.stopped().is_none() => Err(not_answered(e)),
        Err(_) => Err(Outcome::Stopped),
    }
}

/// The fetch's `init`, a plain object (as `new RequestInit()` makes one), set field by field
/// through one binding rather than a setter binding per field.
fn init(fetch: &Fetch, sending: &Sending, controller: Option<&AbortController>) -> Object {
    let init = Object::new();
    // Refused rather than followed on Node, which also spares undici its copy (a redirect then
    // rejects as "unexpected redirect", see `not_answered`); a browser answers a redirect with an
    // opaque one, told apart in `head`.
    let node = fetch.custom.is_none() && fetch.node;
    let fields: [(&str, JsValue); 5] = [
        ("method", "POST".into()),
        ("headers", headers_object(sending.headers)),
        ("body", sending.body.into()),
        ("signal", controller.map_or(JsValue::UNDEFINED, |c| get(c, "signal"))),
        ("redirect", if node { "error" } else { "manual" }.into()),
    ];
    for (key, value) in fields {
        let _ = Reflect::set(&init, &key.into(), &value);
    }
    if node {
        let _ = Reflect::set(&init, &"window".into(), &JsValue::NULL);
    }
    init
}

/// The headers as a plain object (what a custom fetch's `init.headers` was always given), made
/// by `Object.fromEntries`, so that a header named `__proto__` is a header, not the object's
/// prototype.
fn headers_object(headers: &[(String, String)]) -> JsValue {
    let entries = Array::new();
    for (i, (name, value)) in (0u32..).zip(headers) {
        entries.set(i, Array::of2(&name.into(), &value.into()).into());
    }
    js::object_from_entries(&entries).ok().flatten().map_or_else(|| Object::new().into(), JsValue::from)
}

/// What the platform reported: Node's `cause.code` (ECONNREFUSED, ENOTFOUND…) when there is one,
/// else the error's message ("Failed to fetch" in browsers).
fn not_answered(cause: JsValue) -> Outcome {
    let inner = get(&cause, "cause");
    if string(&inner, "message").as_deref() == Some("unexpected redirect") {
        return Outcome::Redirected { cause };
    }
    let (inner_code, outer_code) = (string(&inner, "code"), string(&cause, "code"));
    if inner_code.as_deref() == Some("UND_ERR_REQ_CONTENT_LENGTH_MISMATCH") {
        // Node's fetch sends a request again after a 421, on a new connection, but without its
        // body (already sent): the server gets an empty POST, and fetch fails.
        let detail = "the server answered 421 Misdirected Request; Node's fetch sent it again without its body".into();
        return Outcome::NotAnswered { detail, code: None, cause };
    }
    let said = [inner_code, outer_code, string(&inner, "message"), string(&cause, "message")];
    // Node's refusal of a bad port has no code, only that message.
    let bad_port = said[2].as_deref() == Some(BAD_PORT);
    let code = said[0].as_ref().or(said[1].as_ref()).cloned().or_else(|| bad_port.then(|| BAD_PORT.into()));
    let detail = said.iter().flatten().find(|s| !s.is_empty()).cloned().unwrap_or_else(|| "the request failed".into());
    Outcome::NotAnswered { detail, code, cause }
}

/// A header of an answer: the platform's `Response`'s through gloo-net's `Headers`, a stand-in's
/// through its own `headers.get` (read afresh each time, as a custom fetch may make them up).
fn header(genuine: Option<&Headers>, res: &JsValue, name: &str) -> Option<String> {
    match genuine {
        Some(headers) => headers.get(name),
        None => {
            let headers = get(res, "headers");
            js::call1(&method(&headers, "get")?, &headers, &name.into()).ok()??.as_string()
        }
    }
}

/// An answer as far as it is read before its body.
pub struct Head {
    res: JsValue,
    trusted: bool,
    /// `maxResponseBytes`.
    max: u32,
    status: u16,
    /// The platform's `Response`'s headers; `None` for a stand-in.
    headers: Option<Headers>,
    request_id: Option<String>,
    body: JsValue,
    /// The platform's answer of a known length within the cap, and not compressed: read whole.
    whole: bool,
}

/// What fetch resolved to, read as far as its status and first headers, or how the attempt ends
/// without its body (fetch failed or was stopped, a redirect, not a response, a declared length
/// over `max`).
pub fn head(fetched: Result<JsValue, Interrupted>, sent: &Sent, max: u32) -> Result<Head, Outcome> {
    let trusted = sent.trusted;
    let res = match fetched {
        Ok(res) => res,
        Err(Interrupted::Failed(e)) => return Err(not_answered(e)),
        Err(Interrupted::Stopped(_)) => return Err(Outcome::Stopped),
    };
    // The platform's own `Response`, through gloo-net. What a custom fetch gave is read as a
    // stand-in, each read guarded, even when it passes for a `Response`: a Proxy of one does, and
    // its getters may throw (gloo-net's bindings don't catch). Its status may be anything.
    let genuine = if trusted { res.clone().dyn_into::<web_sys::Response>().ok().map(Response::from) } else { None };
    let opaque_redirect = match &genuine {
        Some(r) => r.type_() == web_sys::ResponseType::Opaqueredirect,
        None => string(&res, "type").as_deref() == Some("opaqueredirect"),
    };
    if opaque_redirect {
        return Err(Outcome::Redirected { cause: res });
    }
    let status = match &genuine {
        Some(r) => Some(r.status()),
        // A status getter that throws: what it threw is the cause, not the stand-in, which the
        // platform's own inspection of a Response (undici's) would read again, and throw.
        None => match try_get(&res, "status") {
            Ok(s) => s.as_f64().filter(|s| s.fract() == 0.0 && (100.0..=599.0).contains(s)).map(|s| s as u16),
            Err(thrown) => return Err(Outcome::NotAnswered { detail: NOT_A_RESPONSE.into(), code: None, cause: thrown }),
        },
    };
    let Some(status) = status else {
        return Err(Outcome::NotAnswered { detail: NOT_A_RESPONSE.into(), code: None, cause: res });
    };
    let headers = genuine.as_ref().map(Response::headers);
    let request_id = header(headers.as_ref(), &res, "x-rainbow-request-id");
    let declared = header(headers.as_ref(), &res, "content-length").and_then(|l| l.trim().parse::<u64>().ok());
    let body = get(&res, "body");
    if declared.is_some_and(|n| n > u64::from(max)) {
        cancel(&body);
        return Err(Outcome::TooLarge { status, request_id });
    }
    // Read whole (uncapped `text()`) only when the declared length is the text's: the platform's
    // own answer with no Content-Encoding. A compressed answer's Content-Length counts the
    // compressed bytes, and a cross-origin answer (type "cors") hides Content-Encoding unless the
    // server exposes it; both are streamed, and what the platform decodes is counted.
    let whole = declared.is_some()
        && genuine.as_ref().is_some_and(|r| r.type_() != web_sys::ResponseType::Cors)
        && header(headers.as_ref(), &res, "content-encoding").is_none_or(|e| e.trim().eq_ignore_ascii_case("identity"));
    Ok(Head { res, trusted, max, status, headers, request_id, body, whole })
}

/// The whole answer, once its body was read (`None`: it was larger than the cap).
pub fn answer(stopper: &Stopper, head: Head, text: Result<Option<String>, Interrupted>) -> Outcome {
    let Head { res, status, headers, request_id, .. } = head;
    let text = match text {
        Ok(None) => return Outcome::TooLarge { status, request_id },
        Ok(Some(text)) if stopper.stopped().is_none() => text,
        Err(Interrupted::Failed(e)) if stopper.stopped().is_none() => {
            return match not_answered(e) {
                Outcome::NotAnswered { detail, cause, .. } => Outcome::BrokeOff { status, detail, cause },
                other => other,
            };
        }
        _ => return Outcome::Stopped,
    };
    let json = parse_json(&text).map(|v| {
        let mut reader = Reader::answer();
        let value = reader.value(&v, ANSWER_DEPTH);
        if reader.too_deep { Value::Opaque(TOO_DEEP) } else { value }
    });
    // A wait is only read from an error's answer, a location from a redirect's: each header read
    // is a call into JS.
    let failed = !(200..300).contains(&status);
    let header = |name: &str, wanted: bool| if wanted { header(headers.as_ref(), &res, name) } else { None };
    let answer = Answer {
        status,
        text,
        json,
        request_id,
        retry_after_ms: header("retry-after-ms", failed),
        retry_after: header("retry-after", failed),
        location: header("location", (300..400).contains(&status)),
    };
    let headers = headers.map_or_else(|| get(&res, "headers"), |h| h.into_raw().into());
    Outcome::Answered { answer, headers }
}

/// A body being read as text: from its stream, its size checked as it comes, or (a custom fetch's
/// stand-in without one) from `text()`. An answer read whole goes through `Response.text()` (its
/// failures are the platform's own errors, so it is awaited as they come). The driver awaits each
/// promise it asks for (`step`), and hands back what it settled to.
pub struct Body<'a> {
    head: &'a Head,
    /// The stream's reader; `None` for a body read through `text()`.
    reader: Option<JsValue>,
    bytes: Vec<u8>,
}

/// What reading a body needs next.
pub enum Step {
    /// The promise to await. Raced with the stop even when it is the platform's own: Node's
    /// `text()` and stream reads can stay pending after the attempt's abort (once its fetch's
    /// request was collected, the abort no longer reaches the body; a body that fails to
    /// decompress and ends with the connection).
    Wait(JsValue),
    /// The body's text, `None` when it is larger than `max` bytes.
    Done(Result<Option<String>, Interrupted>),
}

impl Body<'_> {
    pub fn new(head: &Head) -> Body<'_> {
        let body = &head.body;
        let reader = if head.whole { None } else { method(body, "getReader").and_then(|get_reader| js::call0(&get_reader, body).ok()).map(Option::unwrap_or_default) };
        Body { head, reader, bytes: Vec::new() }
    }

    /// The next step, given what the last promise settled to (`None` at first).
    pub fn step(&mut self, settled: Option<Result<JsValue, Interrupted>>) -> Step {
        let Head { ref res, trusted, max, whole, .. } = *self.head;
        let Some(reader) = &self.reader else {
            return match settled {
                None => match method(res, "text") {
                    None => Step::Done(Ok(Some(String::new()))),
                    Some(text) => match js::call0(&text, res) {
                        Ok(promised) => Step::Wait(promised.unwrap_or_default()),
                        Err(e) => Step::Done(Err(Interrupted::Failed(e))),
                    },
                },
                Some(settled) => Step::Done(settled.map(|text| {
                    let text = text.as_string().unwrap_or_default();
                    (whole || text.len() <= max as usize).then_some(text)
                })),
            };
        };
        if let Some(settled) = settled {
            let chunk = match settled {
                Ok(chunk) => chunk,
                Err(e) => return Step::Done(Err(e)),
            };
            if get(&chunk, "done").is_truthy() {
                // Decoded as the platform's `text()` decodes a body read whole (UTF-8 decode):
                // lossy, as the server's bytes may not be UTF-8, and without a leading BOM.
                let bytes = self.bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&self.bytes);
                return Step::Done(Ok(Some(String::from_utf8_lossy(bytes).into_owned())));
            }
            let value = get(&chunk, "value");
            // A chunk of another realm fails `instanceof` (Node's fetch beside jsdom's globals, in
            // a test environment): any view of bytes is taken, copied.
            let own = value.is_instance_of::<Uint8Array>();
            if own || ArrayBuffer::is_view(&value) {
                // The platform's own chunks as they are; any other copied by the engine, so that
                // its length can't lie (a detached one fails here).
                let part = match trusted && own {
                    true => value.unchecked_into::<Uint8Array>(),
                    false => match js::copy_bytes(&value) {
                        Ok(part) => part,
                        Err(e) => return Step::Done(Err(Interrupted::Failed(e))),
                    },
                };
                if self.bytes.len() as u64 + u64::from(part.length()) > u64::from(max) {
                    cancel(reader);
                    return Step::Done(Ok(None));
                }
                // Copied once, into the end of the body read so far.
                let at = self.bytes.len();
                self.bytes.resize(at + part.length() as usize, 0);
                if let Some(tail) = self.bytes.get_mut(at..) {
                    part.copy_to(tail);
                }
            }
        }
        let Some(read) = method(reader, "read") else { return Step::Done(Err(Interrupted::Failed(JsValue::UNDEFINED))) };
        match js::call0(&read, reader) {
            Ok(chunk) => Step::Wait(chunk.unwrap_or_default()),
            Err(e) => Step::Done(Err(Interrupted::Failed(e))),
        }
    }
}

/// What `JSON.parse` makes of `text`, or `None` when it is not JSON. Only a text that starts like
/// an object or an array is parsed: bodies that are not JSON (a proxy's error page, an empty 409)
/// are ordinary, and each would cost an exception. A malformed one that starts with `{` (a body
/// cut short) throws, caught by `js::json_parse`, which keeps nothing of it.
fn parse_json(text: &str) -> Option<JsValue> {
    if !matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'[')) {
        return None;
    }
    js::json_parse(text).ok().flatten()
}

/// Cancels a body stream (or its reader) that won't be read: the rest is never downloaded.
fn cancel(stream: &JsValue) {
    if let Some(cancel) = method(stream, "cancel") {
        if let Ok(Some(done)) = js::call0(&cancel, stream) {
            promise::ignore(&done);
        }
    }
}
