//! A small JSON value with a depth-limited parser and a writer.
//!
//! Hand-written rather than serde_json: the package's size is a measured goal, and serde's number
//! formatting alone costs more than the budget allows. Numbers are kept as their source text, so
//! nothing here formats or parses floats; the JS boundary turns them into JS numbers.

use crate::prelude::*;
use crate::text::{parse_i64, signed_decimal};

/// A value read from JS or from a response body.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    /// JS `undefined`, or a missing field; never produced by the parser.
    #[default]
    Undefined,
    Null,
    Bool(bool),
    /// The number's text: a JSON lexeme, or JS's `String(n)` for numbers from JS.
    Number(String),
    String(String),
    Array(Vec<Value>),
    /// Keys in source order; a repeated key keeps every occurrence (lookups see the last).
    Object(Vec<(String, Value)>),
    /// A JS function.
    Function,
    /// A JS value that JSON can't hold, named for messages ("a symbol", "a bigint", …).
    Opaque(&'static str),
}

/// The last value stored under `key` in an object's entries.
pub fn last<'a>(entries: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
    entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// Deep enough for every documented Rainbow body, shallow enough that no recursion here (or in
/// the JS conversion that walks the result) can exhaust the wasm stack.
pub const MAX_DEPTH: usize = 64;

impl Value {
    /// The last value stored under `key`, if this is an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(entries) => last(entries, key),
            _ => None,
        }
    }

    /// Moves out the value `get` would return, leaving `Undefined` in its place; `Undefined` when
    /// there is none.
    pub fn take(&mut self, key: &str) -> Value {
        match self {
            Value::Object(entries) => entries.iter_mut().rev().find(|(k, _)| k == key).map(|(_, v)| core::mem::take(v)).unwrap_or_default(),
            _ => Value::Undefined,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// `undefined` and `null` both mean "not given" for request fields.
    pub fn is_absent(&self) -> bool {
        matches!(self, Value::Undefined | Value::Null)
    }

    /// An integer number, when the value is one that fits an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => parse_i64(n),
            _ => None,
        }
    }

    /// How the value reads in a message: "a string", "an array", …
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Undefined => "undefined",
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
            Value::Function => "a function",
            Value::Opaque(kind) => kind,
        }
    }

    pub fn str(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    pub fn strings<I: IntoIterator<Item = S>, S: Into<String>>(items: I) -> Value {
        Value::Array(items.into_iter().map(|s| Value::String(s.into())).collect())
    }

    pub fn int(n: i64) -> Value {
        Value::Number(signed_decimal(n))
    }

    /// Builds an object from `(key, value)` pairs, leaving out absent values. (Objects that can't
    /// hold one are built as `Value::Object` directly: each array length here is another copy.)
    pub fn object<I: IntoIterator<Item = (&'static str, Value)>>(entries: I) -> Value {
        // A loop: iterator adapters don't fold away at opt-level "z", each instance costs bytes.
        let mut fields = Vec::new();
        for (k, v) in entries {
            if !matches!(v, Value::Undefined) {
                fields.push((k.to_string(), v));
            }
        }
        Value::Object(fields)
    }

    /// Serializes as JSON. Values JSON can't hold (undefined, functions, opaque) are written as
    /// `null`, as `JSON.stringify` does inside arrays.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(256);
        self.write(&mut out);
        out
    }

    /// Appends the value's JSON text to `out`.
    pub fn write(&self, out: &mut String) {
        match self {
            Value::Null | Value::Undefined | Value::Function | Value::Opaque(_) => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(n),
            Value::String(s) => write_string(out, s),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Value::Object(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(out, k);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// The bytes a JSON string holds as they are: not `"`, `\\` or a control character. A table
/// rather than a match: this runs for every byte of every string, both ways.
const PLAIN: [bool; 256] = {
    let mut t = [true; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = false;
        b += 1;
    }
    t[b'"' as usize] = false;
    t[b'\\' as usize] = false;
    t
};

/// Copies runs of plain text whole: only ASCII bytes are ever escaped, so cutting at them keeps
/// every UTF-8 sequence intact (and a validated body can hold thousands of strings).
pub fn write_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut run = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if PLAIN[usize::from(b)] {
            continue;
        }
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(s.get(run..i).unwrap_or(""));
        if escape.is_empty() {
            out.push_str("\\u00");
            // Both below 16: indexing can't fail, and the compiler sees it.
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(escape);
        }
        run = i + 1;
    }
    out.push_str(s.get(run..).unwrap_or(""));
    out.push('"');
}

/// Why a text is not JSON; only a short reason, since bodies can be large.
#[derive(Debug, PartialEq)]
pub struct ParseError(pub &'static str);

/// Parses one JSON value (surrounding white space allowed), refusing nesting beyond `MAX_DEPTH`.
pub fn parse(text: &str) -> Result<Value, ParseError> {
    let mut p = Parser { text, s: text.as_bytes(), i: 0 };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i != p.s.len() {
        return Err(ParseError("unexpected text after the JSON value"));
    }
    Ok(v)
}

struct Parser<'a> {
    text: &'a str,
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    #[inline(always)]
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    /// Consumes `b` if it is next: punctuation, tested as one byte rather than as a slice.
    fn eat1(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn eat(&mut self, lit: &[u8]) -> bool {
        if self.s.get(self.i..self.i + lit.len()) == Some(lit) {
            self.i += lit.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        if depth > MAX_DEPTH {
            return Err(ParseError("JSON nested too deeply"));
        }
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') if self.eat(b"true") => Ok(Value::Bool(true)),
            Some(b'f') if self.eat(b"false") => Ok(Value::Bool(false)),
            Some(b'n') if self.eat(b"null") => Ok(Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(ParseError("unexpected character")),
            None => Err(ParseError("unexpected end of text")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.i += 1;
        let mut entries = Vec::new();
        self.ws();
        if self.eat1(b'}') {
            return Ok(Value::Object(entries));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(ParseError("expected a string key"));
            }
            let key = self.string()?;
            self.ws();
            if !self.eat1(b':') {
                return Err(ParseError("expected ':'"));
            }
            self.ws();
            let v = self.value(depth + 1)?;
            entries.push((key, v));
            self.ws();
            if self.eat1(b',') {
                continue;
            }
            if self.eat1(b'}') {
                return Ok(Value::Object(entries));
            }
            return Err(ParseError("expected ',' or '}'"));
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.eat1(b']') {
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            if self.eat1(b',') {
                continue;
            }
            if self.eat1(b']') {
                return Ok(Value::Array(items));
            }
            return Err(ParseError("expected ',' or ']'"));
        }
    }

    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.i;
        self.eat1(b'-');
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(ParseError("invalid number")),
        }
        if self.eat1(b'.') {
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(ParseError("invalid number"));
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(ParseError("invalid number"));
            }
            self.digits();
        }
        // The lexeme is ASCII by construction.
        let text = self.text.get(start..self.i).ok_or(ParseError("invalid number"))?;
        Ok(Value::Number(text.to_string()))
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let hex = self.s.get(self.i..self.i + 4).ok_or(ParseError("bad \\u escape"))?;
        let mut n = 0u32;
        for &b in hex {
            let d = (b as char).to_digit(16).ok_or(ParseError("bad \\u escape"))?;
            n = n * 16 + d;
        }
        self.i += 4;
        Ok(n)
    }

    /// The `\uDC00`–`\uDFFF` escape that completes the high surrogate `hi`, consumed; anything
    /// else is left for the caller to read as the next escape or character.
    fn low_surrogate_after(&mut self, hi: u32) -> Option<u32> {
        if !(0xD800..0xDC00).contains(&hi) {
            return None;
        }
        let start = self.i;
        if self.eat(b"\\u") {
            if let Ok(lo @ 0xDC00..=0xDFFF) = self.hex4() {
                return Some(lo);
            }
        }
        self.i = start;
        None
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let start = self.i;
            let rest = self.s.get(start..).unwrap_or_default();
            let mut len = rest.len();
            for (k, &b) in rest.iter().enumerate() {
                if !PLAIN[usize::from(b)] {
                    len = k;
                    break;
                }
            }
            self.i += len;
            // The text is a `str` and the run ends at an ASCII delimiter: a whole UTF-8 slice.
            let run = self.text.get(start..self.i).ok_or(ParseError("invalid UTF-8"))?;
            if out.is_empty() && self.peek() == Some(b'"') {
                // No escapes (nearly every string): one allocation of the exact size.
                self.i += 1;
                return Ok(run.to_string());
            }
            out.push_str(run);
            match self.peek() {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let esc = self.peek().ok_or(ParseError("unterminated string"))?;
                    self.i += 1;
                    match esc {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = match self.low_surrogate_after(hi) {
                                Some(lo) => 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00),
                                None => hi,
                            };
                            // A lone surrogate can't be held in a Rust string.
                            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                        }
                        _ => return Err(ParseError("bad escape")),
                    }
                }
                Some(_) => return Err(ParseError("control character in string")),
                None => return Err(ParseError("unterminated string")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_documents_and_keeps_number_text() -> Result<(), ParseError> {
        let v = parse(r#" {"a":[1,-2.5e3,true,false,null],"b":"x\"\u00e9\ud83d\ude00"} "#)?;
        assert_eq!(
            v.get("a"),
            Some(&Value::Array(vec![
                Value::Number("1".into()),
                Value::Number("-2.5e3".into()),
                Value::Bool(true),
                Value::Bool(false),
                Value::Null
            ]))
        );
        assert_eq!(v.get("b").and_then(Value::as_str), Some("x\"é😀"));
        Ok(())
    }

    #[test]
    fn rejects_malformed_text() {
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "\"abc", "tru", "[1] x", "\"a\u{1}\"", "{1:2}"] {
            assert!(parse(bad).is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn refuses_deep_nesting_without_recursing_far() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert_eq!(parse(&deep), Err(ParseError("JSON nested too deeply")));
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn lone_surrogate_escapes_become_replacement_characters() {
        assert_eq!(parse(r#""\ud800x""#), Ok(Value::str("\u{FFFD}x")));
        assert_eq!(parse(r#""\ud800\u0041""#), Ok(Value::str("\u{FFFD}A")));
    }

    #[test]
    fn writes_json_that_parses_back() {
        let v = Value::object([
            ("s", Value::str("q\"\\\n\u{1}é")),
            ("a", Value::strings(["x", "y"])),
            ("b", Value::Bool(true)),
            ("gone", Value::Undefined),
        ]);
        let text = v.to_json();
        assert_eq!(text, r#"{"s":"q\"\\\n\u0001é","a":["x","y"],"b":true}"#);
        assert_eq!(parse(&text), Ok(v));
    }

    #[test]
    fn last_duplicate_key_wins() -> Result<(), ParseError> {
        let v = parse(r#"{"a":1,"a":2}"#)?;
        assert_eq!(v.get("a").and_then(Value::as_i64), Some(2));
        Ok(())
    }
}
