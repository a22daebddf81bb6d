//! oTree page templates, rendered by the host as oTree renders them.
//!
//! An experiment's HTML templates are written in oTree's template language
//! (`{{ block content }}`, `{{ player.payoff }}`, `{{ if ... }}`, the older
//! `{% ... %}` spellings too). [`OtreeTemplates::compile`] translates each
//! into a minijinja template (see `translate`) and checks it the way oTree
//! does, reporting errors with the line of the original file;
//! [`OtreeTemplates::render`] renders a page from the JSON the app sends
//! (player, group, ..., vars_for_template), inside the host's layout
//! `assets/otree/Page.html` (or the project's own `global/Page.html`).
//!
//! Values print as oTree prints them (its `localize`): numbers with the
//! project's separators, `None`, `[1, 'a']`, currency as "10 points" or
//! "$10.00". Experiment templates print values raw, as oTree does (it does
//! not HTML-escape); the host's layout escapes what it prints.
//!
//! The page's form comes from the host ([`Shell::form`], one [`FormField`]
//! per field): `{{ formfields }}`, `{{ formfield 'name' }}`,
//! `{{ formfield_errors 'name' }}` and the `form` variable draw it with
//! oTree's markup (see `forms`).
//!
//! Refused at compile, with the template, line and a reason: the tags
//! livehost does not have yet (chat, static, url, back_button, unknown tags)
//! and calls in expressions (`player.total()`), since pages are rendered
//! from data, not code.
//!
//! Modules: `parse` (lexer, tag tree), `expr` (oTree's expressions and
//! Python literals), `translate` (tag tree → minijinja text and line map),
//! `values` (the page's JSON as values with Python's comparisons),
//! `format` (Python's way of printing), `currency` (oTree's Currency),
//! `forms` (form fields).

mod currency;
mod expr;
mod format;
mod forms;
mod parse;
mod translate;
mod values;

#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use minijinja::value::{Rest, Tuple, ValueKind};
use minijinja::{AutoEscape, Environment, ErrorKind, State, UndefinedBehavior, Value};

pub use currency::{Currency, Number};
use currency::{CurrencyValue, Settings};
use format::{html_escape, py_json, py_type_name};
use forms::Form;
pub use forms::{FieldKind, FormField, Widget};
use translate::{LAYOUT, TemplateSet, Translated};
use values::PyDict;
pub use values::{CURRENCY_KEY, MONEY_KEY};

/// The functions translated templates call (a page variable must not hide them).
const HELPERS: [&str; 10] = [
    "py_eq",
    "py_ne",
    "py_lt",
    "py_gt",
    "py_le",
    "py_ge",
    "py_in",
    "py_not_in",
    "py_dict",
    "py_tuple",
];

/// The host's layout: oTree's `otree/Page.html` as livehost draws it.
const LAYOUT_SOURCE: &str = include_str!("../../assets/otree/Page.html");

/// The host's wait page, in that layout (oTree's `otree/WaitPage.html`).
const WAIT_PAGE: &str = "otree/WaitPage.html";
const WAIT_PAGE_SOURCE: &str = include_str!("../../assets/otree/WaitPage.html");

/// A template file as the experiment ships it (WIT `template`; stored with
/// the experiment's info).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TemplateFile {
    /// The name templates refer to it by: "my_app/Decide.html",
    /// "global/Page.html" (a project's own layout), "my_app/instructions.html".
    pub name: String,
    pub text: String,
}

/// oTree's settings that decide how values print. A missing field (None)
/// means oTree's default.
#[derive(serde::Deserialize, Default, Clone, Debug)]
#[serde(default)]
pub struct CurrencySettings {
    /// Currency in points (default true) or in real-world money.
    #[serde(rename = "USE_POINTS")]
    pub use_points: Option<bool>,
    /// Default "USD".
    #[serde(rename = "REAL_WORLD_CURRENCY_CODE")]
    pub real_world_currency_code: Option<String>,
    /// Default 2 (0 for KRW, JPY, HUF, IRR, COP, VND, IDR, as in oTree).
    #[serde(rename = "REAL_WORLD_CURRENCY_DECIMAL_PLACES")]
    pub real_world_currency_decimal_places: Option<u32>,
    /// Default 0.
    #[serde(rename = "POINTS_DECIMAL_PLACES")]
    pub points_decimal_places: Option<u32>,
    /// Shown instead of "points" when set ("10 tokens").
    #[serde(rename = "POINTS_CUSTOM_NAME")]
    pub points_custom_name: Option<String>,
    /// Default "en".
    #[serde(rename = "LANGUAGE_CODE")]
    pub language_code: Option<String>,
    /// Put between groups of thousands: default "" (oTree's default too, so
    /// 1234567 prints as "1234567").
    #[serde(rename = "THOUSAND_SEPARATOR")]
    pub thousand_separator: Option<String>,
}

/// `value` (JSON; `{"__cu__": n}` is currency, `{"__rwc__": n}` money) as
/// an oTree page prints it with `settings`, outside any template (the
/// console's Payments view).
pub fn display_value(settings: &CurrencySettings, value: &serde_json::Value) -> String {
    let settings = Arc::new(Settings::new(settings));
    match values::from_json(value, &settings) {
        Ok(v) => format::localize(&v, &settings.style),
        Err(_) => value.to_string(),
    }
}

impl CurrencySettings {
    pub fn use_points(&self) -> bool {
        self.use_points.unwrap_or(true)
    }

    pub fn code(&self) -> &str {
        self.real_world_currency_code.as_deref().unwrap_or("USD")
    }

    pub fn language_code(&self) -> &str {
        self.language_code.as_deref().unwrap_or("en")
    }
}

/// An error in a template, with the line of the original file.
#[derive(Debug, Clone, thiserror::Error)]
pub struct TemplateError {
    pub template: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(
                f,
                "template {}, line {}: {}",
                self.template, line, self.message
            ),
            None => write!(f, "template {}: {}", self.template, self.message),
        }
    }
}

impl TemplateError {
    fn new(template: &str, line: Option<usize>, message: impl Into<String>) -> TemplateError {
        TemplateError {
            template: template.to_string(),
            line,
            message: message.into(),
        }
    }
}

/// The host's part of a page, which its layout shows (as `_livehost`).
#[derive(Debug, Clone, Default)]
pub struct Shell {
    pub participant_code: String,
    pub page_name: String,
    pub round_number: u32,
    /// The error shown above the form (e.g. from error_message).
    pub error: Option<String>,
    /// The page's js_vars as JSON text.
    pub js_vars: Option<String>,
    /// Whether the page has a live method.
    pub live: bool,
    /// An error about the page's form fields, shown above the form.
    pub form_fields_error: Option<String>,
    /// Seconds left until the page times out, if it has a timeout.
    pub seconds_left: Option<f64>,
    /// The page's form fields (oTree's form_fields, in order), with what
    /// each shows and its error after a refused submit.
    pub form: Vec<FormField>,
    /// Where the experiment's static files are served, ending in `/`:
    /// `{{ static 'img/x.png' }}` is this followed by the path.
    pub static_base: String,
    /// What `{{ chat }}` needs; none: a page with a chat box cannot render.
    pub chat: Option<ChatShell>,
}

/// What the page's chat boxes are made of (see `live::chat`).
#[derive(Debug, Clone)]
pub struct ChatShell {
    /// Signs each box's channel and nickname for the participant.
    pub key: crate::live::ChatKey,
    pub participant_id: u32,
    /// What channel names are prefixed with: the participant's app.
    pub scope: String,
    /// The default channel: the participant's group in this round.
    pub group_channel: String,
}

impl minijinja::value::Object for ChatShell {
    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("chat")
    }
}

/// True when a page body is written as an oTree template: it has a block or
/// extends tag (`{{ }}` or `{% %}` spelling) outside comments.
pub fn is_otree_template(text: &str) -> bool {
    parse::has_block_or_extends(text)
}

/// An experiment's templates, compiled.
pub struct OtreeTemplates {
    env: Environment<'static>,
    /// Per experiment template: its original text and its line map.
    templates: HashMap<String, (String, Vec<usize>)>,
    settings: Arc<Settings>,
}

fn undefined_error() -> minijinja::Error {
    minijinja::Error::new(ErrorKind::UndefinedError, "undefined value")
}

/// oTree's filters (the names its templates use) on a value.
fn apply_filter(
    name: &str,
    v: &Value,
    args: &[Value],
    settings: &Arc<Settings>,
) -> Result<Value, String> {
    let style = &settings.style;
    Ok(match name {
        "c" | "cu" => CurrencyValue::from_value(v, settings)?.into_value(),
        "default" => {
            if v.is_true() {
                v.clone()
            } else {
                args[0].clone()
            }
        }
        "escape" => {
            let quote = args.first().map(Value::is_true).unwrap_or(true);
            match v.as_str() {
                Some(s) => Value::from(html_escape(s, quote)),
                None => {
                    return Err(format!(
                        "escape works on text, not on a {}",
                        py_type_name(v)
                    ));
                }
            }
        }
        "gettext" | "linebreaks" | "safe" => v.clone(),
        "json" => {
            let mut out = String::new();
            py_json(v, &mut out)?;
            Value::from(out)
        }
        "length" => {
            let n = match v.as_str() {
                Some(s) => s.chars().count(),
                None if matches!(
                    v.kind(),
                    ValueKind::Seq | ValueKind::Map | ValueKind::Iterable
                ) =>
                {
                    v.len().unwrap_or(0)
                }
                None => return Err(format!("object of type '{}' has no len()", py_type_name(v))),
            };
            Value::from(n)
        }
        "to0" | "to1" | "to2" | "to3" | "to4" => {
            let places = name[2..].parse().unwrap_or(0);
            Value::from(currency::to_places(v, places, style)?)
        }
        "truncate_" => {
            let n = format::as_int(&args[0])
                .ok_or_else(|| "truncate_ needs a whole number".to_string())?;
            let cut = |len: usize| -> usize {
                if n < 0 {
                    (len as i128 + n).max(0) as usize
                } else {
                    (n as usize).min(len)
                }
            };
            if let Some(s) = v.as_str() {
                let chars: Vec<char> = s.chars().collect();
                Value::from(chars[..cut(chars.len())].iter().collect::<String>())
            } else if v.kind() == ValueKind::Seq {
                let items: Vec<Value> = v.try_iter().map_err(|e| e.to_string())?.collect();
                let k = cut(items.len());
                Value::from(items[..k].to_vec())
            } else {
                return Err(format!("'{}' object is not subscriptable", py_type_name(v)));
            }
        }
        other => return Err(format!("unknown filter {other}")),
    })
}

/// The environment of an experiment's templates. What a template prints is
/// decided by the template it is written in (`state.name()`), not by
/// auto-escape, which minijinja takes from the template rendered first and
/// keeps through `extends`: experiment templates print raw and formatted as
/// oTree's `localize`, the host's layout HTML-escapes.
fn environment(settings: &Arc<Settings>, experiment: Arc<HashSet<String>>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let mut syntax = minijinja::syntax::SyntaxConfig::builder();
    syntax.keep_trailing_newline(true);
    // The default delimiters with one option changed cannot be refused.
    if let Ok(syntax) = syntax.build() {
        env.set_syntax(syntax);
    }
    let raw = experiment.clone();
    env.set_auto_escape_callback(move |name| {
        if raw.contains(name) {
            AutoEscape::None
        } else {
            AutoEscape::Html
        }
    });
    let style = settings.style.clone();
    env.set_formatter(move |out, state, value| {
        let text = if experiment.contains(state.name()) {
            format::localize(value, &style)
        } else if value.is_safe() {
            value.to_string()
        } else {
            html_escape(&value.to_string(), true)
        };
        out.write_str(&text)
            .map_err(|_| minijinja::Error::new(ErrorKind::WriteFailure, "could not write the page"))
    });
    for &(name, _, _) in expr::FILTERS {
        let s = settings.clone();
        env.add_filter(name, move |v: Value, args: Rest<Value>| {
            if v.is_undefined() || args.iter().any(Value::is_undefined) {
                return Err(undefined_error());
            }
            apply_filter(name, &v, &args, &s).map_err(|m| {
                minijinja::Error::new(ErrorKind::InvalidOperation, format!("filter '{name}': {m}"))
            })
        });
    }
    for (function, op) in [
        ("py_eq", "=="),
        ("py_ne", "!="),
        ("py_lt", "<"),
        ("py_gt", ">"),
        ("py_le", "<="),
        ("py_ge", ">="),
        ("py_in", "in"),
        ("py_not_in", "not in"),
    ] {
        env.add_function(function, move |a: Value, b: Value| {
            values::compare(op, &a, &b)
        });
    }
    env.add_function(
        "py_dict",
        |pairs: Vec<Value>| -> Result<Value, minijinja::Error> {
            let mut entries = vec![];
            for p in pairs {
                let k = p.get_item(&Value::from(0))?;
                let v = p.get_item(&Value::from(1))?;
                entries.push((k.as_str().unwrap_or_default().to_string(), v));
            }
            Ok(Value::from_object(PyDict::new(entries)))
        },
    );
    env.add_function("py_tuple", |items: Vec<Value>| {
        Value::from_object(Tuple::from(items))
    });
    env.add_function("is_defined", |state: &State, path: String| -> bool {
        let mut words = path.split('.');
        let first = words.next().unwrap_or("");
        let Some(mut v) = state.lookup(first).filter(|v| !v.is_undefined()) else {
            return ["context", "is_defined", "range"].contains(&first);
        };
        for w in words {
            match values::lookup(&v, w) {
                Some(next) => v = next,
                None => return false,
            }
        }
        true
    });
    add_form_functions(&mut env, settings);
    env
}

/// The page's form, which `render` puts into `_livehost`.
fn page_form(state: &State) -> Result<Arc<Form>, minijinja::Error> {
    state
        .lookup("_livehost")
        .and_then(|l| l.get_attr("form").ok())
        .and_then(|f| f.downcast_object::<Form>())
        .ok_or_else(|| minijinja::Error::new(ErrorKind::InvalidOperation, "the page has no form"))
}

/// The field a formfield tag names: a field's name, or a field of `form`.
fn field_arg(form: &Form, v: &Value, tag: &str) -> Result<Arc<forms::Field>, minijinja::Error> {
    if v.is_undefined() {
        return Err(undefined_error());
    }
    if let Some(name) = v.as_str() {
        return form.field(name).cloned().ok_or_else(|| {
            let names = form.names();
            let known = if names.is_empty() {
                "the page has no form_fields".to_string()
            } else {
                format!("the page's form fields are {}", names.join(", "))
            };
            minijinja::Error::new(
                ErrorKind::InvalidOperation,
                format!("Field not found in form: '{name}' ({known})"),
            )
        });
    }
    if let Some(field) = v.downcast_object::<forms::Field>() {
        return Ok(field);
    }
    Err(minijinja::Error::new(
        ErrorKind::InvalidOperation,
        format!(
            "{tag} argument should be a string, e.g. {{{{ {tag} 'contribution' }}}}, not a {}",
            py_type_name(v)
        ),
    ))
}

/// The functions the formfield tags are translated to.
/// How oTree's chat box looks (its own style, inline as oTree has it).
const CHAT_STYLE: &str = "<style>\n\
.otree-chat { border: 1px solid #ccc; padding: 5px; margin: 0; }\n\
.otree-chat__messages { height: 200px; overflow: auto; background: #eee; margin: 2px 0 5px 0; }\n\
.otree-chat__nickname { display: inline-block; color: #C07A36; width: 150px; font-weight: bold; }\n\
.otree-chat__input { flex-grow: 1; }\n\
</style>\n";

/// oTree's chat box: `channel` (none: the group's) and `nickname` (none:
/// "Participant N"), signed for the participant (see `live::chat`).
fn chat_box(state: &State, channel: Value, nickname: Value) -> Result<Value, minijinja::Error> {
    if channel.is_undefined() || nickname.is_undefined() {
        return Err(undefined_error());
    }
    let shell = state.lookup("_livehost");
    let chat = shell
        .as_ref()
        .and_then(|l| l.get_attr("chat").ok())
        .and_then(|c| c.downcast_object::<ChatShell>())
        .ok_or_else(|| {
            minijinja::Error::new(
                ErrorKind::InvalidOperation,
                "this page cannot show a chat box",
            )
        })?;
    let code = shell
        .as_ref()
        .and_then(|l| l.get_attr("participant_code").ok())
        .map(|c| c.to_string())
        .unwrap_or_default();
    let channel = if channel.is_none() {
        chat.group_channel.clone()
    } else {
        let name = format::py_str(&channel);
        let ok = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !ok {
            return Err(minijinja::Error::new(
                ErrorKind::InvalidOperation,
                format!(
                    "'channel' can only contain ASCII letters, numbers, underscores, and hyphens. Value given was: {name}"
                ),
            ));
        }
        format!("{}-{name}", chat.scope)
    };
    let nickname = if nickname.is_none() {
        let id = state
            .lookup("player")
            .and_then(|p| p.get_attr("id_in_group").ok())
            .map(|v| format::py_str(&v))
            .unwrap_or_default();
        format!("Participant {id}")
    } else {
        format::py_str(&nickname)
    };
    let token = chat.key.token(&code, &channel, &nickname);
    let attr = |s: &str| html_escape(s, true);
    Ok(Value::from_safe_string(format!(
        "<div class=\"otree-chat\" data-code=\"{}\" data-channel=\"{}\" data-nickname=\"{}\" data-me=\"{}\" data-participant=\"{}\" data-token=\"{}\">\n\
         <div class=\"otree-chat__messages\"></div>\n\
         <div style=\"display: flex; align-items: flex-end\">\n\
         <textarea class=\"otree-chat__input\" cols=\"40\" rows=\"1\"></textarea>\n\
         &nbsp;\n<button type=\"button\" class=\"otree-chat__btn-send\">Send</button>\n\
         </div>\n</div>\n{CHAT_STYLE}<script src=\"/static/chat.js\"></script>",
        attr(&code),
        attr(&channel),
        attr(&nickname),
        attr(&format!("{nickname} (Me)")),
        chat.participant_id,
        token,
    )))
}

fn add_form_functions(env: &mut Environment<'static>, settings: &Arc<Settings>) {
    env.add_function("__otree_chat", chat_box);
    env.add_function(
        "__otree_formfields",
        |state: &State| -> Result<Value, minijinja::Error> {
            let form = page_form(state)?;
            let out: String = form.fields().iter().map(|f| f.markup(f.label())).collect();
            Ok(Value::from(out))
        },
    );
    let style = settings.style.clone();
    env.add_function(
        "__otree_formfield",
        move |state: &State, args: Rest<Value>| -> Result<Value, minijinja::Error> {
            let form = page_form(state)?;
            let field = field_arg(
                &form,
                args.first().unwrap_or(&Value::UNDEFINED),
                "formfield",
            )?;
            let label = match args.get(1) {
                Some(l) if l.is_undefined() => return Err(undefined_error()),
                Some(l) => format::localize(l, &style),
                None => field.label().to_string(),
            };
            Ok(Value::from(field.markup(&label)))
        },
    );
    env.add_function(
        "__otree_formfield_errors",
        |state: &State, name: Value| -> Result<Value, minijinja::Error> {
            let form = page_form(state)?;
            if name.is_undefined() {
                return Err(undefined_error());
            }
            if name.as_str().is_none() {
                return Err(minijinja::Error::new(
                    ErrorKind::InvalidOperation,
                    format!(
                        "formfield_errors needs the name of a field as a string, e.g. \
                         {{{{ formfield_errors 'contribution' }}}}, not a {}",
                        py_type_name(&name)
                    ),
                ));
            }
            let field = field_arg(&form, &name, "formfield_errors")?;
            Ok(Value::from(field.errors_markup()))
        },
    );
}

impl OtreeTemplates {
    /// Compiles every file; the first error (template and line in the
    /// original file) is returned. `pages` are compiled as oTree page
    /// templates (content in blocks, the standard layout unless they extend
    /// another), `others` as plain templates (includes, a project's
    /// `global/Page.html`).
    pub fn compile(
        pages: &[TemplateFile],
        others: &[TemplateFile],
        settings: CurrencySettings,
    ) -> Result<OtreeTemplates, TemplateError> {
        let settings = Arc::new(Settings::new(&settings));
        let mut parsed = vec![];
        let mut names = HashSet::new();
        for (file, is_page) in pages
            .iter()
            .map(|f| (f, true))
            .chain(others.iter().map(|f| (f, false)))
        {
            if file.name.starts_with("otree/") {
                return Err(TemplateError::new(
                    &file.name,
                    None,
                    "template names under otree/ are livehost's own; rename the file (a project's \
                     own layout is global/Page.html)",
                ));
            }
            if !names.insert(file.name.clone()) {
                return Err(TemplateError::new(
                    &file.name,
                    None,
                    "two templates have this name; keep one",
                ));
            }
            let nodes = parse::parse(&file.text, is_page)
                .map_err(|e| TemplateError::new(&file.name, Some(e.line), e.message))?;
            parsed.push((file, is_page, nodes));
        }

        let set = TemplateSet {
            templates: parsed
                .iter()
                .map(|(f, is_page, nodes)| (f.name.as_str(), (*is_page, nodes.as_slice())))
                .collect(),
            layout_blocks: translate::layout_blocks(LAYOUT_SOURCE),
        };
        let mut translated: Vec<(&TemplateFile, Translated)> = vec![];
        for (file, _, nodes) in &parsed {
            let t = translate::translate(&file.name, nodes, &set)
                .map_err(|e| TemplateError::new(&file.name, Some(e.line), e.message))?;
            translated.push((file, t));
        }

        let experiment: Arc<HashSet<String>> = Arc::new(names);
        let mut env = environment(&settings, experiment);
        env.add_template(LAYOUT, LAYOUT_SOURCE)
            .map_err(|e| TemplateError::new(LAYOUT, e.line(), e.to_string()))?;
        env.add_template(WAIT_PAGE, WAIT_PAGE_SOURCE)
            .map_err(|e| TemplateError::new(WAIT_PAGE, e.line(), e.to_string()))?;
        let mut templates = HashMap::new();
        for (file, t) in translated {
            if let Err(e) = env.add_template_owned(file.name.clone(), t.source) {
                let line = e
                    .line()
                    .and_then(|l| l.checked_sub(1))
                    .and_then(|i| t.lines.get(i).copied());
                return Err(TemplateError::new(
                    &file.name,
                    line,
                    format!(
                        "{} (livehost could not compile its translation; please report this)",
                        e.detail().unwrap_or("syntax error")
                    ),
                ));
            }
            templates.insert(file.name.clone(), (file.text.clone(), t.lines));
        }
        Ok(OtreeTemplates {
            env,
            templates,
            settings,
        })
    }

    /// `value` (JSON; `{"__cu__": n}` is currency) as a template prints it,
    /// e.g. a choice's label: "5 points" for a currency amount.
    pub fn display(&self, value: &serde_json::Value) -> String {
        match values::from_json(value, &self.settings) {
            Ok(v) => format::localize(&v, &self.settings.style),
            Err(_) => value.to_string(),
        }
    }

    /// The minijinja text a template was translated to (for debugging).
    pub fn translated_source(&self, name: &str) -> Option<String> {
        self.env
            .get_template(name)
            .ok()
            .map(|t| t.source().to_string())
    }

    /// Renders template `name` with `vars` (a JSON object: player, group,
    /// subsession, participant, session, C, Constants, and what
    /// vars_for_template returned; `{"__cu__": n}` is a currency amount) and
    /// the host's `shell`.
    pub fn render(
        &self,
        name: &str,
        vars: &serde_json::Value,
        shell: &Shell,
    ) -> Result<String, TemplateError> {
        if !self.templates.contains_key(name) {
            return Err(TemplateError::new(
                name,
                None,
                "there is no such template among the experiment's templates",
            ));
        }
        let serde_json::Value::Object(map) = vars else {
            return Err(TemplateError::new(
                name,
                None,
                "the page's variables must be a JSON object",
            ));
        };
        let mut root = PyDict::default();
        for (k, v) in map {
            if HELPERS.contains(&k.as_str()) || k.starts_with("__otree") {
                return Err(TemplateError::new(
                    name,
                    None,
                    format!(
                        "the variable '{k}' has a name livehost's templates use themselves; rename it"
                    ),
                ));
            }
            let value = values::from_json(v, &self.settings)
                .map_err(|m| TemplateError::new(name, None, format!("variable '{k}': {m}")))?;
            root.insert(k.clone(), value);
        }
        let form = Form::new(&shell.form, shell.error.as_deref(), &self.settings)
            .map_err(|m| TemplateError::new(name, None, m))?;
        let has_errors = form.has_errors();
        let form = Value::from_object(form);
        // vars_for_template may have its own `form`, which wins in oTree too.
        if !map.contains_key("form") {
            root.insert("form".into(), form.clone());
        }
        root.insert("_livehost".into(), shell_value(shell, form, has_errors));
        let template = self
            .env
            .get_template(name)
            .map_err(|e| TemplateError::new(name, None, e.to_string()))?;
        template
            .render(Value::from_object(root))
            .map_err(|e| self.render_error(name, &e, map, &shell.form))
    }

    /// A wait page without a template of its own: `title` and `body` (the
    /// page's title_text and body_text, or oTree's defaults) in the layout.
    pub fn render_wait(
        &self,
        title: &str,
        body: &str,
        shell: &Shell,
    ) -> Result<String, TemplateError> {
        let form = Form::new(&[], None, &self.settings)
            .map_err(|m| TemplateError::new(WAIT_PAGE, None, m))?;
        let mut root = PyDict::default();
        root.insert(
            "_wait".into(),
            Value::from_object(PyDict::new(vec![
                ("title".into(), Value::from(title)),
                ("body".into(), Value::from(body)),
            ])),
        );
        root.insert(
            "_livehost".into(),
            shell_value(shell, Value::from_object(form), false),
        );
        self.env
            .get_template(WAIT_PAGE)
            .and_then(|t| t.render(Value::from_object(root)))
            .map_err(|e| TemplateError::new(WAIT_PAGE, e.line(), e.to_string()))
    }

    /// Turns a minijinja error into one that names the original template and line.
    fn render_error(
        &self,
        page: &str,
        err: &minijinja::Error,
        vars: &serde_json::Map<String, serde_json::Value>,
        form: &[FormField],
    ) -> TemplateError {
        let mut inner = err;
        while let Some(next) =
            std::error::Error::source(inner).and_then(|s| s.downcast_ref::<minijinja::Error>())
        {
            inner = next;
        }
        let template = inner.name().unwrap_or(page).to_string();
        let (line, original) = match (self.templates.get(&template), inner.line()) {
            (Some((text, lines)), Some(l)) => (
                l.checked_sub(1).and_then(|i| lines.get(i)).copied(),
                Some(text.as_str()),
            ),
            (None, l) => (l, None),
            (Some(_), None) => (None, None),
        };
        let tags = match (original, line) {
            (Some(text), Some(l)) => parse::lex(text, true)
                .unwrap_or_default()
                .into_iter()
                .filter(|t| !t.is_text && t.line == l)
                .collect(),
            _ => vec![],
        };
        let message = match inner.kind() {
            ErrorKind::UndefinedError => explain_undefined(&tags, vars, original, form),
            ErrorKind::TemplateNotFound => format!(
                "{}; includes need the name of one of the experiment's templates",
                inner.detail().unwrap_or("template not found")
            ),
            _ => {
                let detail = inner
                    .detail()
                    .map(str::to_string)
                    .unwrap_or_else(|| inner.kind().to_string());
                match tags.first() {
                    Some(t) => format!("{detail} (in {{{{ {} }}}})", t.text),
                    None => detail,
                }
            }
        };
        TemplateError::new(&template, line, message)
    }
}

/// The `_livehost` variable of the layout (`form` is the page's form, for
/// the formfield tags; `form_has_errors` says whether a field has an error).
fn shell_value(shell: &Shell, form: Value, form_has_errors: bool) -> Value {
    let opt = |s: &Option<String>| s.as_deref().map(Value::from).unwrap_or(Value::from(()));
    // JSON may hold "</script>" inside strings; \u003c keeps it from closing the tag.
    let js_vars = match &shell.js_vars {
        Some(json) => Value::from_safe_string(json.replace('<', "\\u003c")),
        None => Value::from(()),
    };
    Value::from_object(PyDict::new(vec![
        (
            "participant_code".into(),
            Value::from(shell.participant_code.as_str()),
        ),
        ("page_name".into(), Value::from(shell.page_name.as_str())),
        (
            "static_base".into(),
            Value::from(shell.static_base.as_str()),
        ),
        (
            "chat".into(),
            shell
                .chat
                .clone()
                .map(Value::from_object)
                .unwrap_or(Value::from(())),
        ),
        ("round_number".into(), Value::from(shell.round_number)),
        ("error".into(), opt(&shell.error)),
        ("js_vars".into(), js_vars),
        ("live".into(), Value::from(shell.live)),
        ("form_fields_error".into(), opt(&shell.form_fields_error)),
        ("form".into(), form),
        ("form_has_errors".into(), Value::from(form_has_errors)),
        (
            "seconds_left".into(),
            shell
                .seconds_left
                .map(Value::from)
                .unwrap_or(Value::from(())),
        ),
    ]))
}

/// Says which variable of a failing tag is undefined, as oTree does
/// ("Cannot resolve the variable 'player.x'"), when it can tell.
fn explain_undefined(
    tags: &[parse::Token],
    vars: &serde_json::Map<String, serde_json::Value>,
    original: Option<&str>,
    form: &[FormField],
) -> String {
    // Names the template itself binds (loop variables, with aliases) are not the page's.
    let local: HashSet<String> = original
        .map(|text| {
            parse::lex(text, true)
                .unwrap_or_default()
                .into_iter()
                .filter(|t| !t.is_text && (t.keyword == "for" || t.keyword == "with"))
                .flat_map(|t| {
                    let head = t.text.split(" in ").next().unwrap_or("").to_string();
                    let head = head.split('=').next().unwrap_or("").to_string();
                    head.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .filter(|w| !w.is_empty() && *w != "for" && *w != "with")
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                })
                .collect()
        })
        .unwrap_or_default();
    let mut candidates = vec![];
    for t in tags {
        let text = match t.keyword.as_str() {
            // `formfield player.x label=...`: player.x names a field, not a variable.
            "formfield" | "formfield_errors" => {
                let args = expr::smart_split(&t.text);
                let field_name = |a: &str| {
                    t.keyword == "formfield"
                        && (a.starts_with("player.") || a.starts_with("group."))
                };
                args.iter()
                    .skip(1)
                    .filter(|a| !field_name(a))
                    .map(|a| a.strip_prefix("label=").unwrap_or(a))
                    .collect::<Vec<_>>()
                    .join(" ")
            }
            _ => t.text.clone(),
        };
        candidates.extend(dotted_names(&text));
    }
    if !vars.contains_key("form") && !local.contains("form") {
        for path in &candidates {
            let mut words = path.split('.');
            if words.next() != Some("form") {
                continue;
            }
            let Some(name) = words.next() else { continue };
            let known = ["errors", "non_field_error", "field_names"];
            if let Some(f) = form.iter().find(|f| f.name == name) {
                let attrs = [
                    "label",
                    "errors",
                    "id",
                    "name",
                    "short_name",
                    "description",
                    "data",
                    "type",
                ];
                let third = words.next();
                if let Some(i) = third.and_then(|a| a.parse::<usize>().ok()) {
                    let n = match (&f.choices, f.kind) {
                        (Some(c), _) => c.len(),
                        (None, FieldKind::Boolean) if f.widget != Widget::CheckboxInput => 2,
                        (None, _) => 0,
                    };
                    if i >= n {
                        return format!(
                            "Cannot resolve the variable '{path}': the field '{name}' has {n} \
                             choices, numbered from 0"
                        );
                    }
                }
                if third.is_some_and(|a| !attrs.contains(&a) && a.parse::<usize>().is_err()) {
                    return format!(
                        "Cannot resolve the variable '{path}': a form field has label, errors, id, \
                         name, description, data and type, and a field with choices its choices \
                         by number (form.{name}.0)"
                    );
                }
            } else if !known.contains(&name) {
                let names: Vec<&str> = form.iter().map(|f| f.name.as_str()).collect();
                return format!(
                    "Cannot resolve the variable 'form.{name}': the page's form has no field \
                     '{name}' ({})",
                    if names.is_empty() {
                        "the page has no form fields".to_string()
                    } else {
                        format!("its fields are {}", names.join(", "))
                    }
                );
            }
        }
    }
    for path in &candidates {
        let words: Vec<&str> = path.split('.').collect();
        let Some(mut v) = vars.get(words[0]) else {
            continue;
        };
        for (i, w) in words.iter().enumerate().skip(1) {
            let next = match v {
                serde_json::Value::Object(m) => m.get(*w),
                serde_json::Value::Array(a) => w.parse::<usize>().ok().and_then(|i| a.get(i)),
                _ => None,
            };
            match next {
                Some(n) => v = n,
                None if is_null_field(v, w) => {
                    let of = v["__null__"]["of"].as_str().unwrap_or(words[0]);
                    return format!(
                        "{of}.{w} is None. Accessing a null field is generally considered an error. \
                         Or, if this is intentional, use field_maybe_none()"
                    );
                }
                None => {
                    return format!(
                        "Cannot resolve the variable '{}': the page's data has no such value. Check \
                         the name, or add it in vars_for_template",
                        words[..=i].join(".")
                    );
                }
            }
        }
    }
    for path in &candidates {
        let first = path.split('.').next().unwrap_or("");
        if !vars.contains_key(first)
            && !local.contains(first)
            && first != "forloop"
            && first != "form"
        {
            return format!(
                "Cannot resolve the variable '{first}': the page has no such variable. Check the \
                 name, or return it from vars_for_template"
            );
        }
    }
    match tags.first() {
        Some(t) => format!(
            "a variable in {{{{ {} }}}} is not defined; the page's variables come from the app \
             (player, group, ..., vars_for_template)",
            t.text
        ),
        None => "a variable is not defined".into(),
    }
}

/// Whether `field` of the model `v` (a player, group or subsession) is
/// one its page left out for being None (`__null__`, from the SDK).
fn is_null_field(v: &serde_json::Value, field: &str) -> bool {
    v["__null__"]["fields"]
        .as_array()
        .is_some_and(|f| f.iter().any(|n| n == field))
}

/// The dotted names in a tag's text (outside quotes, not keywords or filters).
fn dotted_names(text: &str) -> Vec<String> {
    const KEYWORDS: [&str; 16] = [
        "if",
        "elif",
        "for",
        "in",
        "not",
        "and",
        "or",
        "with",
        "include",
        "include_sibling",
        "True",
        "False",
        "None",
        "trans",
        "else",
        "empty",
    ];
    let mut names = vec![];
    let mut quote: Option<char> = None;
    let mut word = String::new();
    let mut after_pipe = false;
    let flush = |word: &mut String, after_pipe: bool, names: &mut Vec<String>| {
        let w = std::mem::take(word);
        if !w.is_empty()
            && !after_pipe
            && !w.starts_with(|c: char| c.is_ascii_digit() || c == '.')
            && !KEYWORDS.contains(&w.as_str())
        {
            names.push(w.trim_end_matches('.').to_string());
        }
    };
    for c in text.chars() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        if c.is_alphanumeric() || c == '_' || c == '.' {
            word.push(c);
            continue;
        }
        flush(&mut word, after_pipe, &mut names);
        if c == '|' {
            after_pipe = true;
        } else if !c.is_whitespace() || c == '\n' {
            after_pipe = after_pipe && c == '(';
        } else {
            after_pipe = false;
        }
        if c == '"' || c == '\'' {
            quote = Some(c);
        }
    }
    flush(&mut word, after_pipe, &mut names);
    names
}
