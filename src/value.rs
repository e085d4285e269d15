//! A JS value as the core sees it: what the caller passed (read by the wasm shell, `shell::read`)
//! or what `JSON.parse` made of a response body. Unlike JSON it can say `undefined`, a function,
//! or a value that can only be named ("a symbol"), so that validation can report each precisely.
//! It goes back to JS through serde (`Serialize`, with serde-wasm-bindgen in the shell).

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    /// JS `undefined`, or a missing field.
    #[default]
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    /// Keys in the order read; a repeated key keeps every occurrence (lookups see the last).
    Object(Vec<(String, Value)>),
    /// A JS function.
    Function,
    /// A JS value the core can only name in a message ("a symbol", "a bigint", …).
    Opaque(&'static str),
}

/// The last value stored under `key` in an object's entries.
pub fn last<'a>(entries: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
    entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
}

impl Value {
    /// The last value stored under `key`, if this is an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(entries) => last(entries, key),
            _ => None,
        }
    }

    /// Moves out the value `get` would return, leaving `Undefined` in its place.
    pub fn take(&mut self, key: &str) -> Value {
        match self {
            Value::Object(entries) => entries.iter_mut().rev().find(|(k, _)| k == key).map(|(_, v)| std::mem::take(v)).unwrap_or_default(),
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

    /// A whole number that fits an `i64` exactly.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Value::Number(n) if n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_992.0 => Some(n as i64),
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
        Value::Number(n as f64)
    }

    /// An object of `(key, value)` pairs, absent values left out.
    pub fn object<I: IntoIterator<Item = (&'static str, Value)>>(entries: I) -> Value {
        let mut object = Vec::new();
        for (k, v) in entries {
            if !matches!(v, Value::Undefined) {
                object.push((k.to_string(), v));
            }
        }
        Value::Object(object)
    }
}

/// A whole number as a message shows it: its sign, and its size written as a `u64` is.
pub fn int_text(n: i64) -> String {
    cat!("{}{}", if n < 0 { "-" } else { "" }, n.unsigned_abs())
}

/// `x.round() as u64` (halves away from zero; negative and NaN give 0, too large `u64::MAX`),
/// from `trunc`, which WebAssembly has: std's `round` is a routine of its own there.
pub fn round_u64(x: f64) -> u64 {
    let whole = x.trunc();
    // Exact: the fraction of an f64 is itself an f64. (Negative: below 0.5, and 0 once cast.)
    (if x - whole >= 0.5 { whole + 1.0 } else { whole }) as u64
}

/// A number as a message shows it: whole numbers exactly, others to six decimals. (Rust's own
/// float formatting would add its shortest-representation algorithms to every download, for a
/// number that only ever appears in a message saying it is wrong.)
pub fn number_text(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if n.fract() == 0.0 && n.abs() < 1e18 {
        return int_text(n as i64);
    }
    if n.abs() >= 1e18 {
        return if n > 0.0 { "a number over 10^18" } else { "a number under -10^18" }.into();
    }
    let micros = round_u64(n.abs() * 1e6);
    let sign = if n < 0.0 { "-" } else { "" };
    // Six digits, leading zeros kept: those of 1_000_000 more, less the 1.
    let fraction = cat!("{}", 1_000_000 + micros % 1_000_000);
    let fraction = fraction.get(1..).unwrap_or_default();
    cat!("{}{}.{}", sign, micros / 1_000_000, fraction.trim_end_matches('0')).trim_end_matches('.').to_string()
}

/// As JSON carries it: what JSON can't hold (`undefined`, a function, an opaque value) becomes
/// `null`, as `JSON.stringify` writes it inside arrays.
impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Undefined | Value::Null | Value::Function | Value::Opaque(_) => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => s.serialize_f64(*n),
            Value::String(text) => s.serialize_str(text),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_a_person_writes_them() {
        let table = [(0.0, "0"), (-0.0, "0"), (42.0, "42"), (-7.0, "-7"), (1.5, "1.5"), (-0.25, "-0.25"), (0.000001, "0.000001"),
            (2147483648.0, "2147483648"), (1e21, "a number over 10^18"), (f64::NAN, "NaN"), (f64::NEG_INFINITY, "-Infinity")];
        for (n, text) in table {
            assert_eq!(number_text(n), text, "{n}");
        }
    }

    #[test]
    fn rounds_as_std_does() {
        let cases = [0.0, -0.0, 0.5, 1.5, 2.5, 0.49999999999999994, 4503599627370495.5, 4503599627370497.0, 1e19, 1e300, -0.5, -0.6, -3.0,
            f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MIN_POSITIVE, 123.456, 1e6 * 0.1234565];
        for x in cases {
            assert_eq!(round_u64(x), x.round() as u64, "{x}");
        }
    }

    #[test]
    fn lookups_see_the_last_of_a_repeated_key() {
        let mut v = Value::Object(vec![("a".into(), Value::int(1)), ("a".into(), Value::int(2))]);
        assert_eq!(v.get("a"), Some(&Value::int(2)));
        assert_eq!(v.take("a"), Value::int(2));
        assert_eq!(v.get("a"), Some(&Value::Undefined));
    }
}

// proptest does not build for wasm32-unknown-unknown.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn rounds_as_std_on_any_number(x in proptest::num::f64::ANY) {
            prop_assert_eq!(round_u64(x), x.round() as u64);
        }

        #[test]
        fn rounds_as_std_on_durations(x in 0.0..1e7f64) {
            prop_assert_eq!(round_u64(x), x.round() as u64);
        }
    }
}
