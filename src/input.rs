//! The call's arguments as the JS driver hands them over: one JSON text of
//! `[roomId, body, options]`, read from JS by `client.js` (see `describe` there). JSON can't hold
//! every JS value, so the driver writes those as strings that start with U+0000 and a letter:
//! `u` undefined, `F` a function, `#` a number JSON has no literal for (`NaN`, `Infinity`), `s` a
//! real string that itself starts with U+0000, and a letter from `OPAQUE` for a value validation
//! can only name. Every other string is itself.

use crate::prelude::*;
use crate::json::{self, Value};
use crate::text::utf8;

/// What a value that JSON can't hold reads as in messages; `a` is the first letter.
pub const OPAQUE: [&str; 16] = [
    "a string with unpaired UTF-16 surrogates",
    "a symbol",
    "a bigint",
    "an unreadable object (a revoked Proxy)",
    "an array",
    "an object",
    "an array of more than 100000 items",
    "an unreadable value",
    "an object that is not a plain object (a Map, Date, Promise…)",
    "an unreadable object",
    "an object with more than 100000 keys",
    "an unreadable value (its getter threw)",
    "an object without a log method",
    "an object without addEventListener",
    "an unknown kind of value",
    "a string longer than a request may hold (1000000 characters each, 16000000 in all)",
];

/// The three arguments, from the UTF-8 of the JSON text; anything unreadable reads as
/// `undefined`.
pub fn read(text: &[u8]) -> [Value; 3] {
    let mut items = match utf8(text).map(json::parse) {
        Some(Ok(Value::Array(items))) => items,
        _ => Vec::new(),
    };
    described(&mut items, 0)
}

/// The three arguments at `from` in a request's items (see `exports::run`), taken out.
pub fn described(items: &mut [Value], from: usize) -> [Value; 3] {
    let mut take = |i: usize| {
        let mut v = items.get_mut(from + i).map(core::mem::take).unwrap_or_default();
        decode(&mut v);
        v
    };
    [take(0), take(1), take(2)]
}

/// Replaces the markers in place: a request of thousands of e-mails is not rebuilt.
fn decode(v: &mut Value) {
    match v {
        Value::String(s) if s.starts_with('\0') => *v = marker(core::mem::take(s)),
        Value::Array(items) => items.iter_mut().for_each(decode),
        Value::Object(entries) => entries.iter_mut().for_each(|(_, v)| decode(v)),
        _ => {}
    }
}

fn marker(s: String) -> Value {
    let tag = s.as_bytes().get(1).copied().unwrap_or(b'u');
    match tag {
        b'u' => Value::Undefined,
        b'F' => Value::Function,
        // The two bytes are ASCII, so the rest is whole UTF-8.
        b'#' => Value::Number(s.get(2..).unwrap_or_default().to_string()),
        b's' => Value::String(s.get(2..).unwrap_or_default().to_string()),
        _ => Value::Opaque(OPAQUE.get(usize::from(tag.wrapping_sub(b'a'))).copied().unwrap_or(OPAQUE[14])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_become_the_values_json_cannot_hold() {
        let [room, body, options] = read(br#"["\u0000u", {"a": ["\u0000F", "\u0000#NaN", "\u0000s\u0000x", "\u0000b", "\u0000z", "x"]}, null]"#);
        assert_eq!(room, Value::Undefined);
        let expected = vec![
            Value::Function,
            Value::Number("NaN".into()),
            Value::str("\0x"),
            Value::Opaque("a symbol"),
            Value::Opaque("an unknown kind of value"),
            Value::str("x"),
        ];
        assert_eq!(body, Value::Object(vec![("a".into(), Value::Array(expected))]));
        assert_eq!(options, Value::Null);
    }

    #[test]
    fn unreadable_text_is_three_undefineds() {
        assert_eq!(read(b"nope"), [Value::Undefined, Value::Undefined, Value::Undefined]);
        assert_eq!(read(b"[1]"), [Value::Number("1".into()), Value::Undefined, Value::Undefined]);
    }
}
