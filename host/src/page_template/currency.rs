//! oTree's Currency (`cu`): a decimal number with the project's decimal
//! places, printed as points ("10 points") or money ("$10.00", "10,00 €").
//!
//! A value is quantized when it is made, half away from zero (Python's
//! ROUND_HALF_UP on the exact value, so `cu(0.005)` is $0.01), while
//! printing it with other places rounds half to even (Python's Decimal
//! formatting). Arithmetic with numbers gives a currency again.

use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

use minijinja::Value;
use minijinja::value::{DynObject, Object, ObjectRepr};

use super::CurrencySettings;
use super::format::{NumberStyle, as_float, as_int, float_fixed_grouped, group_digits};

/// The project settings that decide how numbers and currency print.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub use_points: bool,
    pub code: String,
    pub real_places: u32,
    pub points_places: u32,
    pub points_name: Option<String>,
    /// LANGUAGE_CODE before and after its `-` ("de-AT" → "de", "AT").
    pub lang: String,
    pub region: String,
    pub style: NumberStyle,
}

/// Currencies whose default REAL_WORLD_CURRENCY_DECIMAL_PLACES is 0 in oTree.
const NO_DECIMALS: [&str; 7] = ["KRW", "JPY", "HUF", "IRR", "COP", "VND", "IDR"];

/// Languages whose decimal separator is "." in oTree; all others use ",".
const DOT_LANGUAGES: [&str; 8] = ["ar", "en", "he", "ja", "ko", "ms", "th", "zh"];

impl Settings {
    pub fn new(s: &CurrencySettings) -> Settings {
        let code = s.code().to_string();
        let language = s.language_code().to_string();
        let (lang, region) = match language.split_once('-') {
            Some((l, r)) => (l.to_string(), r.split('-').next().unwrap_or("").to_string()),
            None => (language.clone(), String::new()),
        };
        let first_two: String = language.chars().take(2).collect();
        let decimal = if DOT_LANGUAGES.contains(&first_two.as_str()) {
            "."
        } else {
            ","
        };
        Settings {
            use_points: s.use_points(),
            real_places: s.real_world_currency_decimal_places.unwrap_or(
                if NO_DECIMALS.contains(&code.as_str()) {
                    0
                } else {
                    2
                },
            ),
            code,
            points_places: s.points_decimal_places.unwrap_or(0),
            points_name: s.points_custom_name.clone().filter(|n| !n.is_empty()),
            lang,
            region,
            style: NumberStyle {
                decimal: decimal.to_string(),
                thousands: s.thousand_separator.clone().unwrap_or_default(),
            },
        }
    }

    /// The same settings for real-world money (oTree's RealWorldCurrency:
    /// the participation fee), whatever USE_POINTS says.
    pub fn money(&self) -> Settings {
        Settings {
            use_points: false,
            ..self.clone()
        }
    }

    /// The decimal places of a currency value (points or real-world money).
    pub fn places(&self) -> u32 {
        if self.use_points {
            self.points_places
        } else {
            self.real_places
        }
    }
}

/// A currency amount: `units / 10^places`, exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Currency {
    units: i128,
    places: u32,
}

/// A number taking part in currency arithmetic.
#[derive(Debug, Clone, Copy)]
pub enum Number {
    Int(i128),
    Float(f64),
    Currency(Currency),
}

const MAX_PLACES: u32 = 18;

fn pow10(n: u32) -> Option<i128> {
    10i128.checked_pow(n)
}

/// `n / d` rounded half away from zero (d > 0).
fn div_half_up(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = (n % d).abs();
    if r >= d - r { q + n.signum() } else { q }
}

/// `n / d` rounded half to even (d > 0).
fn div_half_even(n: i128, d: i128) -> i128 {
    let q = n / d;
    let r = (n % d).abs();
    match r.cmp(&(d - r)) {
        Ordering::Greater => q + n.signum(),
        Ordering::Equal if q % 2 != 0 => q + n.signum(),
        _ => q,
    }
}

/// A finite float as an exact fraction `num / den` (den > 0), when it fits.
fn float_fraction(f: f64) -> Option<(i128, i128)> {
    if !f.is_finite() {
        return None;
    }
    if f == 0.0 {
        return Some((0, 1));
    }
    let bits = f.to_bits();
    let exp_bits = ((bits >> 52) & 0x7ff) as i32;
    let frac = (bits & ((1u64 << 52) - 1)) as i128;
    let (mut m, mut e) = if exp_bits == 0 {
        (frac, -1074)
    } else {
        (frac | (1i128 << 52), exp_bits - 1075)
    };
    while m % 2 == 0 && e < 0 {
        m /= 2;
        e += 1;
    }
    let m = if f < 0.0 { -m } else { m };
    if e >= 0 {
        Some((m.checked_mul(1i128.checked_shl(e as u32)?)?, 1))
    } else if e > -126 {
        Some((m, 1i128 << (-e)))
    } else {
        None
    }
}

impl Number {
    /// The exact value as a fraction `num / den`, when it fits.
    fn fraction(self) -> Option<(i128, i128)> {
        match self {
            Number::Int(i) => Some((i, 1)),
            Number::Float(f) => float_fraction(f),
            Number::Currency(c) => Some((c.units, pow10(c.places)?)),
        }
    }

    fn to_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
            Number::Currency(c) => c.to_f64(),
        }
    }

    /// The number a minijinja value holds, if it is one (bools count, as in Python).
    pub(crate) fn from_value(v: &Value) -> Option<Number> {
        if let Some(c) = v.downcast_object_ref::<CurrencyValue>() {
            return Some(Number::Currency(c.amount));
        }
        if let Some(i) = as_int(v) {
            return Some(Number::Int(i));
        }
        as_float(v).map(Number::Float)
    }
}

impl Currency {
    /// Quantizes `num / den` to `places`, half away from zero.
    fn from_fraction(num: i128, den: i128, places: u32) -> Option<Currency> {
        let scaled = num.checked_mul(pow10(places)?)?;
        Some(Currency {
            units: div_half_up(scaled, den),
            places,
        })
    }

    /// Makes a currency of `places` decimal places from a number (oTree's `Currency(x)`).
    pub fn new(x: Number, places: u32) -> Result<Currency, String> {
        if places > MAX_PLACES {
            return Err(format!(
                "{places} decimal places are more than livehost supports ({MAX_PLACES})"
            ));
        }
        if let Number::Float(f) = x
            && !f.is_finite()
        {
            return Err(format!("cannot make a currency amount of {f}"));
        }
        if let Some((n, d)) = x.fraction()
            && let Some(c) = Currency::from_fraction(n, d, places)
        {
            return Ok(c);
        }
        // Beyond exact i128 arithmetic: tiny floats round to 0, huge ones fail.
        let f = x.to_f64();
        if f.abs() < 1e-30 {
            return Ok(Currency { units: 0, places });
        }
        Err(format!("{f} is too large for a currency amount"))
    }

    /// Parses a decimal number the way Python's `Decimal(str)` does ("2.5", " -1e3 ").
    pub fn parse(text: &str, places: u32) -> Result<Currency, String> {
        let bad = || format!("cannot make a currency amount of {text:?}: it is not a number");
        let t = text.trim();
        let (neg, t) = match t.as_bytes().first() {
            Some(b'-') => (true, &t[1..]),
            Some(b'+') => (false, &t[1..]),
            _ => (false, t),
        };
        let (mantissa, exp) = match t.find(['e', 'E']) {
            Some(i) => (
                &t[..i],
                t[i + 1..]
                    .replace('_', "")
                    .parse::<i32>()
                    .map_err(|_| bad())?,
            ),
            None => (t, 0),
        };
        let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits: String = format!("{int_part}{frac_part}").replace('_', "");
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let too_big = || format!("{text:?} is too large for a currency amount");
        let mut d: i128 = digits.parse().map_err(|_| too_big())?;
        if neg {
            d = -d;
        }
        let exp10 = exp - frac_part.len() as i32;
        let (num, den) = if exp10 >= 0 {
            (
                d.checked_mul(pow10(exp10 as u32).ok_or_else(too_big)?)
                    .ok_or_else(too_big)?,
                1,
            )
        } else {
            (d, pow10((-exp10) as u32).ok_or_else(too_big)?)
        };
        Currency::from_fraction(num, den, places).ok_or_else(too_big)
    }

    pub fn units(&self) -> i128 {
        self.units
    }

    pub fn places(&self) -> u32 {
        self.places
    }

    pub fn to_f64(&self) -> f64 {
        // Parsing the decimal text gives the correctly rounded float, like float(Decimal).
        self.decimal_string().parse().unwrap_or(f64::NAN)
    }

    /// The amount written like Python's `str(Decimal)`: "-3.25", "10", "0.50".
    pub fn decimal_string(&self) -> String {
        fixed_string(self.units, self.places)
    }

    /// The amount with `places` decimals (half to even), ungrouped: "1234.50".
    pub(crate) fn fixed(&self, places: u32) -> String {
        if places >= self.places {
            let zeros = "0".repeat((places - self.places) as usize);
            let s = fixed_string(self.units, self.places);
            if self.places == 0 && places > 0 {
                format!("{s}.{zeros}")
            } else {
                format!("{s}{zeros}")
            }
        } else {
            match pow10(self.places - places) {
                Some(d) => fixed_string(div_half_even(self.units, d), places),
                None => fixed_string(0, places),
            }
        }
    }

    /// `self op other`, quantized to this amount's places (oTree's Currency arithmetic).
    pub fn apply(self, op: char, other: Number) -> Result<Currency, String> {
        let a = Number::Currency(self);
        let exact = (|| {
            let (n1, d1) = a.fraction()?;
            let (n2, d2) = other.fraction()?;
            let (n, d) = match op {
                '+' => (
                    n1.checked_mul(d2)?.checked_add(n2.checked_mul(d1)?)?,
                    d1.checked_mul(d2)?,
                ),
                '-' => (
                    n1.checked_mul(d2)?.checked_sub(n2.checked_mul(d1)?)?,
                    d1.checked_mul(d2)?,
                ),
                '*' => (n1.checked_mul(n2)?, d1.checked_mul(d2)?),
                '/' => {
                    let n = n1.checked_mul(d2)?;
                    let d = d1.checked_mul(n2)?;
                    if d < 0 {
                        (n.checked_neg()?, d.checked_neg()?)
                    } else {
                        (n, d)
                    }
                }
                _ => return None,
            };
            if d == 0 {
                return None;
            }
            Currency::from_fraction(n, d, self.places)
        })();
        if let Some(c) = exact {
            return Ok(c);
        }
        let (x, y) = (a.to_f64(), other.to_f64());
        let r = match op {
            '+' => x + y,
            '-' => x - y,
            '*' => x * y,
            '/' if y == 0.0 => return Err("division by zero".into()),
            '/' => x / y,
            _ => return Err(format!("unknown operation {op:?}")),
        };
        Currency::new(Number::Float(r), self.places)
    }

    /// Python's comparison of this amount with a number (exact, like Decimal's).
    pub(crate) fn cmp_number(&self, other: Number) -> Option<Ordering> {
        let exact = (|| {
            let (n1, d1) = Number::Currency(*self).fraction()?;
            let (n2, d2) = other.fraction()?;
            Some(n1.checked_mul(d2)?.cmp(&n2.checked_mul(d1)?))
        })();
        exact.or_else(|| self.to_f64().partial_cmp(&other.to_f64()))
    }

    /// oTree's `Currency == x`: x is first quantized to the currency's places.
    pub(crate) fn eq_number(&self, other: Number) -> bool {
        match other {
            Number::Currency(c) => self.cmp_number(Number::Currency(c)) == Some(Ordering::Equal),
            _ => match Currency::new(other, self.places) {
                Ok(c) => c.units == self.units,
                Err(_) => false,
            },
        }
    }
}

macro_rules! currency_op {
    ($trait:ident, $method:ident, $op:literal) => {
        impl std::ops::$trait<Number> for Currency {
            type Output = Result<Currency, String>;
            fn $method(self, other: Number) -> Self::Output {
                self.apply($op, other)
            }
        }
    };
}
currency_op!(Add, add, '+');
currency_op!(Sub, sub, '-');
currency_op!(Mul, mul, '*');
currency_op!(Div, div, '/');

/// `units / 10^places` written out: (-325, 2) → "-3.25".
fn fixed_string(units: i128, places: u32) -> String {
    let digits = units.unsigned_abs().to_string();
    let sign = if units < 0 { "-" } else { "" };
    if places == 0 {
        return format!("{sign}{digits}");
    }
    let p = places as usize;
    let padded = if digits.len() <= p {
        format!("{}{}", "0".repeat(p + 1 - digits.len()), digits)
    } else {
        digits
    };
    let (int, frac) = padded.split_at(padded.len() - p);
    format!("{sign}{int}.{frac}")
}

/// Groups the integer part of "-?digits(.digits)?" with `,`.
fn group_fixed(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map(|r| ("-", r)).unwrap_or(("", s));
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    match frac {
        Some(f) => format!("{sign}{}.{f}", group_digits(int)),
        None => format!("{sign}{}", group_digits(int)),
    }
}

/// The symbol oTree shows for a currency code when no language rule names one.
pub(crate) fn currency_symbol(code: &str) -> &str {
    match code {
        "ARS" | "AUD" | "CAD" | "MXN" | "TWD" | "USD" => "$",
        "BRL" => "R$",
        "CNY" => "元",
        "CZK" => "Kč",
        "DKK" | "NOK" | "SEK" => "kr",
        "EGP" => "ج.م.‏",
        "EUR" => "€",
        "GBP" => "£",
        "HKD" => "HK$",
        "HUF" => "Ft",
        "ILS" => "₪",
        "INR" => "₹",
        "JPY" => "円",
        "KRW" => "원",
        "MYR" => "RM",
        "PLN" => "zł",
        "RUB" => "₽",
        "TRY" => "₺",
        "ZAR" => "R",
        other => other,
    }
}

/// The money pattern for a language, region and currency: `¤` is the
/// symbol, `#` the number (as oTree's i18n module lays them out).
fn money_pattern(lang: &str, region: &str, code: &str) -> &'static str {
    match (lang, code) {
        ("en", "USD" | "CAD" | "AUD" | "SGD") => "$#",
        ("en", "GBP") => "£#",
        ("en", "EUR") => "€#",
        ("en", "INR") => "₹ #",
        ("en", "CNY") => "#元",
        ("en", "JPY") => "#円",
        ("en", "KRW") => "#원",
        ("en", "ZAR") => "R#",
        ("en", _) => "¤#",
        ("zh", "CNY") => "#元",
        ("zh", "HKD") => "HK$#",
        ("zh", "TWD") => "$#",
        ("zh", "SGD") => "SGD#",
        ("zh", _) => "¤#",
        // oTree compares the region with "AT" as written in LANGUAGE_CODE.
        ("de", "EUR") if region == "AT" => "€ #",
        ("de", "EUR") => "# €",
        ("de", "CHF") => "CHF #",
        ("de", _) => "¤ #",
        ("es", "ARS") => "$ #",
        ("es", "EUR") => "# €",
        ("es", "MXN") => "$#",
        ("es", _) => "# ¤",
        ("nl", "EUR") if region == "BE" => "# €",
        ("nl", _) if region == "BE" => "# ¤",
        ("nl", "EUR") => "€ #",
        ("nl", _) => "¤ #",
        ("pt", "BRL") => "R$#",
        ("pt", "EUR") => "# €",
        ("pt", _) => "¤#",
        ("ar", "AED") => "د.إ.‏ #",
        ("ar", _) => "¤ #",
        ("cs", "CZK") => "# Kč",
        ("da", "DKK") => "# kr.",
        ("fi" | "fr" | "it", "EUR") => "# €",
        ("he", "ILS") => "# ₪",
        ("hu", "HUF") => "# Ft",
        ("ja", "JPY") => "#円",
        ("ko", "KRW") => "#원",
        ("ms", "MYR") => "RM#",
        ("nb", "NOK") => "kr #",
        ("pl", "PLN") => "# zł",
        ("ru", "RUB") => "# ₽",
        ("sv", "SEK") => "# kr",
        ("th", "THB") => "฿#",
        ("tr", "TRY") => "# ₺",
        // oTree's rule for Hindi with rupees shows the lira sign.
        ("hi", "INR") => "₺#",
        ("ja" | "ko" | "ms" | "th" | "hi", _) => "¤#",
        ("nb", _) => "¤ #",
        _ => "# ¤",
    }
}

/// A currency value inside templates: the amount and the settings it prints with.
#[derive(Debug)]
pub(crate) struct CurrencyValue {
    pub amount: Currency,
    pub settings: Arc<Settings>,
}

impl CurrencyValue {
    /// oTree's `Currency(x)` for a template value (a number, a numeric string, a currency).
    pub fn from_value(v: &Value, settings: &Arc<Settings>) -> Result<CurrencyValue, String> {
        let places = settings.places();
        let amount = if let Some(n) = Number::from_value(v) {
            Currency::new(n, places)?
        } else if let Some(s) = v.as_str() {
            Currency::parse(s, places)?
        } else if v.is_none() {
            return Err("Cannot convert None to currency".into());
        } else {
            return Err(format!(
                "cannot make a currency amount of a {}",
                super::format::py_type_name(v)
            ));
        };
        Ok(CurrencyValue {
            amount,
            settings: settings.clone(),
        })
    }

    pub fn into_value(self) -> Value {
        Value::from_object(self)
    }

    pub fn units(&self) -> i128 {
        self.amount.units
    }

    pub fn places(&self) -> u32 {
        self.amount.places
    }

    pub fn to_f64(&self) -> f64 {
        self.amount.to_f64()
    }

    pub fn decimal_string(&self) -> String {
        self.amount.decimal_string()
    }

    /// How oTree prints the amount, with its own places or `places`.
    pub fn format(&self, places: Option<u32>) -> String {
        let s = &self.settings;
        if s.use_points {
            let places = places.unwrap_or(s.points_places);
            let number = s
                .style
                .localize_separators(&group_fixed(&self.amount.fixed(places)));
            if let Some(name) = &s.points_name {
                return format!("{number} {name}");
            }
            let one = pow10(self.amount.places) == Some(self.amount.units);
            format!("{number} {}", if one { "point" } else { "points" })
        } else {
            let places = places.unwrap_or(s.real_places);
            let magnitude = Currency {
                units: self.amount.units.abs(),
                places: self.amount.places,
            };
            let number = s
                .style
                .localize_separators(&group_fixed(&magnitude.fixed(places)));
            let text = money_pattern(&s.lang, &s.region, &s.code)
                .replace('¤', currency_symbol(&s.code))
                .replace('#', &number);
            if self.amount.units < 0 {
                format!("-{text}")
            } else {
                text
            }
        }
    }
}

impl Object for CurrencyValue {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    fn is_true(self: &Arc<Self>) -> bool {
        self.amount.units != 0
    }

    fn custom_cmp(self: &Arc<Self>, other: &DynObject) -> Option<Ordering> {
        let other = other.downcast_ref::<CurrencyValue>()?;
        self.amount.cmp_number(Number::Currency(other.amount))
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format(None))
    }
}

/// Python's `"{:,.Nf}".format(x)` for the `toN` filters: currency keeps its
/// own format with N places; ints and floats are formatted as floats.
pub(crate) fn to_places(v: &Value, places: u32, style: &NumberStyle) -> Result<String, String> {
    if let Some(c) = v.downcast_object_ref::<CurrencyValue>() {
        return Ok(c.format(Some(places)));
    }
    let f = if let Some(i) = as_int(v) {
        i as f64
    } else if let Some(f) = as_float(v) {
        f
    } else {
        return Err(format!(
            "to{places} formats numbers, but this value is a {}",
            super::format::py_type_name(v)
        ));
    };
    Ok(style.localize_separators(&float_fixed_grouped(f, places as usize)))
}
