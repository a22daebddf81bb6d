//! Model fields (oTree's `models.IntegerField(...)` and friends) as a
//! [`OtreePages`](crate::OtreePages) experiment declares them, and the checks of a
//! submitted form with oTree's own messages: each field's type, bounds,
//! choices and blank. Nothing here touches the host: the caller reads and
//! stores the values.
//!
//! The checks follow oTree 6, as the Python SDK does (its forms are
//! WTForms): a number without `min` must be at least 0; an unreadable number
//! also fails its bounds; an empty input of a required field says only that
//! it is required.

use serde_json::{Map, Value, json};

/// An empty required field.
pub(crate) const REQUIRED: &str = "This field is required.";
/// A value that is not one of the field's choices.
pub(crate) const NOT_A_CHOICE: &str = "Not a valid choice";
/// An integer field's input that is not an integer.
pub(crate) const NOT_AN_INTEGER: &str = "Not a valid integer value";
/// A float field's input that is not a number.
pub(crate) const NOT_A_FLOAT: &str = "Not a valid float value";
/// A currency field's input that is not a number.
pub(crate) const NOT_A_DECIMAL: &str = "Not a valid decimal value";
/// A field with choices whose input is not of the field's type.
pub(crate) const CANNOT_COERCE: &str = "Invalid Choice: could not coerce";
/// oTree's longest string field, unless `max_length` says otherwise.
const STRING_LENGTH: usize = 10000;

/// What a field holds (oTree's model field types; the WIT `field-kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// A whole number (`models.IntegerField`).
    Integer,
    /// A number (`models.FloatField`).
    Float,
    /// An amount of currency or points (`models.CurrencyField`), rounded
    /// to the project's decimal places and shown as oTree shows currency.
    Currency,
    /// A short text (`models.StringField`), at most 10000 characters
    /// unless [`Field::max_length`] says otherwise.
    String,
    /// A long text, shown as a text area (`models.LongStringField`).
    LongString,
    /// Yes or no (`models.BooleanField`).
    Boolean,
}

/// How a form field is shown (oTree's widgets; the WIT `widget`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Widget {
    /// The kind's own: a number or text input, a text area for a long
    /// string, Yes/No radio buttons for a boolean, a dropdown when there are
    /// choices.
    #[default]
    Default,
    /// Radio buttons, one per line (`widgets.RadioSelect`): needs choices.
    RadioSelect,
    /// Radio buttons on one line (`widgets.RadioSelectHorizontal`): needs
    /// choices.
    RadioSelectHorizontal,
    /// A checkbox, for a boolean (`widgets.CheckboxInput`): unchecked is
    /// false, and a required checkbox must be checked.
    CheckboxInput,
    /// A text input, also for a field with choices (`widgets.TextInput`).
    TextInput,
    /// A text area (`widgets.TextArea`).
    TextArea,
    /// A dropdown (`widgets.Select`).
    Select,
}

/// A bound of a number field: its value, and whether it is shown as
/// currency in the error message.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Bound {
    pub value: f64,
    pub currency: bool,
}

/// A model field: a player's or group's value kept by the host under the
/// field's name, with how a form shows and checks it (oTree's options:
/// `label`, `min`, `max`, `choices`, `blank`, `initial`, `widget`,
/// `help_text`, `max_length`). Declared in
/// [`OtreePages::models`](crate::OtreePages::models); a page's
/// [`form_fields`](crate::OtreePages::form_fields) name them.
///
/// ```
/// use livehost_guest::{Field, Widget};
/// let age = Field::integer("age").label("How old are you?").min(18).max(110);
/// let colour = Field::string("colour").choices([("r", "Red"), ("g", "Green")]);
/// let siblings = Field::integer("siblings")
///     .choices([(0, "None"), (1, "One"), (2, "Two or more")])
///     .widget(Widget::RadioSelect);
/// let comments = Field::long_string("comments").blank();
/// assert_eq!(age.name(), "age");
/// # let _ = (colour, siblings, comments);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    name: String,
    kind: FieldKind,
    initial: Value,
    label: Option<String>,
    widget: Widget,
    choices: Option<Vec<(Value, Value)>>,
    /// None: oTree's default (0); Some(None): no lower bound.
    min: Option<Option<Bound>>,
    max: Option<Bound>,
    blank: bool,
    help_text: Option<String>,
    max_length: Option<usize>,
}

impl Field {
    fn new(name: impl Into<String>, kind: FieldKind) -> Self {
        Field {
            name: name.into(),
            kind,
            initial: Value::Null,
            label: None,
            widget: Widget::Default,
            choices: None,
            min: None,
            max: None,
            blank: false,
            help_text: None,
            max_length: None,
        }
    }

    /// A whole number (`models.IntegerField`).
    pub fn integer(name: impl Into<String>) -> Self {
        Field::new(name, FieldKind::Integer)
    }

    /// A number (`models.FloatField`).
    pub fn float(name: impl Into<String>) -> Self {
        Field::new(name, FieldKind::Float)
    }

    /// An amount of currency or points (`models.CurrencyField`).
    pub fn currency(name: impl Into<String>) -> Self {
        Field::new(name, FieldKind::Currency)
    }

    /// A short text (`models.StringField`).
    pub fn string(name: impl Into<String>) -> Self {
        Field::new(name, FieldKind::String)
    }

    /// A long text (`models.LongStringField`), shown as a text area.
    pub fn long_string(name: impl Into<String>) -> Self {
        Field::new(name, FieldKind::LongString)
    }

    /// Yes or no (`models.BooleanField`).
    pub fn boolean(name: impl Into<String>) -> Self {
        Field::new(name, FieldKind::Boolean)
    }

    /// The field's name: its key in the host's state, and its input's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What the field holds.
    pub fn kind(&self) -> FieldKind {
        self.kind
    }

    /// The value the field has before anything is stored (null unless
    /// [`Field::initial`] set one).
    pub fn initial_value(&self) -> &Value {
        &self.initial
    }

    /// The same field with this value before anything is stored (oTree's
    /// `initial`): templates show it, and a form's input starts with it.
    pub fn initial(mut self, value: impl Into<Value>) -> Self {
        self.initial = value.into();
        self
    }

    /// The same field with this label (the form's question).
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// The same field shown with this widget.
    pub fn widget(mut self, widget: Widget) -> Self {
        self.widget = widget;
        self
    }

    /// The same field with these choices, each a value and its label
    /// (oTree's `choices=[[1, 'One'], [2, 'Two']]`): a dropdown unless the
    /// widget says otherwise.
    pub fn choices<V: Into<Value>, L: Into<String>>(
        mut self,
        choices: impl IntoIterator<Item = (V, L)>,
    ) -> Self {
        self.choices = Some(
            choices
                .into_iter()
                .map(|(v, l)| (v.into(), Value::String(l.into())))
                .collect(),
        );
        self
    }

    /// The same field with these choices, each its own label (oTree's
    /// `choices=[1, 2, 3]`; a currency field's show as currency).
    pub fn choice_values<V: Into<Value>>(mut self, values: impl IntoIterator<Item = V>) -> Self {
        self.choices = Some(
            values
                .into_iter()
                .map(|v| {
                    let v = v.into();
                    (v.clone(), v)
                })
                .collect(),
        );
        self
    }

    /// The same field whose value must be at least `min` (a number field;
    /// without it, oTree's forms want at least 0). On a currency field the
    /// error shows it as currency.
    pub fn min(mut self, min: impl Into<f64>) -> Self {
        self.min = Some(Some(self.bound(min.into())));
        self
    }

    /// The same number field without a lower bound (negative values
    /// allowed; oTree's `min=None`).
    pub fn no_min(mut self) -> Self {
        self.min = Some(None);
        self
    }

    /// The same field whose value must be at most `max` (a number field).
    pub fn max(mut self, max: impl Into<f64>) -> Self {
        self.max = Some(self.bound(max.into()));
        self
    }

    fn bound(&self, value: f64) -> Bound {
        Bound {
            value,
            currency: self.kind == FieldKind::Currency,
        }
    }

    /// The same field, which may be left empty (oTree's `blank=True`): its
    /// value is then null.
    pub fn blank(mut self) -> Self {
        self.blank = true;
        self
    }

    /// The same field with this help text, shown under its input.
    pub fn help_text(mut self, text: impl Into<String>) -> Self {
        self.help_text = Some(text.into());
        self
    }

    /// The same string field with at most `chars` characters (oTree's
    /// `max_length`; 10000 without it).
    pub fn max_length(mut self, chars: usize) -> Self {
        self.max_length = Some(chars);
        self
    }

    /// The field's choices as (value, label) pairs, if it has any.
    pub fn choice_list(&self) -> Option<&[(Value, Value)]> {
        self.choices.as_deref()
    }

    /// The field as a form shows and checks it now, with the project's
    /// currency settings; an error says what is wrong with the declaration.
    pub(crate) fn resolve(&self, settings: &Settings) -> Result<FormField, String> {
        let name = &self.name;
        let mut choices = self.choices.clone();
        if self.kind == FieldKind::LongString && choices.is_some() {
            return Err(format!(
                "field {name}: a long string field cannot have choices: make it Field::string"
            ));
        }
        if self.kind == FieldKind::Boolean
            && choices.is_none()
            && self.widget != Widget::CheckboxInput
        {
            choices = Some(vec![
                (json!(true), json!("Yes")),
                (json!(false), json!("No")),
            ]);
        }
        let places = settings.places();
        if self.kind == FieldKind::Currency
            && let Some(list) = &mut choices
        {
            for (value, label) in list.iter_mut() {
                let Some(n) = value.as_f64() else {
                    return Err(format!(
                        "field {name}: a currency field's choices must be numbers, not {value}"
                    ));
                };
                let same = *label == *value;
                *value = number(round_to(n, places));
                if same {
                    *label = currency_json(round_to(n, places));
                }
            }
        }
        if matches!(
            self.widget,
            Widget::RadioSelect | Widget::RadioSelectHorizontal
        ) && choices.is_none()
        {
            return Err(format!(
                "field {name}: a radio widget needs choices: give the field .choices([...])"
            ));
        }
        let numeric = matches!(
            self.kind,
            FieldKind::Integer | FieldKind::Float | FieldKind::Currency
        );
        let (min, max) = if choices.is_none() && numeric {
            let min = self.min.unwrap_or(Some(Bound {
                value: 0.0,
                currency: false,
            }));
            (min, self.max)
        } else {
            (None, None)
        };
        Ok(FormField {
            name: self.name.clone(),
            kind: self.kind,
            label: self.label.clone().unwrap_or_else(|| default_label(name)),
            widget: self.widget,
            choices,
            min,
            max,
            blank: self.blank,
            help_text: self.help_text.clone(),
            max_length: (self.kind == FieldKind::String)
                .then(|| self.max_length.unwrap_or(STRING_LENGTH)),
            places,
            settings: settings.clone(),
        })
    }
}

/// oTree's default label: the name's words, each capitalised (Python's
/// `name.replace('_', ' ').title()`).
pub(crate) fn default_label(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut after_letter = false;
    for c in name.chars() {
        let c = if c == '_' { ' ' } else { c };
        if c.is_alphabetic() {
            if after_letter {
                out.extend(c.to_lowercase());
            } else {
                out.extend(c.to_uppercase());
            }
            after_letter = true;
        } else {
            out.push(c);
            after_letter = false;
        }
    }
    out
}

/// A field as one page's form shows and checks it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FormField {
    pub name: String,
    pub kind: FieldKind,
    pub label: String,
    pub widget: Widget,
    pub choices: Option<Vec<(Value, Value)>>,
    pub min: Option<Bound>,
    pub max: Option<Bound>,
    pub blank: bool,
    pub help_text: Option<String>,
    pub max_length: Option<usize>,
    pub places: u32,
    pub settings: Settings,
}

impl FormField {
    /// The value and errors of the submitted text `raw` (None: not sent).
    /// The value is the field's JSON (null when empty or unreadable).
    pub fn check(&self, raw: Option<&str>) -> (Value, Vec<String>) {
        let empty = raw.is_none_or(str::is_empty);
        if self.kind == FieldKind::Boolean && self.widget == Widget::CheckboxInput {
            // WTForms' BooleanField: only "" and "false" are false.
            let value = !matches!(raw, None | Some("" | "false"));
            if !value && !self.blank {
                return (Value::Bool(false), vec![REQUIRED.to_owned()]);
            }
            return (Value::Bool(value), Vec::new());
        }
        let mut errors = Vec::new();
        let mut value = Value::Null;
        if self.choices.is_some() {
            if empty {
                return self.empty();
            }
            return self.choice(raw.unwrap_or_default());
        }
        let text = raw.unwrap_or_default();
        match self.kind {
            FieldKind::Integer => {
                if raw.is_some() {
                    match text.trim().parse::<i64>() {
                        Ok(n) => value = Value::from(n),
                        Err(_) => errors.push(NOT_AN_INTEGER.to_owned()),
                    }
                }
            }
            FieldKind::Float => {
                if raw.is_some() {
                    match parse_float(text) {
                        Some(n) if n.is_finite() => value = number(n),
                        _ => errors.push(NOT_A_FLOAT.to_owned()),
                    }
                }
            }
            FieldKind::Currency => {
                if !empty {
                    match parse_float(text) {
                        Some(n) if n.is_finite() => value = number(round_to(n, self.places)),
                        _ => errors.push(NOT_A_DECIMAL.to_owned()),
                    }
                }
            }
            FieldKind::String | FieldKind::LongString | FieldKind::Boolean => {
                if let Some(raw) = raw {
                    value = Value::String(raw.to_owned());
                    if let Some(max) = self.max_length
                        && raw.chars().count() > max
                    {
                        errors.push(format!(
                            "Field cannot be longer than {max} character{}.",
                            if max == 1 { "" } else { "s" }
                        ));
                    }
                }
            }
        }
        if let Some(message) = self.range_message(value.as_f64()) {
            errors.push(message);
        }
        if empty {
            return self.empty();
        }
        (value, errors)
    }

    /// An empty input: fine if the field may be blank, else required.
    fn empty(&self) -> (Value, Vec<String>) {
        let errors = if self.blank {
            Vec::new()
        } else {
            vec![REQUIRED.to_owned()]
        };
        (Value::Null, errors)
    }

    fn choice(&self, raw: &str) -> (Value, Vec<String>) {
        let value = match self.kind {
            FieldKind::Integer => raw.trim().parse::<i64>().ok().map(Value::from),
            FieldKind::Float => parse_float(raw).filter(|n| n.is_finite()).map(number),
            FieldKind::Currency => parse_float(raw)
                .filter(|n| n.is_finite())
                .map(|n| number(round_to(n, self.places))),
            FieldKind::Boolean => Some(Value::Bool(!matches!(raw, "" | "0" | "False" | "false"))),
            FieldKind::String | FieldKind::LongString => Some(Value::String(raw.to_owned())),
        };
        let Some(value) = value else {
            return (
                Value::Null,
                vec![CANNOT_COERCE.to_owned(), NOT_A_CHOICE.to_owned()],
            );
        };
        let choices = self.choices.as_deref().unwrap_or_default();
        if !choices.iter().any(|(v, _)| same(&value, v)) {
            return (value, vec![NOT_A_CHOICE.to_owned()]);
        }
        (value, Vec::new())
    }

    /// WTForms' NumberRange, as oTree sets it up.
    fn range_message(&self, value: Option<f64>) -> Option<String> {
        let (low, high) = (self.min, self.max);
        if low.is_none() && high.is_none() {
            return None;
        }
        if let Some(v) = value
            && low.is_none_or(|l| v >= l.value)
            && high.is_none_or(|h| v <= h.value)
        {
            return None;
        }
        let show = |b: Bound| {
            if b.currency {
                self.settings.currency_text(b.value)
            } else {
                number_text(b.value)
            }
        };
        Some(match (low, high) {
            (Some(l), None) => format!("Number must be at least {}.", show(l)),
            (None, Some(h)) => format!("Number must be at most {}.", show(h)),
            (Some(l), Some(h)) => format!("Number must be between {} and {}.", show(l), show(h)),
            (None, None) => return None,
        })
    }

    /// What a timed-out page stores in a field that did not pass its
    /// checks (oTree's): 0, "" or false.
    pub fn timeout_default(&self) -> Value {
        match self.kind {
            FieldKind::Integer | FieldKind::Float | FieldKind::Currency => json!(0),
            FieldKind::String | FieldKind::LongString => json!(""),
            FieldKind::Boolean => json!(false),
        }
    }

    /// `value` (a stored value) as the page shows it: currency as
    /// `{"__cu__": n}`.
    pub fn shown(&self, value: &Value) -> Value {
        template_value(self.kind, value)
    }

    /// A bound as the WIT's JSON.
    pub fn bound_json(b: Bound) -> Value {
        if b.currency {
            currency_json(b.value)
        } else {
            number(b.value)
        }
    }
}

/// A stored value of a field of `kind` as a template sees it: currency as
/// `{"__cu__": n}`, anything else as it is.
pub(crate) fn template_value(kind: FieldKind, value: &Value) -> Value {
    match (kind, value.as_f64()) {
        (FieldKind::Currency, Some(n)) => currency_json(n),
        _ => value.clone(),
    }
}

/// Whether a submitted value equals a choice (Python's `==`: numbers by
/// value, a boolean only a boolean).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// A number as Python's `float()` reads a form's input (a decimal comma
/// too).
fn parse_float(text: &str) -> Option<f64> {
    text.trim().replace(',', ".").parse().ok()
}

/// `n` rounded to `places` decimal places.
pub(crate) fn round_to(n: f64, places: u32) -> f64 {
    let scale = 10f64.powi(i32::try_from(places).unwrap_or(0));
    (n * scale).round() / scale
}

/// A number as JSON: a whole one as an integer.
pub(crate) fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        // Exact: a whole f64 below 2^53.
        #[allow(clippy::cast_possible_truncation)]
        return Value::from(n as i64);
    }
    serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
}

/// A number as Python's `str()` prints a bound: `18`, `0.5`.
fn number_text(n: f64) -> String {
    format!("{n}")
}

/// A currency amount as the host's templates read it.
pub(crate) fn currency_json(n: f64) -> Value {
    json!({ "__cu__": n })
}

/// The project's display settings that the SDK itself needs (oTree's
/// names: `USE_POINTS`, `POINTS_DECIMAL_PLACES`,
/// `REAL_WORLD_CURRENCY_DECIMAL_PLACES`, `REAL_WORLD_CURRENCY_CODE`,
/// `POINTS_CUSTOM_NAME`); the host shows pages with the same settings.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Settings {
    use_points: bool,
    points_places: u32,
    money_places: u32,
    points_name: Option<String>,
    currency_code: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings::from_json(&Map::new())
    }
}

impl Settings {
    pub fn from_json(settings: &Map<String, Value>) -> Self {
        let places = |key: &str, default: u32| {
            settings
                .get(key)
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or(default)
        };
        Settings {
            use_points: settings
                .get("USE_POINTS")
                .and_then(Value::as_bool)
                .unwrap_or(true),
            points_places: places("POINTS_DECIMAL_PLACES", 0),
            money_places: places("REAL_WORLD_CURRENCY_DECIMAL_PLACES", 2),
            points_name: settings
                .get("POINTS_CUSTOM_NAME")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
            currency_code: settings
                .get("REAL_WORLD_CURRENCY_CODE")
                .and_then(Value::as_str)
                .unwrap_or("USD")
                .to_owned(),
        }
    }

    /// The decimal places currency is rounded to.
    pub fn places(&self) -> u32 {
        if self.use_points {
            self.points_places
        } else {
            self.money_places
        }
    }

    /// An amount as oTree's messages print it: `5 points`, `$1.50`.
    pub fn currency_text(&self, value: f64) -> String {
        let places = usize::try_from(self.places()).unwrap_or(0);
        let text = format!("{value:.places$}");
        if self.use_points {
            return match &self.points_name {
                Some(name) => format!("{text} {name}"),
                None if value == 1.0 => format!("{text} point"),
                None => format!("{text} points"),
            };
        }
        let symbol = match self.currency_code.as_str() {
            "USD" => "$",
            "EUR" => "€",
            "GBP" => "£",
            "JPY" | "CNY" => "¥",
            "INR" => "₹",
            code => return format!("{text} {code}"),
        };
        let sign = if value < 0.0 { "-" } else { "" };
        format!("{sign}{symbol}{}", text.trim_start_matches('-'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(field: Field) -> FormField {
        field.resolve(&Settings::default()).unwrap()
    }

    fn check(field: &FormField, raw: Option<&str>) -> (Value, Vec<String>) {
        field.check(raw)
    }

    fn errors(field: &FormField, raw: &str) -> Vec<String> {
        field.check(Some(raw)).1
    }

    #[test]
    fn integers_are_read_and_bounded_as_otree_does() {
        let age = resolved(Field::integer("age").min(18).max(110));
        assert_eq!(check(&age, Some(" 30 ")), (json!(30), vec![]));
        assert_eq!(errors(&age, "15"), ["Number must be between 18 and 110."]);
        assert_eq!(
            errors(&age, "x"),
            [NOT_AN_INTEGER, "Number must be between 18 and 110."]
        );
        assert_eq!(errors(&age, "3.5")[0], NOT_AN_INTEGER);
        // Empty: only "required".
        assert_eq!(check(&age, Some("")), (Value::Null, vec![REQUIRED.into()]));
        assert_eq!(check(&age, None), (Value::Null, vec![REQUIRED.into()]));
        // Without min, at least 0.
        let n = resolved(Field::integer("n"));
        assert_eq!(errors(&n, "-1"), ["Number must be at least 0."]);
        let low = resolved(Field::integer("n").no_min().max(5));
        assert_eq!(errors(&low, "6"), ["Number must be at most 5."]);
        assert!(errors(&low, "-6").is_empty());
        let optional = resolved(Field::integer("n").blank());
        assert_eq!(check(&optional, Some("")), (Value::Null, vec![]));
    }

    #[test]
    fn floats_and_currency_parse_with_a_comma_and_round() {
        let f = resolved(Field::float("share").max(1));
        assert_eq!(check(&f, Some("0,25")), (json!(0.25), vec![]));
        assert_eq!(
            errors(&f, "nan"),
            [NOT_A_FLOAT, "Number must be between 0 and 1."]
        );
        assert_eq!(errors(&f, "abc")[0], NOT_A_FLOAT);
        let bid = resolved(Field::currency("bid").max(50));
        assert_eq!(check(&bid, Some("20.4")), (json!(20), vec![]));
        assert_eq!(
            errors(&bid, "60"),
            ["Number must be between 0 and 50 points."]
        );
        assert_eq!(errors(&bid, "lots")[0], NOT_A_DECIMAL);
        let money = Settings::from_json(
            json!({"USE_POINTS": false, "REAL_WORLD_CURRENCY_CODE": "EUR"})
                .as_object()
                .unwrap(),
        );
        let euro = Field::currency("bid").min(1).resolve(&money).unwrap();
        assert_eq!(check(&euro, Some("1.555")).0, json!(1.56));
        assert_eq!(errors(&euro, "0.5"), ["Number must be at least €1.00."]);
        assert_eq!(money.currency_text(-2.5), "-€2.50");
        assert_eq!(Settings::default().currency_text(1.0), "1 point");
    }

    #[test]
    fn choices_are_coerced_and_checked() {
        let colour = resolved(Field::string("colour").choices([("r", "Red"), ("g", "Green")]));
        assert_eq!(check(&colour, Some("g")), (json!("g"), vec![]));
        assert_eq!(errors(&colour, "x"), [NOT_A_CHOICE]);
        assert_eq!(errors(&colour, ""), [REQUIRED]);
        let siblings = resolved(
            Field::integer("siblings")
                .choices([(0, "None"), (1, "One")])
                .widget(Widget::RadioSelect),
        );
        assert_eq!(check(&siblings, Some("1")), (json!(1), vec![]));
        assert_eq!(errors(&siblings, "5"), [NOT_A_CHOICE]);
        assert_eq!(errors(&siblings, "one"), [CANNOT_COERCE, NOT_A_CHOICE]);
        // Choices have no bounds.
        assert_eq!((siblings.min, siblings.max), (None, None));
        let amounts = resolved(Field::currency("give").choice_values([0, 5, 10]));
        assert_eq!(
            amounts.choices.as_deref().unwrap()[1],
            (json!(5), json!({"__cu__": 5.0}))
        );
        assert_eq!(check(&amounts, Some("5.0")), (json!(5), vec![]));
    }

    #[test]
    fn booleans_are_yes_no_or_a_checkbox() {
        let student = resolved(Field::boolean("student"));
        assert_eq!(check(&student, Some("False")), (json!(false), vec![]));
        assert_eq!(check(&student, Some("True")), (json!(true), vec![]));
        assert_eq!(errors(&student, ""), [REQUIRED]);
        let consent = resolved(Field::boolean("consent").widget(Widget::CheckboxInput));
        assert_eq!(check(&consent, Some("on")), (json!(true), vec![]));
        assert_eq!(
            check(&consent, None),
            (json!(false), vec![REQUIRED.to_owned()])
        );
        let optional = resolved(Field::boolean("news").widget(Widget::CheckboxInput).blank());
        assert_eq!(check(&optional, Some("false")), (json!(false), vec![]));
    }

    #[test]
    fn strings_have_a_length_and_declarations_are_checked() {
        let name = resolved(Field::string("nick").max_length(3));
        assert_eq!(
            errors(&name, "abcd"),
            ["Field cannot be longer than 3 characters."]
        );
        let one = resolved(Field::string("x").max_length(1));
        assert_eq!(
            errors(&one, "ab"),
            ["Field cannot be longer than 1 character."]
        );
        assert_eq!(check(&name, Some("abc")), (json!("abc"), vec![]));
        let long = resolved(Field::long_string("comments").blank());
        assert_eq!((long.max_length, check(&long, Some("")).1.len()), (None, 0));
        let radio = Field::integer("n").widget(Widget::RadioSelectHorizontal);
        assert!(
            radio
                .resolve(&Settings::default())
                .unwrap_err()
                .contains("needs choices")
        );
        let bad = Field::long_string("c").choices([("a", "A")]);
        assert!(bad.resolve(&Settings::default()).is_err());
    }

    #[test]
    fn labels_default_to_the_name_in_title_case() {
        assert_eq!(default_label("how_old_are_you"), "How Old Are You");
        assert_eq!(default_label("q1a"), "Q1A");
        assert_eq!(resolved(Field::integer("age").label("Age?")).label, "Age?");
        assert_eq!(number(18.0), json!(18));
        assert_eq!(number(0.5), json!(0.5));
        assert_eq!(number_text(18.0), "18");
    }
}
