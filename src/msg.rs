//! Messages built without `core::fmt`, which `format!` would link (about 1 KB gzip of the
//! .wasm; clippy.toml refuses it in the library): a template whose `{}` holes are filled, in
//! order, with texts, a whole number first written in decimal into a buffer on the stack.
//!
//! `cat!("{} of {}", a, b)` gives a new `String`; `put!(out, "{} of {}", a, b)` appends to `out`.
//! The template is a literal whose holes are plain `{}` (no names, no `:` specs; any other brace
//! is itself, so no `{{`), and its holes and the arguments are counted at compile time:
//! `cat!("{} and {}", a)` does not build. An argument is a `str`, a `String` or a `u64`, `u32`
//! or `usize`; a signed or fractional number is made a text first (`value::int_text`,
//! `value::number_text`).

/// What fills a hole: text as it is, a whole number in decimal.
pub trait Arg {
    fn text<'a>(&'a self, buf: &'a mut [u8; 20]) -> &'a str;
}
impl Arg for str {
    #[inline(always)]
    fn text<'a>(&'a self, _: &'a mut [u8; 20]) -> &'a str {
        self
    }
}
impl Arg for String {
    #[inline(always)]
    fn text<'a>(&'a self, _: &'a mut [u8; 20]) -> &'a str {
        self
    }
}
impl<T: Arg + ?Sized> Arg for &T {
    #[inline(always)]
    fn text<'a>(&'a self, buf: &'a mut [u8; 20]) -> &'a str {
        (**self).text(buf)
    }
}
impl Arg for u64 {
    #[inline(always)]
    fn text<'a>(&'a self, buf: &'a mut [u8; 20]) -> &'a str {
        decimal(*self, buf)
    }
}
impl Arg for u32 {
    #[inline(always)]
    fn text<'a>(&'a self, buf: &'a mut [u8; 20]) -> &'a str {
        decimal(u64::from(*self), buf)
    }
}
impl Arg for usize {
    #[inline(always)]
    fn text<'a>(&'a self, buf: &'a mut [u8; 20]) -> &'a str {
        decimal(*self as u64, buf)
    }
}

/// `n` in decimal, written at the end of `buf` (20 bytes: `u64::MAX` has 20 digits).
#[inline(never)]
pub fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // ASCII digits: the first chunk is all of them. (`Utf8Chunks` is in the build anyway, for
    // `String::from_utf8_lossy`; `str::from_utf8` would add ~270 B gzip.)
    buf[i..].utf8_chunks().next().map_or("", |chunk| chunk.valid())
}

/// How many `{}` holes `template` has: checked against the arguments at compile time.
pub const fn holes(template: &str) -> usize {
    let t = template.as_bytes();
    let (mut n, mut i) = (0, 0);
    while i + 1 < t.len() {
        if t[i] == b'{' && t[i + 1] == b'}' {
            n += 1;
            i += 2;
        } else {
            i += 1;
        }
    }
    n
}

/// Appends `template` to `out` with each `{}` replaced by the next of `args`.
#[inline(never)]
pub fn fill(out: &mut String, template: &str, args: &[&str]) {
    let t = template.as_bytes();
    let mut args = args.iter();
    let (mut start, mut i) = (0, 0);
    while i + 1 < t.len() {
        if t[i] == b'{' && t[i + 1] == b'}' {
            out.push_str(template.get(start..i).unwrap_or_default());
            out.push_str(args.next().copied().unwrap_or_default());
            i += 2;
            start = i;
        } else {
            i += 1;
        }
    }
    out.push_str(template.get(start..).unwrap_or_default());
}

/// The texts of a call site, one tuple type per arity, each filled by a function of that arity
/// that is not inlined: a call site only passes its texts.
pub trait Texts {
    fn put(self, out: &mut String, template: &str);
    fn cat(self, template: &str) -> String;
}

macro_rules! arities {
    ($($put:ident $cat:ident ($($a:ident)+);)*) => {$(
        #[inline(never)]
        fn $put(out: &mut String, template: &str, $($a: &str),+) {
            fill(out, template, &[$($a),+])
        }
        #[inline(never)]
        fn $cat(template: &str, $($a: &str),+) -> String {
            let mut out = String::new();
            fill(&mut out, template, &[$($a),+]);
            out
        }
        impl<'a> Texts for ($(arities!(@str 'a $a),)+) {
            #[inline(always)]
            fn put(self, out: &mut String, template: &str) {
                let ($($a,)+) = self;
                $put(out, template, $($a),+)
            }
            #[inline(always)]
            fn cat(self, template: &str) -> String {
                let ($($a,)+) = self;
                $cat(template, $($a),+)
            }
        }
    )*};
    (@str $l:lifetime $a:ident) => { &$l str };
}
arities! {
    put1 cat1 (a);
    put2 cat2 (a b);
    put3 cat3 (a b c);
    put4 cat4 (a b c d);
    put5 cat5 (a b c d e);
}

/// `cat!(template, args…)`: a new `String`, the template with its holes filled by the arguments.
macro_rules! cat {
    ($t:literal $(,)?) => {{
        const _: () = assert!($crate::msg::holes($t) == 0, "holes and arguments differ");
        String::from($t)
    }};
    ($t:literal $(, $a:expr)+ $(,)?) => {{
        const _: () = assert!($crate::msg::holes($t) == [$(stringify!($a)),+].len(), "holes and arguments differ");
        $crate::msg::Texts::cat(($($crate::msg::Arg::text(&$a, &mut [0u8; 20]),)+), $t)
    }};
}

/// `put!(out, template, args…)`: appends the template to the `String` `out`, its holes filled by
/// the arguments.
macro_rules! put {
    ($o:expr, $t:literal $(,)?) => {{
        const _: () = assert!($crate::msg::holes($t) == 0, "holes and arguments differ");
        $o.push_str($t)
    }};
    ($o:expr, $t:literal $(, $a:expr)+ $(,)?) => {{
        const _: () = assert!($crate::msg::holes($t) == [$(stringify!($a)),+].len(), "holes and arguments differ");
        $crate::msg::Texts::put(($($crate::msg::Arg::text(&$a, &mut [0u8; 20]),)+), &mut $o, $t)
    }};
}

// The count of holes is a compile error when it differs from the arguments', e.g.
// `cat!("{} and {}", "a")`: "holes and arguments differ" (a doctest can't reach a private macro).
#[cfg(test)]
mod tests {
    #[test]
    fn fills_holes_in_order() {
        assert_eq!(cat!("no hole"), "no hole");
        assert_eq!(cat!("a{}b", "x"), "axb");
        assert_eq!(cat!("{}{}", "x", String::from("y")), "xy");
        assert_eq!(cat!("({}, {}, {})", "a", "b", "c"), "(a, b, c)");
        assert_eq!(cat!("{}-{}-{}-{}", "a", "b", "c", "d"), "a-b-c-d");
        assert_eq!(cat!("{} {} {} {} {}.", "a", 1u32, "c", 4usize, "e"), "a 1 c 4 e.");
        assert_eq!(cat!("{}", ""), "");
        assert_eq!(cat!("«{}» → {}", "é", "ü"), "«é» → ü");
    }

    #[test]
    fn appends() {
        let mut out = String::from("Rainbow answered 404");
        put!(out, "");
        put!(out, " ({})", 12u64);
        put!(out, ": {} {}", "a", "b");
        put!(out, "{}{}{}", 1u32, 2u32, 3u32);
        put!(out, "{}{}{}{}", "w", "x", "y", "z");
        put!(out, "{}{}{}{}{}", 5usize, 4usize, 3usize, 2usize, 1usize);
        assert_eq!(out, "Rainbow answered 404 (12): a b123wxyz54321");
    }

    #[test]
    fn numbers_in_decimal() {
        assert_eq!(cat!("{}", 0u64), "0");
        assert_eq!(cat!("{}", 7u32), "7");
        assert_eq!(cat!("{}", 10u64), "10");
        assert_eq!(cat!("{}", u64::MAX), "18446744073709551615");
        assert_eq!(cat!("{}", u32::MAX), "4294967295");
        assert_eq!(cat!("{} {}", u64::MAX, 0u64), "18446744073709551615 0");
        for n in [1u64, 9, 99, 100, 1_000_000, 123_456_789_012] {
            assert_eq!(cat!("{}", n), n.to_string());
        }
    }

    #[test]
    fn a_template_with_no_hole_left_or_braces_of_its_own() {
        assert_eq!(cat!("{ a: {} }", "1"), "{ a: 1 }");
        assert_eq!(cat!("{}{", "x"), "x{");
        assert_eq!(cat!("}{}", "x"), "}x");
        assert_eq!(super::holes("{ {} } {}"), 2);
        assert_eq!(super::holes("{"), 0);
    }
}
