//! Numbers and values written out the way Python (and so oTree) writes them.
//!
//! oTree prints a value with `localize`: numbers through `"{:,}".format(n)`
//! (or `"{:,.Nf}"` for the `toN` filters and currency), after which every
//! `,` becomes the project's THOUSAND_SEPARATOR (empty unless the project sets
//! it) and every `.` the language's decimal separator. Anything else prints
//! as Python's `str()` would, so lists and dicts look like Python's.

use std::fmt::Write;

use minijinja::Value;
use minijinja::value::{Tuple, ValueKind};

use super::currency::CurrencyValue;
use super::values::{DictView, PyDict};

/// The separators oTree puts into printed numbers.
#[derive(Debug, Clone)]
pub(crate) struct NumberStyle {
    pub decimal: String,
    pub thousands: String,
}

impl NumberStyle {
    /// Replaces Python's `,` and `.` by the project's separators, in one pass
    /// (as oTree's `convert_decimal_separator` does).
    pub fn localize_separators(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                ',' => out.push_str(&self.thousands),
                '.' => out.push_str(&self.decimal),
                c => out.push(c),
            }
        }
        out
    }
}

/// Puts `,` between groups of three digits: "1234567" → "1,234,567".
pub(crate) fn group_digits(digits: &str) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Groups the integer part of a number written as `-?digits(.rest)?`.
fn group_number(s: &str) -> String {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s),
    };
    let int_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    format!(
        "{sign}{}{}",
        group_digits(&rest[..int_end]),
        &rest[int_end..]
    )
}

/// The shortest digits that read back as `f` and the decimal point's
/// position: 123.4 → ("1234", 3), 0.001 → ("1", -2).
fn shortest_digits(f: f64) -> (String, i32) {
    let s = format!("{:e}", f.abs());
    // `{:e}` always writes "<mantissa>e<exponent>".
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    (digits, exp + 1)
}

/// Python's `repr(float)`, optionally with `,` between digit groups
/// (`format(f, ",")`): 3.0 → "3.0", 1e16 → "1e+16", 1e-5 → "1e-05".
pub(crate) fn float_repr(f: f64, grouped: bool) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f == 0.0 {
        return format!("{sign}0.0");
    }
    let (digits, point) = shortest_digits(f);
    if point <= -4 || point > 16 {
        let exp = point - 1;
        let mut out = String::from(sign);
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
        return out;
    }
    let body = if point <= 0 {
        format!("0.{}{}", "0".repeat((-point) as usize), digits)
    } else if point as usize >= digits.len() {
        format!("{}{}.0", digits, "0".repeat(point as usize - digits.len()))
    } else {
        format!(
            "{}.{}",
            &digits[..point as usize],
            &digits[point as usize..]
        )
    };
    let body = if grouped { group_number(&body) } else { body };
    format!("{sign}{body}")
}

/// Python's `"{:,.Nf}".format(f)` (exact value, ties to even, like Python).
pub(crate) fn float_fixed_grouped(f: f64, places: usize) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    group_number(&format!("{f:.places$}"))
}

/// Python's `"{:,}".format(i)`.
pub(crate) fn int_grouped(i: i128) -> String {
    group_number(&i.to_string())
}

/// A whole number held by a minijinja value (bools are Python ints too).
pub(crate) fn as_int(v: &Value) -> Option<i128> {
    match v.kind() {
        ValueKind::Bool => Some(v.is_true() as i128),
        ValueKind::Number if v.is_integer() => i128::try_from(v.clone()).ok(),
        _ => None,
    }
}

/// A float held by a minijinja value.
pub(crate) fn as_float(v: &Value) -> Option<f64> {
    if v.kind() == ValueKind::Number && !v.is_integer() {
        f64::try_from(v.clone()).ok()
    } else {
        None
    }
}

/// What oTree prints for `{{ value }}` (its `localize`).
pub(crate) fn localize(v: &Value, style: &NumberStyle) -> String {
    if let Some(c) = v.downcast_object_ref::<CurrencyValue>() {
        return c.format(None);
    }
    if let Some(i) = as_int(v) {
        return style.localize_separators(&int_grouped(i));
    }
    if let Some(f) = as_float(v) {
        return style.localize_separators(&float_repr(f, true));
    }
    py_str(v)
}

/// Python's `str(value)`.
pub(crate) fn py_str(v: &Value) -> String {
    match v.as_str() {
        Some(s) => s.to_string(),
        None => {
            let mut out = String::new();
            py_repr(v, &mut out);
            out
        }
    }
}

/// Python's `repr(value)`.
pub(crate) fn py_repr(v: &Value, out: &mut String) {
    match v.kind() {
        ValueKind::Undefined => out.push_str("Undefined"),
        ValueKind::None => out.push_str("None"),
        ValueKind::Bool => out.push_str(if v.is_true() { "True" } else { "False" }),
        ValueKind::Number => {
            if let Some(i) = as_int(v) {
                let _ = write!(out, "{i}");
            } else if let Some(f) = as_float(v) {
                out.push_str(&float_repr(f, false));
            }
        }
        ValueKind::String => py_str_repr(v.as_str().unwrap_or_default(), out),
        _ => {
            if let Some(c) = v.downcast_object_ref::<CurrencyValue>() {
                out.push_str(&c.decimal_string());
                out.push_str("cu");
            } else if let Some(d) = v.downcast_object_ref::<PyDict>() {
                out.push('{');
                for (i, (k, val)) in d.entries().iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    py_str_repr(k, out);
                    out.push_str(": ");
                    py_repr(val, out);
                }
                out.push('}');
            } else if let Some(view) = v.downcast_object_ref::<DictView>() {
                out.push_str(view.kind);
                out.push('(');
                py_repr(&Value::from(view.items.clone()), out);
                out.push(')');
            } else if v.downcast_object_ref::<Tuple>().is_some() {
                let items: Vec<Value> = v.try_iter().map(|i| i.collect()).unwrap_or_default();
                out.push('(');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    py_repr(item, out);
                }
                if items.len() == 1 {
                    out.push(',');
                }
                out.push(')');
            } else if v.kind() == ValueKind::Seq {
                out.push('[');
                if let Ok(items) = v.try_iter() {
                    for (i, item) in items.enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        py_repr(&item, out);
                    }
                }
                out.push(']');
            } else if v.kind() == ValueKind::Map {
                out.push('{');
                if let Ok(keys) = v.try_iter() {
                    for (i, k) in keys.enumerate() {
                        if i > 0 {
                            out.push_str(", ");
                        }
                        py_repr(&k, out);
                        out.push_str(": ");
                        py_repr(&v.get_item(&k).unwrap_or_default(), out);
                    }
                }
                out.push('}');
            } else {
                let _ = write!(out, "{v}");
            }
        }
    }
}

/// Whether Python's `repr` prints a character as is (an approximation of
/// `str.isprintable` that covers the characters templates meet).
fn is_printable(c: char) -> bool {
    let n = c as u32;
    !(n < 0x20
        || (0x7f..=0xa0).contains(&n)
        || n == 0xad
        || (0x2000..=0x200f).contains(&n)
        || (0x2028..=0x202f).contains(&n)
        || (0x205f..=0x206f).contains(&n)
        || n == 0x1680
        || n == 0x3000
        || n == 0xfeff
        || (0xd800..=0xf8ff).contains(&n)
        || (0xfff9..=0xfffb).contains(&n)
        || (0xf0000..).contains(&n))
}

/// Python's `repr(str)`: single quotes unless the text has a `'` and no `"`.
pub(crate) fn py_str_repr(s: &str, out: &mut String) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => {
                let n = c as u32;
                let _ = if n <= 0xff {
                    write!(out, "\\x{n:02x}")
                } else if n <= 0xffff {
                    write!(out, "\\u{n:04x}")
                } else {
                    write!(out, "\\U{n:08x}")
                };
            }
        }
    }
    out.push(quote);
}

/// Python's `json.dumps(value)` as oTree's `json` filter calls it: ASCII
/// only, `", "` and `": "` separators, currency as a number.
pub(crate) fn py_json(v: &Value, out: &mut String) -> Result<(), String> {
    match v.kind() {
        ValueKind::None => out.push_str("null"),
        ValueKind::Bool => out.push_str(if v.is_true() { "true" } else { "false" }),
        ValueKind::Number => {
            if let Some(i) = as_int(v) {
                let _ = write!(out, "{i}");
            } else if let Some(f) = as_float(v) {
                if f.is_nan() {
                    out.push_str("NaN");
                } else if f.is_infinite() {
                    out.push_str(if f > 0.0 { "Infinity" } else { "-Infinity" });
                } else {
                    out.push_str(&float_repr(f, false));
                }
            }
        }
        ValueKind::String => json_str(v.as_str().unwrap_or_default(), out),
        _ => {
            if let Some(c) = v.downcast_object_ref::<CurrencyValue>() {
                // oTree's encoder: an int when the currency has no decimal
                // places, else float(value).
                if c.places() == 0 {
                    let _ = write!(out, "{}", c.units());
                } else {
                    out.push_str(&float_repr(c.to_f64(), false));
                }
            } else if let Some(d) = v.downcast_object_ref::<PyDict>() {
                out.push('{');
                for (i, (k, val)) in d.entries().iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    json_str(k, out);
                    out.push_str(": ");
                    py_json(val, out)?;
                }
                out.push('}');
            } else if matches!(v.kind(), ValueKind::Seq) {
                out.push('[');
                for (i, item) in v.try_iter().map_err(|e| e.to_string())?.enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    py_json(&item, out)?;
                }
                out.push(']');
            } else {
                return Err(format!(
                    "Object of type {} is not JSON serializable",
                    py_type_name(v)
                ));
            }
        }
    }
    Ok(())
}

fn json_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            c => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

/// The Python type name of a value, for error messages.
pub(crate) fn py_type_name(v: &Value) -> &'static str {
    match v.kind() {
        ValueKind::Undefined => "undefined",
        ValueKind::None => "NoneType",
        ValueKind::Bool => "bool",
        ValueKind::Number => {
            if v.is_integer() {
                "int"
            } else {
                "float"
            }
        }
        ValueKind::String => "str",
        ValueKind::Bytes => "bytes",
        _ => {
            if v.downcast_object_ref::<CurrencyValue>().is_some() {
                "Currency"
            } else if let Some(view) = v.downcast_object_ref::<DictView>() {
                view.kind
            } else if v.downcast_object_ref::<Tuple>().is_some() {
                "tuple"
            } else if v.kind() == ValueKind::Seq {
                "list"
            } else if v.kind() == ValueKind::Map {
                "dict"
            } else {
                "object"
            }
        }
    }
}

/// Python's html.escape(s, quote): `&`, `<`, `>`, and with `quote` also `"` and `'`.
pub(crate) fn html_escape(s: &str, quote: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quote => out.push_str("&quot;"),
            '\'' if quote => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}
