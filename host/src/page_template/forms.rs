//! The page's form: oTree's `formfields`, `formfield` and `formfield_errors`
//! tags and its `form` variable, drawn as oTree 6 draws them.
//!
//! oTree makes a wtforms form of the page's form_fields. Which input a field
//! gets follows from its kind (IntegerField, ...), its widget and whether it
//! has choices: a dropdown (`<select>`) for choices, radio buttons with
//! `RadioSelect` / `RadioSelectHorizontal` (a BooleanField's default, with
//! Yes and No), a checkbox with `CheckboxInput`, else the kind's own input:
//! a number input (whole numbers), a text input (floats), a number or text
//! input with the currency unit beside it (currency), a text input (text), a
//! textarea (long text). The host describes each field in a [`FormField`];
//! `Form::new` works out what oTree would draw (refusing what oTree
//! refuses, as an error naming the field) and the objects here draw it:
//!
//! - `{{ formfields }}` and `{{ formfield 'name' }}` print a field with its
//!   label, help text and error in oTree's markup;
//! - `{{ formfield_errors 'name' }}` prints the error alone;
//! - `form` is oTree's form object: `{{ form.name }}` is the input alone,
//!   `{{ form.name.label }}` its `<label>`, `{{ form.name.errors }}` the
//!   error list, `{{ for choice in form.name }}` the radio buttons (or
//!   options) one by one, `{{ for field in form }}` the fields.
//!
//! As in oTree, the experiment's labels, help texts and errors print raw in
//! the field's markup, while the widgets escape the values they put into
//! attributes, textarea contents, option texts and the labels of
//! `RadioSelect` (not those of `RadioSelectHorizontal`).

use std::cmp::Ordering;
use std::fmt::{self, Write as _};
use std::sync::Arc;

use minijinja::Value;
use minijinja::value::{Enumerator, Object, ObjectRepr, Tuple};

use super::currency::{Currency, CurrencyValue, Number, Settings};
use super::format::float_repr;
use super::values::{CURRENCY_KEY, PyDict};

/// The kind of a form field (oTree's model field: IntegerField, ...).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FieldKind {
    Integer,
    Float,
    Currency,
    #[default]
    String,
    /// LongStringField: a textarea.
    LongString,
    Boolean,
}

/// A field's `widget=` (oTree's `widgets.X`), or `Default` when it has none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Widget {
    /// The kind's own input; a dropdown for a field with choices, Yes/No
    /// radio buttons for a BooleanField.
    #[default]
    Default,
    RadioSelect,
    RadioSelectHorizontal,
    /// `CheckboxInput` (also spelled `Checkbox`).
    CheckboxInput,
    TextInput,
    TextArea,
    IntegerWidget,
    FloatWidget,
    CurrencyWidget,
    /// `widgets.Select`, which oTree 6 cannot show (a field with choices is
    /// a dropdown without a widget): an error, as in oTree.
    Select,
}

/// One field of the page's form, as the experiment describes it (oTree's
/// form_fields, in order).
#[derive(Debug, Clone, Default)]
pub struct FormField {
    pub name: String,
    pub kind: FieldKind,
    /// The label, already resolved: the field's `label=`, else oTree's
    /// default, the name with `_` as spaces in title case ("my_age" → "My Age").
    pub label: String,
    pub widget: Widget,
    /// `(value, label)` pairs, as oTree has them after expanding a flat list
    /// (each label then is Python's `str` of the value: `str(cu(5))` is
    /// "5 points"). None: no choices (a BooleanField then has Yes and No).
    /// Values are JSON scalars; `{"__cu__": 5}` is a currency amount.
    pub choices: Option<Vec<(serde_json::Value, String)>>,
    /// The input's `min` and `max` (numbers or `{"__cu__": n}`), for number
    /// fields without choices. oTree's default min is 0: give `Some(0)` when
    /// the field sets none, None when it sets `min=None`.
    pub min: Option<serde_json::Value>,
    pub max: Option<serde_json::Value>,
    /// `blank=True`: the field is optional (no `required` attribute).
    pub blank: bool,
    /// What the input shows: the participant's submitted text after a
    /// refused submit (a JSON string, e.g. "True" for a BooleanField's
    /// radio button), else the stored or initial value (`{"__cu__": n}` for
    /// currency, true/false for a BooleanField); None: empty. A checkbox the
    /// participant left unticked was not submitted: None.
    pub value: Option<serde_json::Value>,
    /// This field's error message, after a refused submit. oTree can have
    /// several: joined with `<br/>` they print in the tags as oTree prints
    /// them (only `form.name.errors` then has one item instead of several).
    pub error: Option<String>,
    /// The field's `help_text=`, shown under the input.
    pub help_text: Option<String>,
}

/// A Python value of the form: what a field holds or a choice is.
#[derive(Debug, Clone)]
enum Py {
    None,
    Bool(bool),
    Int(i128),
    Float(f64),
    Cu(Currency),
    Str(String),
}

impl Py {
    fn from_json(v: &serde_json::Value, places: u32) -> Result<Py, String> {
        Ok(match v {
            serde_json::Value::Null => Py::None,
            serde_json::Value::Bool(b) => Py::Bool(*b),
            serde_json::Value::Number(n) => number(n),
            serde_json::Value::String(s) => Py::Str(s.clone()),
            serde_json::Value::Object(m) if m.len() == 1 && m.contains_key(CURRENCY_KEY) => {
                let amount = match m.get(CURRENCY_KEY) {
                    Some(serde_json::Value::Number(n)) => number(n),
                    _ => {
                        return Err(format!(
                            "{v} is not a currency amount: {{\"{CURRENCY_KEY}\": ...}} needs a number"
                        ));
                    }
                };
                Py::Cu(Currency::new(
                    amount.number().unwrap_or(Number::Int(0)),
                    places,
                )?)
            }
            _ => {
                return Err(format!(
                    "{v} is not a value a form field can have (a number, text, true/false, null or {{\"{CURRENCY_KEY}\": n}})"
                ));
            }
        })
    }

    fn number(&self) -> Option<Number> {
        match *self {
            Py::Bool(b) => Some(Number::Int(b as i128)),
            Py::Int(i) => Some(Number::Int(i)),
            Py::Float(f) => Some(Number::Float(f)),
            Py::Cu(c) => Some(Number::Currency(c)),
            Py::None | Py::Str(_) => None,
        }
    }

    /// Python's truth.
    fn is_true(&self) -> bool {
        match self {
            Py::None => false,
            Py::Bool(b) => *b,
            Py::Int(i) => *i != 0,
            Py::Float(f) => *f != 0.0,
            Py::Cu(c) => c.units() != 0,
            Py::Str(s) => !s.is_empty(),
        }
    }

    /// Python's `str()`.
    fn text(&self, settings: &Arc<Settings>) -> String {
        match self {
            Py::None => "None".into(),
            Py::Bool(b) => if *b { "True" } else { "False" }.into(),
            Py::Int(i) => i.to_string(),
            Py::Float(f) => float_repr(*f, false),
            Py::Cu(c) => currency_value(*c, settings).format(None),
            Py::Str(s) => s.clone(),
        }
    }

    /// Python's `str()` after oTree's `to_dec` (a currency as a plain decimal).
    fn dec_text(&self, settings: &Arc<Settings>) -> String {
        match self {
            Py::Cu(c) => c.decimal_string(),
            other => other.text(settings),
        }
    }

    fn same(&self, other: &Py) -> bool {
        match (self, other) {
            (Py::Bool(a), Py::Bool(b)) => a == b,
            (Py::Int(a), Py::Int(b)) => a == b,
            (Py::Float(a), Py::Float(b)) => a == b,
            (Py::Cu(a), Py::Cu(b)) => a.eq_number(Number::Currency(*b)),
            (Py::Str(a), Py::Str(b)) => a == b,
            _ => false,
        }
    }

    fn into_value(self, settings: &Arc<Settings>) -> Value {
        match self {
            Py::None => Value::from(()),
            Py::Bool(b) => Value::from(b),
            Py::Int(i) => Value::from(i),
            Py::Float(f) => Value::from(f),
            Py::Cu(c) => currency_value(c, settings).into_value(),
            Py::Str(s) => Value::from(s),
        }
    }
}

fn number(n: &serde_json::Number) -> Py {
    if let Some(i) = n.as_i64() {
        Py::Int(i as i128)
    } else if let Some(u) = n.as_u64() {
        Py::Int(u as i128)
    } else {
        Py::Float(n.as_f64().unwrap_or(f64::NAN))
    }
}

fn currency_value(amount: Currency, settings: &Arc<Settings>) -> CurrencyValue {
    CurrencyValue {
        amount,
        settings: settings.clone(),
    }
}

/// Python's `int(text)`: optional sign, digits (`_` between them), spaces around.
fn parse_int(text: &str) -> Option<i128> {
    let t = text.trim();
    let (neg, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let clean = without_underscores(digits)?;
    if clean.is_empty() || !clean.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i128 = clean.parse().ok()?;
    Some(if neg { -n } else { n })
}

/// Python's `float(text)`: decimals, exponents, inf and nan, spaces around.
fn parse_float(text: &str) -> Option<f64> {
    let clean = without_underscores(text.trim())?;
    if clean.is_empty() || clean.contains(char::is_whitespace) {
        return None;
    }
    clean.parse().ok()
}

/// The text without the `_` Python allows between two digits (None if one
/// stands anywhere else).
fn without_underscores(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c == '_' {
            let digit_before = i > 0 && b[i - 1].is_ascii_digit();
            let digit_after = b.get(i + 1).is_some_and(u8::is_ascii_digit);
            if !(digit_before && digit_after) {
                return None;
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// Python's `int(value)` (None where it fails).
fn to_int(v: &Py) -> Option<Py> {
    Some(Py::Int(match v {
        Py::Bool(b) => *b as i128,
        Py::Int(i) => *i,
        Py::Float(f) if f.is_finite() && f.abs() < 1e38 => f.trunc() as i128,
        Py::Cu(c) => {
            let scale = 10i128.checked_pow(c.places())?;
            c.units() / scale
        }
        Py::Str(s) => parse_int(s)?,
        _ => return None,
    }))
}

/// Python's `float(value)`.
fn to_float(v: &Py) -> Option<Py> {
    Some(Py::Float(match v {
        Py::Bool(b) => *b as i128 as f64,
        Py::Int(i) => *i as f64,
        Py::Float(f) => *f,
        Py::Cu(c) => c.to_f64(),
        Py::Str(s) => parse_float(s)?,
        Py::None => return None,
    }))
}

/// oTree's `Currency(value)`.
fn to_currency(v: &Py, places: u32) -> Option<Py> {
    let c = match v {
        Py::Str(s) => Currency::parse(s, places).ok()?,
        other => Currency::new(other.number()?, places).ok()?,
    };
    Some(Py::Cu(c))
}

/// The function oTree's form passes a choice field's values through (its
/// `coerce`), for both the choices and the field's value.
fn coerce(kind: FieldKind, v: &Py, settings: &Arc<Settings>) -> Option<Py> {
    match kind {
        FieldKind::Boolean => {
            // oTree's bool_from_form_value: None, False, '', '0', 'False', 'false' (and so 0) are False.
            let falsy = match v {
                Py::None => true,
                Py::Str(s) => ["", "0", "False", "false"].contains(&s.as_str()),
                other => !other.is_true(),
            };
            Some(Py::Bool(!falsy))
        }
        FieldKind::Integer => to_int(v),
        FieldKind::Float => to_float(v),
        FieldKind::Currency => to_currency(v, settings.places()),
        FieldKind::String | FieldKind::LongString => Some(Py::Str(v.text(settings))),
    }
}

/// markupsafe's `escape`, which wtforms uses: `& < > " '`.
pub(crate) fn markup_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// HTML attributes as wtforms writes them: sorted by name, `name` alone for
/// a true flag, `name="escaped value"` otherwise.
fn attrs(mut list: Vec<(&str, Option<String>)>) -> String {
    list.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = String::new();
    for (k, v) in list {
        if !out.is_empty() {
            out.push(' ');
        }
        match v {
            None => out.push_str(k),
            Some(v) => {
                let _ = write!(out, "{k}=\"{}\"", markup_escape(&v));
            }
        }
    }
    out
}

/// How a field with choices shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Dropdown,
    Radio,
    Horizontal,
}

/// The widget of a field without choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    Text,
    TextArea,
    Integer,
    Float,
    Currency,
    Checkbox,
}

#[derive(Debug)]
struct Choice {
    /// The radio button's value (Python's `str` of the choice).
    text: String,
    /// The dropdown option's value attribute (None: wtforms leaves it out, for False).
    option_value: Option<String>,
    label: String,
    selected: bool,
    value: Py,
}

#[derive(Debug)]
enum Shape {
    Choices(Layout, Vec<Choice>),
    Input {
        input: Input,
        /// The value attribute (wtforms' `_value()`).
        text: String,
        checked: bool,
        /// min and max attributes, with min's sign for `inputmode`.
        min: Option<(String, Number)>,
        max: Option<String>,
    },
}

/// A field as oTree draws it.
#[derive(Debug)]
pub(crate) struct Field {
    name: String,
    label: String,
    help: Option<String>,
    error: Option<String>,
    required: bool,
    /// A BooleanField with CheckboxInput (oTree's CheckboxField): the label after the box.
    checkbox_layout: bool,
    /// wtforms' class name (`field.type`).
    class: &'static str,
    shape: Shape,
    /// What the field holds (wtforms' `field.data`).
    data: Py,
    /// Whether the form was validated (a refused submit): errors are then a list.
    validated: bool,
    settings: Arc<Settings>,
}

impl Field {
    fn new(f: &FormField, validated: bool, settings: &Arc<Settings>) -> Result<Field, String> {
        use FieldKind as K;
        use Widget as W;
        let places = settings.places();
        let value = match &f.value {
            Some(v) => Py::from_json(v, places).map_err(|m| format!("its value {m}"))?,
            None => Py::None,
        };
        let choices = match &f.choices {
            Some(list) => {
                if f.kind == K::LongString {
                    return Err("a LongStringField cannot have choices".into());
                }
                if f.kind == K::Boolean && f.widget == W::CheckboxInput {
                    return Err(
                        "a BooleanField with widget CheckboxInput cannot have choices (oTree refuses it too)"
                            .into(),
                    );
                }
                let mut out = vec![];
                for (v, label) in list {
                    out.push((
                        Py::from_json(v, places).map_err(|m| format!("its choice {m}"))?,
                        label.clone(),
                    ));
                }
                Some(out)
            }
            None if f.kind == K::Boolean && f.widget != W::CheckboxInput => Some(vec![
                (Py::Bool(true), "Yes".to_string()),
                (Py::Bool(false), "No".to_string()),
            ]),
            None => None,
        };
        let base = Field {
            name: f.name.clone(),
            label: f.label.clone(),
            help: f.help_text.clone(),
            error: f.error.clone(),
            required: !f.blank,
            checkbox_layout: false,
            class: "",
            shape: Shape::Choices(Layout::Dropdown, vec![]),
            data: Py::None,
            validated,
            settings: settings.clone(),
        };

        if let Some(list) = choices {
            let (layout, class) = match f.widget {
                // A BooleanField's widget is RadioSelect unless it says otherwise.
                W::Default if f.kind == K::Boolean => (Layout::Radio, "RadioField"),
                W::Default => (Layout::Dropdown, "DropdownField"),
                W::RadioSelect => (Layout::Radio, "RadioField"),
                W::RadioSelectHorizontal => (Layout::Horizontal, "RadioFieldHorizontal"),
                other => {
                    return Err(format!(
                        "a field with choices is shown as a dropdown (no widget), RadioSelect or \
                         RadioSelectHorizontal; oTree refuses widget {other:?} with choices"
                    ));
                }
            };
            let data = match &value {
                Py::None => None,
                v => coerce(f.kind, v, settings),
            };
            let choices = list
                .into_iter()
                .map(|(v, label)| {
                    // oTree's to_dec: currency choices of a CurrencyField are plain decimals.
                    let text = if f.kind == K::Currency {
                        v.dec_text(settings)
                    } else {
                        v.text(settings)
                    };
                    let selected = match (&data, coerce(f.kind, &v, settings)) {
                        (Some(d), Some(c)) => d.same(&c),
                        _ => false,
                    };
                    Choice {
                        option_value: match v {
                            Py::Bool(false) => None,
                            _ => Some(text.clone()),
                        },
                        text,
                        label,
                        selected,
                        value: v,
                    }
                })
                .collect();
            return Ok(Field {
                class,
                shape: Shape::Choices(layout, choices),
                data: data.unwrap_or(Py::None),
                ..base
            });
        }

        let (class, own) = match f.kind {
            K::Integer => ("IntegerField", Input::Integer),
            K::Float => ("FloatField", Input::Float),
            K::Currency => ("CurrencyField", Input::Currency),
            K::String => ("StringField", Input::Text),
            K::LongString => ("TextAreaField", Input::TextArea),
            K::Boolean => ("CheckboxField", Input::Checkbox),
        };
        let input = match f.widget {
            W::Default => own,
            W::CheckboxInput => Input::Checkbox,
            W::TextInput => Input::Text,
            W::TextArea => Input::TextArea,
            W::IntegerWidget => Input::Integer,
            W::FloatWidget => Input::Float,
            W::CurrencyWidget => Input::Currency,
            W::Select => {
                return Err(
                    "oTree cannot show widget Select (a field with choices is a dropdown \
                            without a widget)"
                        .into(),
                );
            }
            W::RadioSelect | W::RadioSelectHorizontal => {
                return Err(
                    "it has widget RadioSelect or RadioSelectHorizontal but no choices (oTree: \"Field \
                     uses a radio/select widget but no choices are defined\")"
                        .into(),
                );
            }
        };
        // What the field holds and shows, as each wtforms/oTree field class reads it.
        let style = &settings.style;
        let (data, text) = match f.kind {
            K::Integer => {
                let data = to_int(&value).unwrap_or(Py::None);
                let text = match (&value, &data) {
                    (Py::Str(s), _) => s.clone(),
                    (_, Py::None) => String::new(),
                    (_, d) => d.text(settings),
                };
                (data, text)
            }
            K::Float => {
                let data = match &value {
                    Py::Str(s) => parse_float(&s.replace(',', ".")).map_or(Py::None, Py::Float),
                    v => v.clone(),
                };
                let text = match &data {
                    Py::None => String::new(),
                    d => style.localize_separators(&d.text(settings)),
                };
                (data, text)
            }
            K::Currency => {
                let data = match &value {
                    Py::Str(s) if s.is_empty() => Py::None,
                    Py::Str(s) => {
                        to_currency(&Py::Str(s.replace(',', ".")), places).unwrap_or(Py::None)
                    }
                    v => v.clone(),
                };
                let text = match &data {
                    Py::None => String::new(),
                    d => style.localize_separators(&d.dec_text(settings)),
                };
                (data, text)
            }
            K::String | K::LongString => {
                let text = match &value {
                    Py::None => String::new(),
                    v => v.text(settings),
                };
                (value.clone(), text)
            }
            K::Boolean => {
                let data = match &value {
                    Py::Str(s) => Py::Bool(!(s.is_empty() || s == "false")),
                    v => Py::Bool(v.is_true()),
                };
                let text = match &value {
                    Py::Str(s) => s.clone(),
                    _ => "y".to_string(),
                };
                (data, text)
            }
        };
        let numeric = matches!(f.kind, K::Integer | K::Float | K::Currency);
        let bound = |v: &Option<serde_json::Value>,
                     which: &str|
         -> Result<Option<(String, Number)>, String> {
            let Some(v) = v.as_ref().filter(|_| numeric) else {
                return Ok(None);
            };
            let p = Py::from_json(v, places).map_err(|m| format!("its {which} {m}"))?;
            match (&p, p.number()) {
                (Py::None, _) => Ok(None),
                (Py::Bool(_), _) | (_, None) => {
                    Err(format!("its {which} must be a number, not {v}"))
                }
                (_, Some(n)) => Ok(Some((p.dec_text(settings), n))),
            }
        };
        let min = bound(&f.min, "min")?;
        let max = bound(&f.max, "max")?.map(|(t, _)| t);
        Ok(Field {
            class,
            checkbox_layout: f.kind == K::Boolean,
            shape: Shape::Input {
                input,
                text,
                checked: data.is_true(),
                min,
                max,
            },
            data,
            ..base
        })
    }

    fn id(&self) -> String {
        format!("id_{}", self.name)
    }

    /// The radio button of choice `i`.
    fn radio(&self, i: usize, c: &Choice) -> String {
        let mut list = vec![
            ("id", Some(format!("{}-{i}", self.id()))),
            ("name", Some(self.name.clone())),
            ("value", Some(c.text.clone())),
        ];
        if self.required {
            list.push(("required", None));
        }
        if c.selected {
            list.push(("checked", None));
        }
        format!(
            "<input class=\"form-check-input\" type=\"radio\" {}>",
            attrs(list)
        )
    }

    /// The input alone (`{{ form.name }}`).
    fn widget(&self) -> String {
        let id = self.id();
        match &self.shape {
            Shape::Choices(Layout::Dropdown, choices) => {
                let mut list = vec![("id", Some(id)), ("name", Some(self.name.clone()))];
                if self.required {
                    list.push(("required", None));
                }
                let mut out = format!(
                    "<select class=\"form-select\" {}><option value=\"\">--------</option>",
                    attrs(list)
                );
                for c in choices {
                    out.push_str(&option(c.option_value.clone(), c));
                }
                out.push_str("</select>");
                out
            }
            Shape::Choices(Layout::Radio, choices) => {
                let mut list = vec![("id", Some(id.clone()))];
                if self.required {
                    list.push(("required", None));
                }
                let mut out = format!("<div {}>", attrs(list));
                for (i, c) in choices.iter().enumerate() {
                    let _ = write!(
                        out,
                        "<div class=\"form-check\">{} <label for=\"{}\">{}</label></div>",
                        self.radio(i, c),
                        markup_escape(&format!("{id}-{i}")),
                        markup_escape(&c.label)
                    );
                }
                out.push_str("</div>");
                out
            }
            Shape::Choices(Layout::Horizontal, choices) => {
                let mut out = String::new();
                for (i, c) in choices.iter().enumerate() {
                    let _ = write!(
                        out,
                        "\n            <div class=\"form-check form-check-inline\">\n                {}\n                \
                         <label for=\"{id}-{i}\" class=\"form-check-label\">{}</label>\n            </div>\n            ",
                        self.radio(i, c),
                        c.label
                    );
                }
                out
            }
            Shape::Input {
                input,
                text,
                checked,
                min,
                max,
            } => {
                let mut list = vec![("id", Some(id)), ("name", Some(self.name.clone()))];
                if self.required {
                    list.push(("required", None));
                }
                if let Some((m, _)) = min {
                    list.push(("min", Some(m.clone())));
                }
                if let Some(m) = max {
                    list.push(("max", Some(m.clone())));
                }
                list.push(("value", Some(text.clone())));
                let min_cmp = min.as_ref().and_then(|(_, n)| cmp_zero(*n));
                let min_ge0 = matches!(min_cmp, Some(Ordering::Greater | Ordering::Equal));
                let min_lt0 = min_cmp == Some(Ordering::Less);
                match input {
                    Input::Text => format!(
                        "<input type=\"text\" class=\"form-control\" {}>",
                        attrs(list)
                    ),
                    Input::TextArea => format!(
                        "<textarea class=\"form-control\" {}>\r\n{}</textarea>",
                        attrs(list),
                        markup_escape(text)
                    ),
                    Input::Integer => format!(
                        "<input type=\"number\" class=\"form-control\" inputmode=\"{}\" {}>",
                        if min_ge0 { "numeric" } else { "" },
                        attrs(list)
                    ),
                    Input::Float => format!(
                        "<input type=\"text\" class=\"form-control\" inputmode=\"{}\" {}>",
                        if min_ge0 { "decimal" } else { "" },
                        attrs(list)
                    ),
                    Input::Currency => {
                        let places = self.settings.places();
                        let inputmode = if min.is_none() || min_lt0 {
                            ""
                        } else if places == 0 {
                            "numeric"
                        } else {
                            "decimal"
                        };
                        format!(
                            "<div class=\"input-group input-group-narrow\"><input type=\"{}\" \
                             class=\"form-control\" inputmode=\"{inputmode}\" {}><span \
                             class=\"input-group-text\">{}</span></div>",
                            if places == 0 { "number" } else { "text" },
                            attrs(list),
                            currency_unit(&self.settings)
                        )
                    }
                    Input::Checkbox => {
                        if *checked {
                            list.push(("checked", None));
                        }
                        format!(
                            "<input type=\"checkbox\" class=\"form-check-input\" {}>",
                            attrs(list)
                        )
                    }
                }
            }
        }
    }

    /// The field with its label, help text and error (oTree's formfield markup).
    pub(crate) fn markup(&self, label: &str) -> String {
        let mut classes = if self.checkbox_layout {
            "form-check".to_string()
        } else {
            "mb-3 _formfield".to_string()
        };
        if self.error.is_some() {
            classes.push_str(" has-errors");
        }
        let id = self.id();
        let mut out = format!("\n<div class=\"{classes}\">\n    ");
        if self.checkbox_layout {
            let _ = write!(
                out,
                "\n      {}\n      <label class=\"form-check-label\" for=\"{id}\">\n        {label}\n      </label>\n    ",
                self.widget()
            );
        } else {
            let _ = write!(
                out,
                "\n        <label class=\"col-form-label\" for=\"{id}\">{label}</label>\n        \
                 <div class=\"controls\">\n            {}\n        </div>\n    ",
                self.widget()
            );
        }
        out.push_str("\n    ");
        if let Some(help) = self.help.as_ref().filter(|h| !h.is_empty()) {
            let _ = write!(
                out,
                "\n        <p>\n        <small>\n            <p class=\"form-text text-muted\">{help}</p>\n        </small>\n        </p>\n    "
            );
        }
        out.push_str("\n    ");
        if let Some(e) = &self.error {
            let _ = write!(
                out,
                "\n        <div class=\"form-control-errors\">\n            {e}<br/>\n        </div>\n    "
            );
        }
        out.push_str("\n</div>");
        out
    }

    /// `{{ formfield_errors 'name' }}`.
    pub(crate) fn errors_markup(&self) -> String {
        match &self.error {
            Some(e) => format!("<div class=\"form-control-errors\">{e}</div>"),
            None => String::new(),
        }
    }

    pub(crate) fn label(&self) -> &str {
        &self.label
    }

    fn errors_value(&self) -> Value {
        match &self.error {
            Some(e) => Value::from(vec![Value::from(e.as_str())]),
            None if self.validated => Value::from(Vec::<Value>::new()),
            None => Value::from_object(Tuple::from(Vec::<Value>::new())),
        }
    }

    fn choices(&self) -> &[Choice] {
        match &self.shape {
            Shape::Choices(_, c) => c,
            Shape::Input { .. } => &[],
        }
    }
}

/// A dropdown option (`value` None: left out, as wtforms does for False).
fn option(value: Option<String>, c: &Choice) -> String {
    let mut list = vec![];
    if let Some(v) = value {
        list.push(("value", Some(v)));
    }
    if c.selected {
        list.push(("selected", None));
    }
    format!(
        "<option {}>{}</option>",
        attrs(list),
        markup_escape(&c.label)
    )
}

/// How a number compares with 0 (None for NaN, which compares false both ways).
fn cmp_zero(n: Number) -> Option<Ordering> {
    match n {
        Number::Int(i) => Some(i.cmp(&0)),
        Number::Float(f) => f.partial_cmp(&0.0),
        Number::Currency(c) => Some(c.units().cmp(&0)),
    }
}

/// The unit beside a currency input: the points name or the money symbol.
fn currency_unit(s: &Settings) -> String {
    if s.use_points {
        s.points_name
            .clone()
            .unwrap_or_else(|| "points".to_string())
    } else {
        super::currency::currency_symbol(&s.code).to_string()
    }
}

/// The page's form (oTree's `form`): its fields in order.
#[derive(Debug)]
pub(crate) struct Form {
    fields: Vec<Arc<Field>>,
    /// The error shown above the form (oTree's non_field_error).
    non_field_error: Option<String>,
}

impl Form {
    /// Works out each field as oTree would draw it; a field oTree would
    /// refuse is an error naming it.
    pub(crate) fn new(
        fields: &[FormField],
        non_field_error: Option<&str>,
        settings: &Arc<Settings>,
    ) -> Result<Form, String> {
        let validated = non_field_error.is_some() || fields.iter().any(|f| f.error.is_some());
        let mut out: Vec<Arc<Field>> = vec![];
        for f in fields {
            if out.iter().any(|o| o.name == f.name) {
                return Err(format!("the form has two fields named '{}'", f.name));
            }
            let field = Field::new(f, validated, settings)
                .map_err(|m| format!("form field '{}': {m}", f.name))?;
            out.push(Arc::new(field));
        }
        Ok(Form {
            fields: out,
            non_field_error: non_field_error.map(str::to_string),
        })
    }

    pub(crate) fn field(&self, name: &str) -> Option<&Arc<Field>> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub(crate) fn fields(&self) -> &[Arc<Field>] {
        &self.fields
    }

    pub(crate) fn names(&self) -> Vec<&str> {
        self.fields.iter().map(|f| f.name.as_str()).collect()
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }
}

impl Object for Form {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Iterable
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        if let Some(f) = self.field(key) {
            return Some(Value::from_dyn_object(f.clone()));
        }
        match key {
            "errors" => {
                let mut entries: Vec<(String, Value)> = self
                    .fields
                    .iter()
                    .filter(|f| f.error.is_some())
                    .map(|f| (f.name.clone(), f.errors_value()))
                    .collect();
                if let Some(e) = &self.non_field_error {
                    entries.push(("__all__".into(), Value::from(e.as_str())));
                }
                Some(Value::from_object(PyDict::new(entries)))
            }
            "non_field_error" => Some(
                self.non_field_error
                    .as_deref()
                    .map(Value::from)
                    .unwrap_or(Value::from(())),
            ),
            "field_names" => Some(Value::from(
                self.names()
                    .into_iter()
                    .map(Value::from)
                    .collect::<Vec<_>>(),
            )),
            _ => None,
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(
            self.fields
                .iter()
                .map(|f| Value::from_dyn_object(f.clone()))
                .collect(),
        )
    }

    fn is_true(self: &Arc<Self>) -> bool {
        true
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<otree.forms.forms.ModelForm object>")
    }
}

impl Object for Field {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        match self.shape {
            Shape::Choices(..) => ObjectRepr::Iterable,
            Shape::Input { .. } => ObjectRepr::Plain,
        }
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        if let Some(i) = key.as_usize() {
            return (i < self.choices().len()).then(|| {
                Value::from_object(ChoiceOption {
                    field: self.clone(),
                    index: i,
                })
            });
        }
        Some(match key.as_str()? {
            "label" => Value::from_object(Label {
                for_id: self.id(),
                text: self.label.clone(),
            }),
            "errors" => self.errors_value(),
            "id" => Value::from(self.id()),
            "name" | "short_name" => Value::from(self.name.as_str()),
            "description" => self
                .help
                .as_deref()
                .map(Value::from)
                .unwrap_or(Value::from(())),
            "data" => self.data.clone().into_value(&self.settings),
            "type" => Value::from(self.class),
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        match self.shape {
            Shape::Choices(..) => Enumerator::Values(
                (0..self.choices().len())
                    .map(|index| {
                        Value::from_object(ChoiceOption {
                            field: self.clone(),
                            index,
                        })
                    })
                    .collect(),
            ),
            Shape::Input { .. } => Enumerator::NonEnumerable,
        }
    }

    fn is_true(self: &Arc<Self>) -> bool {
        true
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.widget())
    }
}

/// A field's `<label>` (wtforms' Label): prints as the element, `.text` is the text.
#[derive(Debug)]
struct Label {
    for_id: String,
    text: String,
}

impl Object for Label {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        match key.as_str()? {
            "text" => Some(Value::from(self.text.as_str())),
            "field_id" => Some(Value::from(self.for_id.as_str())),
            _ => None,
        }
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "<label for=\"{}\">{}</label>",
            markup_escape(&self.for_id),
            markup_escape(&self.text)
        )
    }
}

/// One choice of a field (`{{ for choice in form.name }}`): a radio button,
/// or an `<option>` of a dropdown.
#[derive(Debug)]
struct ChoiceOption {
    field: Arc<Field>,
    index: usize,
}

impl ChoiceOption {
    fn choice(&self) -> Option<&Choice> {
        self.field.choices().get(self.index)
    }

    fn id(&self) -> String {
        format!("{}-{}", self.field.id(), self.index)
    }
}

impl Object for ChoiceOption {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let c = self.choice()?;
        Some(match key.as_str()? {
            "label" => Value::from_object(Label {
                for_id: self.id(),
                text: c.label.clone(),
            }),
            "id" => Value::from(self.id()),
            "name" => Value::from(self.field.name.as_str()),
            "data" => c.value.clone().into_value(&self.field.settings),
            "checked" => Value::from(c.selected),
            _ => return None,
        })
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(c) = self.choice() else {
            return Ok(());
        };
        match self.field.shape {
            // wtforms' SelectOption: the option's own value, as text.
            Shape::Choices(Layout::Dropdown, _) => f.write_str(&option(Some(c.text.clone()), c)),
            _ => f.write_str(&self.field.radio(self.index, c)),
        }
    }
}
