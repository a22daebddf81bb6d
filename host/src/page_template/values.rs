//! Template values with Python's behaviour: the page's JSON turned into
//! minijinja values (dicts that keep their order, currency amounts), and
//! Python's comparisons, `in` and truth for oTree's `{% if %}`.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use minijinja::Value;
use minijinja::value::{Enumerator, Object, ObjectRepr, Tuple, ValueKind};

use super::currency::{CurrencyValue, Number, Settings};
use super::format::{py_str, py_type_name};

/// A Python dict: string keys in their original order.
#[derive(Debug, Default)]
pub(crate) struct PyDict {
    entries: Vec<(String, Value)>,
    index: HashMap<String, usize>,
}

impl PyDict {
    pub fn new(entries: Vec<(String, Value)>) -> PyDict {
        let mut d = PyDict::default();
        for (k, v) in entries {
            d.insert(k, v);
        }
        d
    }

    pub fn insert(&mut self, k: String, v: Value) {
        match self.index.get(&k) {
            Some(&i) => self.entries[i].1 = v,
            None => {
                self.index.insert(k.clone(), self.entries.len());
                self.entries.push((k, v));
            }
        }
    }

    pub fn entries(&self) -> &[(String, Value)] {
        &self.entries
    }

    pub fn get(&self, k: &str) -> Option<&Value> {
        self.index.get(k).map(|&i| &self.entries[i].1)
    }

    /// `d.key` in a template: the key, else one of the dict methods oTree
    /// would call (`{% for k, v in d.items %}`).
    pub fn attr(&self, key: &str) -> Option<Value> {
        if let Some(v) = self.get(key) {
            return Some(v.clone());
        }
        let (kind, items): (&'static str, Vec<Value>) = match key {
            "items" => (
                "dict_items",
                self.entries
                    .iter()
                    .map(|(k, v)| {
                        Value::from_object(Tuple::from(vec![Value::from(k.as_str()), v.clone()]))
                    })
                    .collect(),
            ),
            "keys" => (
                "dict_keys",
                self.entries
                    .iter()
                    .map(|(k, _)| Value::from(k.as_str()))
                    .collect(),
            ),
            "values" => (
                "dict_values",
                self.entries.iter().map(|(_, v)| v.clone()).collect(),
            ),
            _ => return None,
        };
        Some(Value::from_object(DictView { kind, items }))
    }
}

/// What `d.items`, `d.keys` and `d.values` give: a sequence that prints
/// like Python's view (`dict_keys(['a', 'b'])`).
#[derive(Debug)]
pub(crate) struct DictView {
    pub kind: &'static str,
    pub items: Vec<Value>,
}

impl Object for DictView {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Iterable
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(self.items.clone())
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.items.len())
    }

    fn is_true(self: &Arc<Self>) -> bool {
        !self.items.is_empty()
    }
}

impl Object for PyDict {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        // oTree looks up `d.0` as d['0'] first; templates index with numbers.
        let key = match key.as_str() {
            Some(k) => k.to_string(),
            None if key.is_integer() => key.to_string(),
            None => return None,
        };
        self.attr(&key)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(
            self.entries
                .iter()
                .map(|(k, _)| Value::from(k.as_str()))
                .collect(),
        )
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.entries.len())
    }

    fn is_true(self: &Arc<Self>) -> bool {
        !self.entries.is_empty()
    }

    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&py_str(&Value::from_dyn_object(self.clone())))
    }
}

/// The key of a JSON object that marks an oTree Currency: `{"__cu__": 10}`.
pub const CURRENCY_KEY: &str = "__cu__";
/// The key of a JSON object that marks real-world money (oTree's
/// RealWorldCurrency, as the participation fee): `{"__rwc__": 2.5}`.
pub const MONEY_KEY: &str = "__rwc__";

/// Turns the page's JSON into template values.
pub(crate) fn from_json(v: &serde_json::Value, settings: &Arc<Settings>) -> Result<Value, String> {
    Ok(match v {
        serde_json::Value::Null => Value::from(()),
        serde_json::Value::Bool(b) => Value::from(*b),
        serde_json::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                Value::from(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        serde_json::Value::String(s) => Value::from(s.as_str()),
        serde_json::Value::Array(items) => Value::from(
            items
                .iter()
                .map(|i| from_json(i, settings))
                .collect::<Result<Vec<_>, _>>()?,
        ),
        serde_json::Value::Object(map) => {
            for (key, money) in [(CURRENCY_KEY, false), (MONEY_KEY, true)] {
                if map.len() == 1
                    && let Some(amount) = map.get(key)
                {
                    let n = from_json(amount, settings)?;
                    if !n.is_number() {
                        return Err(format!(
                            "{{\"{key}\": ...}} marks a currency amount and needs a number, not {amount}"
                        ));
                    }
                    if money {
                        let money = Arc::new(settings.money());
                        return Ok(CurrencyValue::from_value(&n, &money)?.into_value());
                    }
                    return Ok(CurrencyValue::from_value(&n, settings)?.into_value());
                }
            }
            let mut entries = Vec::with_capacity(map.len());
            for (k, v) in map {
                entries.push((k.clone(), from_json(v, settings)?));
            }
            Value::from_object(PyDict::new(entries))
        }
    })
}

/// Looks up one word of a dotted name the way oTree's templates do:
/// a key, then a list index.
pub(crate) fn lookup(v: &Value, word: &str) -> Option<Value> {
    if let Some(d) = v.downcast_object_ref::<PyDict>() {
        return d.attr(word);
    }
    if let Ok(i) = word.parse::<usize>()
        && matches!(v.kind(), ValueKind::Seq | ValueKind::String)
    {
        let item = v.get_item(&Value::from(i)).ok()?;
        return (!item.is_undefined()).then_some(item);
    }
    let item = v.get_attr(word).ok()?;
    (!item.is_undefined()).then_some(item)
}

fn undefined_error() -> minijinja::Error {
    minijinja::Error::new(minijinja::ErrorKind::UndefinedError, "undefined value")
}

fn op_error(msg: String) -> minijinja::Error {
    minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, msg)
}

fn is_seq(v: &Value) -> bool {
    matches!(v.kind(), ValueKind::Seq | ValueKind::Iterable)
}

/// Python's `a == b`.
pub(crate) fn py_eq(a: &Value, b: &Value) -> bool {
    if let (Some(x), Some(y)) = (Number::from_value(a), Number::from_value(b)) {
        return match (x, y) {
            (Number::Currency(c), other) | (other, Number::Currency(c)) => c.eq_number(other),
            (x, y) => num_cmp(x, y) == Some(Ordering::Equal),
        };
    }
    match (a.kind(), b.kind()) {
        (ValueKind::None, ValueKind::None) => true,
        (ValueKind::String, ValueKind::String) => a.as_str() == b.as_str(),
        (ValueKind::Seq, ValueKind::Seq) => {
            if a.is_tuple() != b.is_tuple() {
                return false;
            }
            let xs: Vec<Value> = a.try_iter().map(|i| i.collect()).unwrap_or_default();
            let ys: Vec<Value> = b.try_iter().map(|i| i.collect()).unwrap_or_default();
            xs.len() == ys.len() && xs.iter().zip(&ys).all(|(x, y)| py_eq(x, y))
        }
        (ValueKind::Map, ValueKind::Map) => match (
            a.downcast_object_ref::<PyDict>(),
            b.downcast_object_ref::<PyDict>(),
        ) {
            (Some(x), Some(y)) => {
                x.entries().len() == y.entries().len()
                    && x.entries()
                        .iter()
                        .all(|(k, v)| y.get(k).is_some_and(|w| py_eq(v, w)))
            }
            _ => a == b,
        },
        _ => false,
    }
}

/// Python's `a != b` (for a currency this is Decimal's exact comparison,
/// which is why `cu(5) == 5.4` and `cu(5) != 5.4` are both true in oTree).
pub(crate) fn py_ne(a: &Value, b: &Value) -> bool {
    if let (Some(x), Some(y)) = (Number::from_value(a), Number::from_value(b))
        && let (Number::Currency(c), other) | (other, Number::Currency(c)) = (x, y)
    {
        return c.cmp_number(other) != Some(Ordering::Equal);
    }
    !py_eq(a, b)
}

fn num_cmp(x: Number, y: Number) -> Option<Ordering> {
    match (x, y) {
        (Number::Currency(c), other) => c.cmp_number(other),
        (other, Number::Currency(c)) => c.cmp_number(other).map(Ordering::reverse),
        (Number::Int(a), Number::Int(b)) => Some(a.cmp(&b)),
        (Number::Float(a), Number::Float(b)) => a.partial_cmp(&b),
        (Number::Int(i), Number::Float(f)) => int_float_cmp(i, f),
        (Number::Float(f), Number::Int(i)) => int_float_cmp(i, f).map(Ordering::reverse),
    }
}

/// Compares an int with a float exactly, as Python does.
fn int_float_cmp(i: i128, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    let t = f.trunc();
    if t.abs() >= 1.7e38 {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    match i.cmp(&(t as i128)) {
        Ordering::Equal => 0.0f64.partial_cmp(&(f - t)),
        o => Some(o),
    }
}

/// Python's ordering of two values (`<`, `>`, `<=`, `>=`), or its TypeError.
fn py_order(a: &Value, b: &Value, op: &str) -> Result<Option<Ordering>, String> {
    if let (Some(x), Some(y)) = (Number::from_value(a), Number::from_value(b)) {
        return Ok(num_cmp(x, y));
    }
    match (a.kind(), b.kind()) {
        (ValueKind::String, ValueKind::String) => Ok(a.as_str().partial_cmp(&b.as_str())),
        (ValueKind::Seq, ValueKind::Seq) if a.is_tuple() == b.is_tuple() => {
            let xs: Vec<Value> = a.try_iter().map(|i| i.collect()).unwrap_or_default();
            let ys: Vec<Value> = b.try_iter().map(|i| i.collect()).unwrap_or_default();
            for (x, y) in xs.iter().zip(&ys) {
                if !py_eq(x, y) {
                    return py_order(x, y, op);
                }
            }
            Ok(Some(xs.len().cmp(&ys.len())))
        }
        _ => Err(format!(
            "'{op}' not supported between instances of '{}' and '{}'",
            py_type_name(a),
            py_type_name(b)
        )),
    }
}

/// Python's `needle in haystack`.
fn py_in(needle: &Value, haystack: &Value) -> Result<bool, String> {
    if let Some(s) = haystack.as_str() {
        return match needle.as_str() {
            Some(n) => Ok(s.contains(n)),
            None => Err(format!(
                "'in <string>' requires string as left operand, not {}",
                py_type_name(needle)
            )),
        };
    }
    if let Some(d) = haystack.downcast_object_ref::<PyDict>() {
        if (is_seq(needle) || needle.kind() == ValueKind::Map) && !needle.is_tuple() {
            return Err(format!("unhashable type: '{}'", py_type_name(needle)));
        }
        return Ok(needle.as_str().is_some_and(|k| d.get(k).is_some()));
    }
    if is_seq(haystack) {
        let items = haystack.try_iter().map_err(|e| e.to_string())?;
        for item in items {
            if py_eq(&item, needle) {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    Err(format!(
        "argument of type '{}' is not iterable",
        py_type_name(haystack)
    ))
}

/// The comparison functions the translated `{% if %}` tags call:
/// `py_eq(a, b)`, `py_lt(a, b)`, `py_in(a, b)`, ... as Python evaluates them.
pub(crate) fn compare(op: &str, a: &Value, b: &Value) -> Result<bool, minijinja::Error> {
    if a.is_undefined() || b.is_undefined() {
        return Err(undefined_error());
    }
    let ordered = |symbol: &str, test: fn(Ordering) -> bool| {
        py_order(a, b, symbol)
            .map(|o| o.is_some_and(test))
            .map_err(op_error)
    };
    match op {
        "==" => Ok(py_eq(a, b)),
        "!=" => Ok(py_ne(a, b)),
        "<" => ordered("<", |o| o == Ordering::Less),
        ">" => ordered(">", |o| o == Ordering::Greater),
        "<=" => ordered("<=", |o| o != Ordering::Greater),
        ">=" => ordered(">=", |o| o != Ordering::Less),
        "in" => py_in(a, b).map_err(op_error),
        "not in" => py_in(a, b).map(|r| !r).map_err(op_error),
        _ => Err(op_error(format!("unknown comparison {op}"))),
    }
}
