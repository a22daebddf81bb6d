//! oTree's pages (the WIT's optional `pages` and `project` exports): an
//! [`OtreePages`] impl gives an experiment's pages oTree's templates and
//! page methods (`is_displayed`, `vars_for_template`, `js_vars`,
//! `timeout_seconds`, `form_model` / `form_fields` with oTree's checks,
//! `error_message`, `before_next_page`), and
//! [`export_app!`](crate::export_app) exports it as the world `app`.
//!
//! This file holds the trait and the one place where the host's page calls
//! (`files`, `show`, `submit`, `timed-out`, `describe`) become calls of it,
//! on top of a [`Backend`]; the component and the harness both use them.

use serde_json::{Map, Value, json};

use crate::admin::AdminViews;
use crate::backend::Backend;
use crate::error::{Error, Result};
use crate::experiment::AsyncExperiment;
use crate::fields::{Field, FieldKind, FormField, Settings, Widget, template_value};
use crate::form::Form;
use crate::hooks::SessionHooks;
use crate::info::{Info, PageKind};
use crate::player::{Group, Player, PlayerInfo};
use crate::state::Scope;
use crate::subsession::Subsession;

/// The checked values of a page's form, by field name, as
/// [`OtreePages::error_message`] receives them: each the field's JSON (a
/// number, a string, a boolean; null for an empty optional field).
pub type Values = Map<String, Value>;

/// Whose fields a page's form fills (oTree's `form_model`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FormModel {
    /// The player's own fields (`form_model = 'player'`).
    #[default]
    Player,
    /// The player's group's fields (`form_model = 'group'`).
    Group,
}

/// The model fields an experiment declares (oTree's `class Player
/// (BasePlayer)`, `Group`, ... with their fields): what pages' forms fill
/// and what templates see as `player.<field>`, `group.<field>`, ... Each
/// is kept by the host under its name, like any value of
/// [`Player::get`](crate::Player::get).
///
/// ```
/// use livehost_guest::{Field, Models};
/// let models = Models::new()
///     .player(Field::integer("age").min(18).label("How old are you?"))
///     .player(Field::boolean("timed_out").initial(false))
///     .group(Field::currency("pot").initial(0));
/// assert_eq!(models.player_fields().len(), 2);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Models {
    player: Vec<Field>,
    group: Vec<Field>,
    participant: Vec<Field>,
    session: Vec<Field>,
}

impl Models {
    /// No fields yet (a player still has oTree's `payoff`).
    pub fn new() -> Self {
        Models::default()
    }

    /// The same models with a player field (one per player and round).
    pub fn player(mut self, field: Field) -> Self {
        self.player.push(field);
        self
    }

    /// The same models with a group field (one per group and round).
    pub fn group(mut self, field: Field) -> Self {
        self.group.push(field);
        self
    }

    /// The same models with a participant field (kept across rounds).
    pub fn participant(mut self, field: Field) -> Self {
        self.participant.push(field);
        self
    }

    /// The same models with a session field (shared by everybody).
    pub fn session(mut self, field: Field) -> Self {
        self.session.push(field);
        self
    }

    /// The player fields, in order.
    pub fn player_fields(&self) -> &[Field] {
        &self.player
    }

    /// The group fields, in order.
    pub fn group_fields(&self) -> &[Field] {
        &self.group
    }

    fn of(&self, model: FormModel) -> &[Field] {
        match model {
            FormModel::Player => &self.player,
            FormModel::Group => &self.group,
        }
    }
}

/// A template file other than a page's own: what pages include or extend
/// (`{{ include 'my_app/instructions.html' }}`, a layout
/// `global/Page.html`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    /// The name templates use for it, e.g. `my_app/instructions.html`.
    pub name: String,
    /// Its text.
    pub text: String,
}

impl Template {
    /// The template `name` with this text (e.g. `include_str!`'s).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Template {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// oTree's pages for an [`Experiment`](crate::Experiment): each page's body (its [`Page`](crate::Page)'s
/// HTML) is an oTree template (`{{ block title }}...{{ endblock }}{{ block
/// content }}...{{ endblock }}`) that the host renders as oTree does, with
/// the variables and form these methods give. Export it with
/// [`export_app!`](crate::export_app) (the world `app`; the SDK exports
/// the world `async-app` for no async experiment yet).
///
/// Every method has a default, and gets the page's name: match on it, as
/// oTree's methods are a page's. A method that returns `Err` while a page
/// is shown shows the participant an error page; while a form is
/// submitted, the error is the form's and the participant stays on the
/// page. Nothing such a call wrote is kept.
///
/// ```
/// use livehost_guest::prelude::*;
///
/// struct Survey;
///
/// impl Experiment for Survey {
///     fn info() -> Info {
///         Info::new("survey", 1)
///             .page(Page::normal("About", "{{ block content }}{{ formfields }}{{ next_button }}{{ endblock }}"))
///             .page(Page::normal("Thanks", "{{ block content }}{{ player.age }}{{ endblock }}"))
///     }
/// }
///
/// impl OtreePages for Survey {
///     fn models() -> Models {
///         Models::new().player(Field::integer("age").min(18).max(110))
///     }
///
///     fn form_fields(_player: &Player, page: &str) -> Result<Vec<&'static str>> {
///         Ok(if page == "About" { vec!["age"] } else { vec![] })
///     }
/// }
///
/// livehost_guest::export_app!(Survey);
///
/// let mut h = livehost_guest::harness::Harness::<Survey>::new();
/// let errors = h.submit(1, json!({"age": "15"})).unwrap_err();
/// assert_eq!(errors.fields, [("age".to_string(), "Number must be between 18 and 110.".to_string())]);
/// h.submit(1, json!({"age": "30"})).unwrap();
/// assert_eq!(h.show(1).unwrap().variables["player"]["age"], json!(30));
/// ```
pub trait OtreePages {
    /// The model fields: what forms fill and templates show. The default
    /// declares none (a player still has oTree's `payoff`).
    fn models() -> Models {
        Models::new()
    }

    /// oTree's `C`: the constants templates see as `C.<NAME>` (a JSON
    /// object). The default is empty.
    fn constants() -> Value {
        json!({})
    }

    /// The template files the pages include or extend (not the pages' own:
    /// those are their bodies, named `<experiment name>/<Page>.html`).
    fn templates() -> Vec<Template> {
        Vec::new()
    }

    /// oTree's display settings, a JSON object: `USE_POINTS`,
    /// `REAL_WORLD_CURRENCY_CODE`, `REAL_WORLD_CURRENCY_DECIMAL_PLACES`,
    /// `POINTS_DECIMAL_PLACES`, `POINTS_CUSTOM_NAME`, `LANGUAGE_CODE`;
    /// missing ones take oTree's defaults (points, no decimals).
    fn settings() -> Value {
        json!({})
    }

    /// oTree's `is_displayed`: false skips the page (no `before_next_page`).
    /// The default shows every page.
    fn is_displayed(player: &Player<'_>, page: &str) -> Result<bool> {
        let _ = (player, page);
        Ok(true)
    }

    /// oTree's `vars_for_template`: a JSON object whose keys the template
    /// sees beside `player`, `group`, `participant`, `session`,
    /// `subsession` and `C` (a currency amount as `{"__cu__": n}`). Null
    /// (the default) adds nothing.
    fn vars_for_template(player: &Player<'_>, page: &str) -> Result<Value> {
        let _ = (player, page);
        Ok(Value::Null)
    }

    /// oTree's `js_vars`: a JSON object the page's script sees as
    /// `js_vars`. None (the default): the page has no js_vars.
    fn js_vars(player: &Player<'_>, page: &str) -> Result<Option<Value>> {
        let _ = (player, page);
        Ok(None)
    }

    /// oTree's `timeout_seconds` / `get_timeout_seconds`: the page submits
    /// itself this many seconds after the participant arrived on it (the
    /// host keeps the deadline, with or without a browser open), then
    /// [`before_next_page`](OtreePages::before_next_page) runs with
    /// `timeout_happened`. None (the default): no timeout.
    fn timeout_seconds(player: &Player<'_>, page: &str) -> Result<Option<f64>> {
        let _ = (player, page);
        Ok(None)
    }

    /// oTree's `form_model`: whose fields the page's form fills. The
    /// default is the player's.
    fn form_model(page: &str) -> FormModel {
        let _ = page;
        FormModel::Player
    }

    /// oTree's `form_fields` / `get_form_fields`: the names of the form
    /// model's fields (declared in [`models`](OtreePages::models)) that the
    /// page's form shows, in order. The default: no form.
    fn form_fields(player: &Player<'_>, page: &str) -> Result<Vec<&'static str>> {
        let _ = (player, page);
        Ok(Vec::new())
    }

    /// oTree's `<field>_choices`, `<field>_min` and `<field>_max`: the field
    /// as `player`'s form shows and checks it now (e.g. `field.max(budget)`
    /// for the field named `budget`). The default keeps the declaration.
    fn form_field(player: &Player<'_>, field: Field) -> Result<Field> {
        let _ = player;
        Ok(field)
    }

    /// oTree's `<field>_error_message(player, value)`: a field's own check,
    /// once it passed its type, bounds and choices. Some(text) refuses the
    /// form with the text under the field. The default accepts.
    fn field_error_message(
        player: &Player<'_>,
        field: &str,
        value: &Value,
    ) -> Result<Option<String>> {
        let _ = (player, field, value);
        Ok(None)
    }

    /// oTree's `error_message(player, values)`: the whole form's check, once
    /// every field passed its own. Some(text) keeps the participant on the
    /// page with the text above the form. The default accepts.
    fn error_message(player: &Player<'_>, page: &str, values: &Values) -> Result<Option<String>> {
        let _ = (player, page, values);
        Ok(None)
    }

    /// oTree's `timeout_submission`: what a timed-out page stores in a field
    /// whose input did not pass its checks, by field name. A field not
    /// named gets 0, "" or false. The default names none.
    fn timeout_submission(player: &Player<'_>, page: &str) -> Result<Values> {
        let _ = (player, page);
        Ok(Values::new())
    }

    /// oTree's `before_next_page(player, timeout_happened)`: the
    /// participant leaves the page, its form's values already stored.
    fn before_next_page(player: &Player<'_>, page: &str, timeout_happened: bool) -> Result<()> {
        let _ = (player, page, timeout_happened);
        Ok(())
    }

    /// The session hooks the app defines: whether it has
    /// [`creating_session`](OtreePages::creating_session), and its wait
    /// pages' settings (after_all_players_arrive, is_displayed,
    /// wait_for_all_groups). The host calls only what is declared here.
    /// The default declares none.
    fn session_hooks() -> SessionHooks {
        SessionHooks::new()
    }

    /// oTree's `creating_session(subsession)`: called once per round when a
    /// session is created, before anybody sees a page (declare it with
    /// [`SessionHooks::creating_session`]). It may read the session's
    /// config, set any player's, group's, participant's and the
    /// subsession's fields, and regroup the round
    /// ([`Subsession::set_group_matrix`], [`Subsession::group_randomly`],
    /// [`Subsession::group_like_round`]). An error creates no session.
    fn creating_session(subsession: &Subsession<'_>) -> Result<()> {
        let _ = subsession;
        Err(crate::hooks::not_implemented(
            "creating_session",
            "creating_session",
        ))
    }

    /// oTree's `after_all_players_arrive(group)` of wait page `page`: the
    /// last player of `group` arrived (declare it with
    /// [`WaitPage::after_all_players_arrive`](crate::WaitPage::after_all_players_arrive)).
    /// Its writes are committed with the group's release from the page;
    /// it changes its own group's state only.
    fn after_all_players_arrive(group: &Group<'_>, page: &str) -> Result<()> {
        let _ = group;
        Err(crate::hooks::not_implemented(
            "after_all_players_arrive",
            &format!("WaitPage::new({page:?}).after_all_players_arrive()"),
        ))
    }

    /// oTree's `after_all_players_arrive(subsession)` of a wait page with
    /// `wait_for_all_groups` (declare both on its
    /// [`WaitPage`](crate::WaitPage)): every player of the round arrived.
    /// It may change anything of the app.
    fn after_all_groups_arrive(subsession: &Subsession<'_>, page: &str) -> Result<()> {
        let _ = subsession;
        Err(crate::hooks::not_implemented(
            "after_all_groups_arrive",
            &format!("WaitPage::new({page:?}).wait_for_all_groups().after_all_players_arrive()"),
        ))
    }

    /// oTree's `group_by_arrival_time_method(subsession, waiting_players)`
    /// (declare it with
    /// [`SessionHooks::group_by_arrival_time_method`]): the app's rule for
    /// the groups its [`WaitPage::group_by_arrival_time`](crate::WaitPage::group_by_arrival_time)
    /// page forms. `waiting_players` are the players of `subsession`'s
    /// round waiting on the page, by participant id; the answer is the
    /// group to form (some of them, in id-in-group order), or `None` to
    /// wait for more. The host asks when a player comes to the page or
    /// reloads it, and again every few seconds while anyone waits, so a
    /// rule may use the clock (`std::time::SystemTime::now()` is the
    /// call's time): e.g. a player who waited too long plays alone. It runs
    /// for the whole round and may write anything of the app; its writes
    /// are kept with the group it forms.
    ///
    /// ```
    /// use livehost_guest::prelude::*;
    ///
    /// struct Colours;
    /// impl Experiment for Colours {
    ///     fn info() -> Info {
    ///         // 0 players per group: the rule decides each group's size.
    ///         Info::new("colours", 0).page(Page::wait("Matching"))
    ///     }
    /// }
    /// impl OtreePages for Colours {
    ///     fn session_hooks() -> SessionHooks {
    ///         SessionHooks::new()
    ///             .wait_page(WaitPage::new("Matching").group_by_arrival_time())
    ///             .group_by_arrival_time_method()
    ///     }
    ///     // Two players of the same colour (a participant field) play together.
    ///     fn group_by_arrival_time_method<'a>(
    ///         _subsession: &Subsession<'a>,
    ///         waiting_players: &[Player<'a>],
    ///     ) -> Result<Option<Vec<Player<'a>>>> {
    ///         for (i, p) in waiting_players.iter().enumerate() {
    ///             let colour: Option<String> = p.participant().get("colour")?;
    ///             for q in &waiting_players[i + 1..] {
    ///                 if q.participant().get::<String>("colour")? == colour {
    ///                     return Ok(Some(vec![*p, *q]));
    ///                 }
    ///             }
    ///         }
    ///         Ok(None)
    ///     }
    /// }
    ///
    /// let mut h = livehost_guest::harness::Harness::<Colours>::otree(3, json!({})).unwrap();
    /// for (p, colour) in [(1, "red"), (2, "blue"), (3, "red")] {
    ///     h.set_participant_value(p, "colour", json!(colour));
    /// }
    /// assert_eq!(h.group_by_arrival_time(1, &[1, 2]).unwrap(), None);
    /// assert_eq!(h.group_by_arrival_time(1, &[1, 2, 3]).unwrap(), Some(vec![1, 3]));
    /// ```
    fn group_by_arrival_time_method<'a>(
        subsession: &Subsession<'a>,
        waiting_players: &[Player<'a>],
    ) -> Result<Option<Vec<Player<'a>>>> {
        let _ = (subsession, waiting_players);
        Err(crate::hooks::not_implemented(
            "group_by_arrival_time_method",
            "group_by_arrival_time_method",
        ))
    }

    /// What the app shows the researcher besides its data: its admin
    /// report's template and its custom exports. The host offers only what
    /// is declared here. The default declares none.
    fn admin_views() -> AdminViews {
        AdminViews::new()
    }

    /// oTree's `vars_for_admin_report(subsession)`: a JSON object whose
    /// keys the admin report's template (declared with
    /// [`AdminViews::admin_report`]) sees beside `subsession`, `session`
    /// and `C` (as page templates see them). It only reads: a write is
    /// refused. Null (the default) adds nothing.
    fn vars_for_admin_report(subsession: &Subsession<'_>) -> Result<Value> {
        let _ = subsession;
        Ok(Value::Null)
    }

    /// oTree's `custom_export(players)`: the rows of the custom export
    /// `function` (declared with [`AdminViews::custom_export`]), the first
    /// the header, for `players`, every player of the app (round by round,
    /// each round's by participant). Each cell is JSON, written as oTree
    /// writes it: null empty, booleans 1 and 0, currency (`{"__cu__": n}`)
    /// its number. It only reads: a write is refused.
    fn custom_export(function: &str, players: &[Player<'_>]) -> Result<Vec<Vec<Value>>> {
        let _ = players;
        Err(crate::admin::not_implemented(
            "custom_export",
            &format!("AdminViews::new().custom_export({function:?})"),
        ))
    }
}

/// What a participant's page shows now (the WIT `page-view`), as
/// [`Harness::show`](crate::harness::Harness::show) returns it.
#[derive(Clone, Debug, PartialEq)]
pub struct PageView {
    /// The page's name.
    pub page: String,
    /// oTree's `is_displayed`.
    pub displayed: bool,
    /// The template's variables: `player`, `group`, `subsession`,
    /// `participant`, `session`, `C` and what `vars_for_template` returned.
    pub variables: Value,
    /// What `js_vars` returned.
    pub js_vars: Option<Value>,
    /// The page's timeout, in seconds.
    pub timeout_seconds: Option<f64>,
    /// The form's fields, in order.
    pub form_fields: Vec<ShownField>,
}

/// A form field as the page shows it (the WIT `form-field`).
#[derive(Clone, Debug, PartialEq)]
pub struct ShownField {
    /// The field's name.
    pub name: String,
    /// What it holds.
    pub kind: FieldKind,
    /// Its label, or oTree's default label.
    pub label: String,
    /// How it is shown.
    pub widget: Widget,
    /// Its choices (value, label), as JSON; currency as `{"__cu__": n}`.
    pub choices: Option<Vec<(Value, Value)>>,
    /// Its lower bound.
    pub min: Option<Value>,
    /// Its upper bound.
    pub max: Option<Value>,
    /// Whether it may be left empty.
    pub blank: bool,
    /// What its input shows first: what is stored, or its initial value.
    pub value: Option<Value>,
    /// Its help text.
    pub help_text: Option<String>,
}

/// Why a submitted form was refused (the WIT `form-errors`), in oTree's
/// words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormErrors {
    /// Errors of single fields: (field name, message).
    pub fields: Vec<(String, String)>,
    /// The whole form's error (`error_message`'s text, or an error of the
    /// experiment's code), if any.
    pub form: Option<String>,
}

impl From<Error> for FormErrors {
    fn from(e: Error) -> Self {
        FormErrors {
            fields: Vec::new(),
            form: Some(e.message().to_owned()),
        }
    }
}

impl From<String> for FormErrors {
    fn from(e: String) -> Self {
        FormErrors {
            fields: Vec::new(),
            form: Some(e),
        }
    }
}

/// The template files and settings (the WIT `page-files`).
#[doc(hidden)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub struct Files {
    pub page_templates: Vec<(String, String)>,
    pub templates: Vec<(String, String)>,
    pub settings: String,
}

/// The name of `page`'s template: `<experiment>/<Page>.html`.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn template_name(info: &Info, page: &str) -> String {
    format!("{}/{page}.html", info.name)
}

/// The `pages.files` export.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
#[doc(hidden)]
pub fn files<E: AsyncExperiment + OtreePages>() -> Files {
    let info = E::info();
    let settings = E::settings();
    Files {
        page_templates: info
            .pages
            .iter()
            .filter(|p| p.kind != PageKind::Wait && !p.body.is_empty())
            .map(|p| (p.name.clone(), template_name(&info, &p.name)))
            .collect(),
        templates: E::templates()
            .into_iter()
            .chain(crate::admin::report_template::<E>())
            .map(|t| (t.name, t.text))
            .collect(),
        settings: if settings.is_null() {
            "{}".to_owned()
        } else {
            settings.to_string()
        },
    }
}

/// One app (the WIT `project.app`): the experiment itself.
#[doc(hidden)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub struct AppDescription {
    pub name: String,
    pub pages: Vec<String>,
    pub rounds: u32,
    pub players_per_group: u32,
}

/// The `project.describe` export's one app.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
#[doc(hidden)]
pub fn describe<E: AsyncExperiment>() -> AppDescription {
    let info = E::info();
    AppDescription {
        name: info.name,
        pages: info.pages.into_iter().map(|p| p.name).collect(),
        rounds: info.rounds,
        players_per_group: info.players_per_group,
    }
}

fn settings_of<E: OtreePages>() -> Settings {
    match E::settings() {
        Value::Object(map) => Settings::from_json(&map),
        _ => Settings::default(),
    }
}

/// The page called `page`; an error naming it if there is none.
fn check_page<E: AsyncExperiment>(page: &str) -> Result<()> {
    if E::info().pages.iter().any(|p| p.name == page) {
        Ok(())
    } else {
        Err(Error::new(format!("there is no page {page}")))
    }
}

/// The page's form model's state and its fields for `player`, resolved.
fn form<'a, E: OtreePages>(player: &Player<'a>, page: &str) -> Result<(Scope<'a>, Vec<FormField>)> {
    let names = E::form_fields(player, page)?;
    let model = E::form_model(page);
    let scope = match model {
        FormModel::Player => player.state(),
        FormModel::Group => player.group().state(),
    };
    if names.is_empty() {
        return Ok((scope, Vec::new()));
    }
    let models = E::models();
    let declared = models.of(model);
    let settings = settings_of::<E>();
    let (whose, add) = match model {
        FormModel::Player => ("player", "Models::new().player(Field::integer(\"...\"))"),
        FormModel::Group => ("group", "Models::new().group(Field::integer(\"...\"))"),
    };
    let mut fields = Vec::with_capacity(names.len());
    for name in names {
        let Some(field) = declared.iter().find(|f| f.name() == name) else {
            return Err(Error::new(format!(
                "page {page}'s form_fields names {name:?}, which is not a {whose} field: declare it in OtreePages::models, e.g. {add}"
            )));
        };
        let field = E::form_field(player, field.clone())?;
        if field.name() != name {
            return Err(Error::new(format!(
                "OtreePages::form_field returned the field {:?} for {name:?}: return the field it was given, changed",
                field.name()
            )));
        }
        fields.push(field.resolve(&settings).map_err(Error::new)?);
    }
    Ok((scope, fields))
}

/// A model's fields as a template sees them: each read from the host
/// (its initial value if nothing is stored), currency as `{"__cu__": n}`.
fn model_values(scope: Scope<'_>, fields: &[Field], out: &mut Map<String, Value>) -> Result<()> {
    for field in fields {
        let value = match scope.get_raw(field.name())? {
            Some(text) => serde_json::from_str(&text)?,
            None => field.initial_value().clone(),
        };
        out.insert(
            field.name().to_owned(),
            template_value(field.kind(), &value),
        );
    }
    Ok(())
}

/// Every variable of a page's template for `player`, plus `extra` (what
/// vars_for_template returned).
fn template_vars<E: OtreePages>(player: &Player<'_>, extra: Value) -> Result<Value> {
    let models = E::models();
    let info = player.info();

    let mut me = Map::new();
    if !models.player.iter().any(|f| f.name() == "payoff") {
        let payoff = Field::currency("payoff").initial(0);
        model_values(player.state(), std::slice::from_ref(&payoff), &mut me)?;
    }
    model_values(player.state(), &models.player, &mut me)?;
    me.insert("id_in_group".into(), json!(info.id_in_group));
    me.insert("round_number".into(), json!(info.round));

    let mut group = Map::new();
    model_values(player.group().state(), &models.group, &mut group)?;
    group.insert("id_in_subsession".into(), json!(info.group_id));
    group.insert("round_number".into(), json!(info.round));

    let mut participant = Map::new();
    model_values(player.participant(), &models.participant, &mut participant)?;
    participant.insert("id_in_group".into(), json!(info.id_in_group));
    participant.insert("id_in_session".into(), json!(info.participant_id));

    let mut out = Map::new();
    out.insert("player".into(), Value::Object(me));
    out.insert("group".into(), Value::Object(group));
    out.insert("participant".into(), Value::Object(participant));
    out.extend(session_vars::<E>(player.session(), info.round)?);
    if let Value::Object(extra) = extra {
        out.extend(extra);
    }
    Ok(Value::Object(out))
}

/// The variables every template of round `round` sees, pages' and the
/// admin report's: `subsession`, `session` (its fields and config), `C`
/// (and oTree 3's `Constants`).
pub(crate) fn session_vars<E: OtreePages>(
    session_scope: Scope<'_>,
    round: u32,
) -> Result<Map<String, Value>> {
    let config = match session_scope.get_raw("config")? {
        Some(text) => serde_json::from_str(&text)?,
        None => json!({}),
    };
    let mut session = Map::new();
    model_values(session_scope, &E::models().session, &mut session)?;
    session.insert("config".into(), config.clone());
    let constants = E::constants();
    let mut out = Map::new();
    out.insert(
        "subsession".into(),
        json!({"round_number": round, "config": config}),
    );
    out.insert("session".into(), Value::Object(session));
    out.insert("C".into(), constants.clone());
    out.insert("Constants".into(), constants);
    Ok(out)
}

/// The `pages.show` export: what `player`'s page `page` shows now.
#[doc(hidden)]
pub fn show<E: AsyncExperiment + OtreePages>(
    backend: &dyn Backend,
    page: &str,
    player: PlayerInfo,
) -> Result<PageView, String> {
    check_page::<E>(page)?;
    let player = Player::new(player, backend);
    let displayed = E::is_displayed(&player, page)?;
    // A wait page is shown by the host itself: only is_displayed counts.
    if !displayed
        || E::info()
            .find_page(page)
            .is_some_and(|p| p.kind == PageKind::Wait)
    {
        return Ok(PageView {
            page: page.to_owned(),
            displayed,
            variables: json!({}),
            js_vars: None,
            timeout_seconds: None,
            form_fields: Vec::new(),
        });
    }
    let extra = E::vars_for_template(&player, page)?;
    if !matches!(extra, Value::Object(_) | Value::Null) {
        return Err(format!(
            "page {page}: vars_for_template must return a JSON object (json!({{\"name\": value}})) or null, not {extra}"
        ));
    }
    let js_vars = E::js_vars(&player, page)?;
    if let Some(js) = &js_vars
        && !js.is_object()
    {
        return Err(format!(
            "page {page}: js_vars must return a JSON object (json!({{\"name\": value}})), not {js}"
        ));
    }
    let variables = template_vars::<E>(&player, extra)?;
    let timeout_seconds = E::timeout_seconds(&player, page)?;
    if let Some(t) = timeout_seconds
        && !t.is_finite()
    {
        return Err(format!(
            "page {page}: timeout_seconds must be a finite number of seconds, not {t}"
        ));
    }
    let (scope, fields) = form::<E>(&player, page)?;
    let declared = E::models();
    let mut form_fields = Vec::with_capacity(fields.len());
    for f in fields {
        let initial = declared
            .of(E::form_model(page))
            .iter()
            .find(|d| d.name() == f.name)
            .map(|d| d.initial_value().clone())
            .unwrap_or(Value::Null);
        let stored = match scope.get_raw(&f.name)? {
            Some(text) => serde_json::from_str(&text).map_err(Error::from)?,
            None => initial,
        };
        form_fields.push(ShownField {
            value: (!stored.is_null()).then(|| f.shown(&stored)),
            min: f.min.map(FormField::bound_json),
            max: f.max.map(FormField::bound_json),
            name: f.name,
            kind: f.kind,
            label: f.label,
            widget: f.widget,
            choices: f.choices,
            blank: f.blank,
            help_text: f.help_text,
        });
    }
    Ok(PageView {
        page: page.to_owned(),
        displayed: true,
        variables,
        js_vars,
        timeout_seconds,
        form_fields,
    })
}

/// The `pages.submit` export: oTree's checks of the form, then
/// `error_message`, then the values stored, then `before_next_page`.
#[doc(hidden)]
pub fn submit<E: AsyncExperiment + OtreePages>(
    backend: &dyn Backend,
    page: &str,
    player: PlayerInfo,
    form_json: &str,
) -> Result<(), FormErrors> {
    check_page::<E>(page)?;
    let submitted = Form::from_json(form_json)?;
    let player = Player::new(player, backend);
    let (scope, fields) = form::<E>(&player, page)?;
    let mut values = Values::new();
    let mut errors = Vec::new();
    for f in &fields {
        let (value, mut field_errors) = f.check(submitted.get(&f.name));
        if field_errors.is_empty()
            && let Some(text) = E::field_error_message(&player, &f.name, &value)?
        {
            field_errors.push(text);
        }
        errors.extend(field_errors.into_iter().map(|e| (f.name.clone(), e)));
        values.insert(f.name.clone(), value);
    }
    let mut whole = None;
    if errors.is_empty() {
        whole = E::error_message(&player, page, &values)?;
    }
    if !errors.is_empty() || whole.is_some() {
        return Err(FormErrors {
            fields: errors,
            form: whole,
        });
    }
    for (name, value) in &values {
        scope.set_raw(name, &value.to_string())?;
    }
    E::before_next_page(&player, page, false)?;
    Ok(())
}

/// The `pages.timed-out` export: the page's timeout passed. Fields that
/// pass their checks keep what the page held; the others (all of them if
/// `error_message` objects) get `timeout_submission`'s value or their
/// kind's default; then `before_next_page` with `timeout_happened`.
#[doc(hidden)]
pub fn timed_out<E: AsyncExperiment + OtreePages>(
    backend: &dyn Backend,
    page: &str,
    player: PlayerInfo,
    form_json: &str,
) -> Result<(), String> {
    check_page::<E>(page)?;
    let submitted = Form::from_json(form_json)?;
    let player = Player::new(player, backend);
    let (scope, fields) = form::<E>(&player, page)?;
    if !fields.is_empty() {
        let mut values = Values::new();
        let mut failed = Vec::new();
        for f in &fields {
            let (value, errors) = f.check(submitted.get(&f.name));
            let refused = !errors.is_empty()
                || !matches!(E::field_error_message(&player, &f.name, &value), Ok(None));
            if refused {
                failed.push(f.name.clone());
            }
            values.insert(f.name.clone(), value);
        }
        let whole = !matches!(E::error_message(&player, page, &values), Ok(None));
        let chosen = E::timeout_submission(&player, page)?;
        for f in &fields {
            let value = if whole || failed.contains(&f.name) {
                chosen
                    .get(&f.name)
                    .cloned()
                    .unwrap_or_else(|| f.timeout_default())
            } else {
                values.get(&f.name).cloned().unwrap_or(Value::Null)
            };
            scope.set_raw(&f.name, &value.to_string())?;
        }
    }
    E::before_next_page(&player, page, true)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    struct App;

    impl Experiment for App {
        fn info() -> Info {
            Info::new("my_app", 2)
                .page(Page::normal("Start", "{{ block content }}x{{ endblock }}"))
                .page(Page::wait("Wait"))
        }
    }

    impl OtreePages for App {
        fn templates() -> Vec<Template> {
            vec![Template::new("my_app/rules.html", "<p>rules</p>")]
        }
    }

    #[test]
    fn files_name_each_page_template_and_describe_is_one_app() {
        let files = files::<App>();
        assert_eq!(
            files.page_templates,
            [("Start".to_owned(), "my_app/Start.html".to_owned())]
        );
        assert_eq!(files.templates[0].0, "my_app/rules.html");
        assert_eq!(files.settings, "{}");
        let app = describe::<App>();
        assert_eq!(
            (
                app.name.as_str(),
                app.pages.len(),
                app.rounds,
                app.players_per_group
            ),
            ("my_app", 2, 1, 2)
        );
    }

    #[test]
    fn a_form_field_that_is_not_declared_is_named() {
        struct Bad;
        impl Experiment for Bad {
            fn info() -> Info {
                Info::new("bad", 1).page(Page::normal("A", "{{ block content }}{{ endblock }}"))
            }
        }
        impl OtreePages for Bad {
            fn form_fields(_: &Player, _: &str) -> Result<Vec<&'static str>> {
                Ok(vec!["age"])
            }
        }
        let mut h = crate::harness::Harness::<Bad>::new();
        let error = h.show(1).unwrap_err();
        assert!(
            error.contains("names \"age\", which is not a player field"),
            "{error}"
        );
        let errors = h.submit(1, json!({"age": "3"})).unwrap_err();
        assert!(errors.form.unwrap().contains("declare it"));
    }
}
