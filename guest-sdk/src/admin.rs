//! oTree's admin views (the WIT `admin-views` export): which an app has
//! ([`AdminViews`], what `describe` reports), and the one place where the
//! host's calls (`admin-report`, `custom-export`) become calls of
//! [`OtreePages::vars_for_admin_report`] and [`OtreePages::custom_export`],
//! on top of a [`Backend`]; the component and the harness both use them.
//! Custom export cells are written as oTree writes them ([`csv_cell`]).

use serde_json::{Map, Value};

use crate::backend::Backend;
use crate::error::{Error, Result};
use crate::experiment::AsyncExperiment;
use crate::pages::{OtreePages, Template, session_vars};
use crate::player::Player;
use crate::subsession::Subsession;

/// The prefix oTree gives custom export functions.
const PREFIX: &str = "custom_export";

/// What an app shows the researcher besides its data, as
/// [`OtreePages::admin_views`] declares it: an admin report (oTree's
/// `admin_report.html` with [`OtreePages::vars_for_admin_report`]) and
/// custom exports (oTree's `custom_export` functions, each answered by
/// [`OtreePages::custom_export`]). The host offers only what is declared.
///
/// ```
/// use livehost_guest::AdminViews;
/// let views = AdminViews::new()
///     .admin_report("{{ block content }}<p>{{ total }}</p>{{ endblock }}")
///     .custom_export("custom_export")
///     .custom_export("custom_export_offers");
/// assert!(views.report_template().is_some());
/// assert_eq!(views.custom_exports(), ["custom_export", "custom_export_offers"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdminViews {
    report: Option<String>,
    exports: Vec<String>,
}

impl AdminViews {
    /// No admin report, no custom export.
    pub fn new() -> Self {
        AdminViews::default()
    }

    /// The app has an admin report: `template` is its `admin_report.html`
    /// (e.g. `include_str!("../templates/admin_report.html")`), which the
    /// SDK hands the host as `<app>/admin_report.html`.
    pub fn admin_report(mut self, template: impl Into<String>) -> Self {
        self.report = Some(template.into());
        self
    }

    /// The app has the custom export `function` (a name starting with
    /// `custom_export`, as oTree's), answered by
    /// [`OtreePages::custom_export`].
    pub fn custom_export(mut self, function: impl Into<String>) -> Self {
        self.exports.push(function.into());
        self
    }

    /// The admin report's template, if declared.
    pub fn report_template(&self) -> Option<&str> {
        self.report.as_deref()
    }

    /// The custom exports' function names, in order.
    pub fn custom_exports(&self) -> &[String] {
        &self.exports
    }
}

/// Checks `E`'s declaration: each custom export named once, oTree's way.
pub(crate) fn check<E: AsyncExperiment + OtreePages>() -> Result<AdminViews, String> {
    let views = E::admin_views();
    for (i, f) in views.exports.iter().enumerate() {
        if !f.starts_with(PREFIX) {
            return Err(format!(
                "admin_views declares the custom export {f:?}: name it custom_export or custom_export_<something>, as oTree does"
            ));
        }
        if views.exports[..i].contains(f) {
            return Err(format!(
                "admin_views declares the custom export {f:?} twice: declare each once"
            ));
        }
    }
    Ok(views)
}

/// The name of the admin report's template: `<app>/admin_report.html`.
fn report_name<E: AsyncExperiment>() -> String {
    format!("{}/admin_report.html", E::info().name)
}

/// The admin report's template, as `pages.files` hands it over.
pub(crate) fn report_template<E: AsyncExperiment + OtreePages>() -> Option<Template> {
    E::admin_views()
        .report
        .map(|text| Template::new(report_name::<E>(), text))
}

/// What `admin-views.describe` reports.
#[doc(hidden)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub struct Described {
    pub admin_reports: Vec<String>,
    pub custom_exports: Vec<(String, String)>,
}

/// The `admin-views.describe` export: the app's admin report and custom
/// exports (a declaration that does not pass [`check`] reports no export,
/// and its calls name the mistake).
#[doc(hidden)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub fn describe<E: AsyncExperiment + OtreePages>() -> Described {
    let app = E::info().name;
    let views = E::admin_views();
    let exports = check::<E>().map(|v| v.exports).unwrap_or_default();
    Described {
        admin_reports: views.report.map(|_| app.clone()).into_iter().collect(),
        custom_exports: exports.into_iter().map(|f| (app.clone(), f)).collect(),
    }
}

/// The `admin-views.admin-report` export: the report's variables for
/// `round`, a JSON object (`subsession`, `session`, `C` and what
/// vars_for_admin_report returned).
#[doc(hidden)]
pub fn admin_report<E: AsyncExperiment + OtreePages>(
    backend: &dyn Backend,
    round: u32,
) -> Result<Value, String> {
    if E::admin_views().report.is_none() {
        return Err(format!(
            "{} has no admin report: declare it in OtreePages::admin_views, AdminViews::new().admin_report(template)",
            E::info().name
        ));
    }
    let subsession = Subsession::new(round, backend);
    let extra = E::vars_for_admin_report(&subsession)
        .map_err(|e| e.context(format!("vars_for_admin_report of round {round}")))?;
    let mut out: Map<String, Value> = session_vars::<E>(subsession.session(), round)?;
    match extra {
        Value::Null => {}
        Value::Object(extra) => out.extend(extra),
        other => {
            return Err(format!(
                "vars_for_admin_report must return a JSON object (json!({{\"name\": value}})) or null, not {other}"
            ));
        }
    }
    Ok(Value::Object(out))
}

/// The `admin-views.custom-export` export: the rows `function` gives for
/// every player of the app (round by round, each round's by participant),
/// each cell as oTree writes it.
#[doc(hidden)]
pub fn custom_export<E: AsyncExperiment + OtreePages>(
    backend: &dyn Backend,
    function: &str,
) -> Result<Vec<Vec<String>>, String> {
    let views = check::<E>()?;
    if !views.exports.iter().any(|f| f == function) {
        return Err(format!(
            "{} has no custom export {function:?}: declare it in OtreePages::admin_views, AdminViews::new().custom_export({function:?})",
            E::info().name
        ));
    }
    let mut players: Vec<Player<'_>> = Vec::new();
    for round in 1..=E::info().rounds {
        players.extend(Subsession::new(round, backend).get_players()?);
    }
    let rows = E::custom_export(function, &players).map_err(|e| e.context(function))?;
    Ok(rows
        .iter()
        .map(|row| row.iter().map(csv_cell).collect())
        .collect())
}

/// A cell of a custom export as oTree writes it: empty for null, 1 and 0
/// for booleans, a currency amount (`{"__cu__": n}`) as its number, a
/// string as it is, anything else as its JSON text.
pub fn csv_cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Object(map) if map.len() == 1 && map.contains_key("__cu__") => {
            map.get("__cu__").map(csv_cell).unwrap_or_default()
        }
        other => other.to_string(),
    }
}

/// The error of an admin view used but not implemented.
pub(crate) fn not_implemented(method: &str, declared: &str) -> Error {
    Error::new(format!(
        "admin_views declares {declared}, but OtreePages::{method} is not implemented: implement it, or leave the declaration out"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cells_are_written_as_otree_writes_them() {
        let cells: Vec<String> = [
            json!(null),
            json!(true),
            json!(false),
            json!(3),
            json!(2.5),
            json!({"__cu__": 45}),
            json!("a,b"),
            json!([1, 2]),
        ]
        .iter()
        .map(csv_cell)
        .collect();
        assert_eq!(cells, ["", "1", "0", "3", "2.5", "45", "a,b", "[1,2]"]);
    }
}
