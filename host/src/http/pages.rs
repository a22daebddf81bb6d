//! Participant pages: `GET /p/{code}` renders where the participant is,
//! `POST /p/{code}` is oTree's next button (before-next, then the next
//! page). Also the index page at `/`.
//!
//! A page of an experiment with oTree pages is its oTree template, rendered
//! with what the page methods gave, in oTree's layout
//! ([`crate::experiment_pages`]). Any other page is the experiment's HTML
//! body, rendered as a minijinja template, inside the shell
//! (`assets/shell.html`): `form#form` (posted by the next button or by the
//! page's own `document.getElementById("form").submit()`), an empty
//! `form#liveform`, and live.js. The variables a page body can use are
//! listed in README ("Page templates").

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use hyper::{Response, StatusCode};
use minijinja::{Environment, Value, context};

use super::response::{Body, html, see_other};
use crate::experiment::{ExperimentInfo, PageKind};
use crate::experiment_pages::{ExperimentPages, native_environment};
use crate::live::{AdvanceError, LiveError, Livehost, ParticipantPage};
use crate::page_template::{self, ChatShell, OtreeTemplates, Shell};

/// The host's own templates, and each experiment's compiled pages.
pub struct Templates {
    host: Environment<'static>,
    experiments: Mutex<HashMap<String, Arc<ExperimentPages>>>,
}

impl Templates {
    pub fn new() -> Templates {
        let mut host = native_environment();
        for (name, source) in [
            ("shell.html", include_str!("../../assets/shell.html")),
            ("wait.html", include_str!("../../assets/wait.html")),
            ("finished.html", include_str!("../../assets/finished.html")),
            ("closed.html", include_str!("../../assets/closed.html")),
            ("notice.html", include_str!("../../assets/notice.html")),
            ("index.html", include_str!("../../assets/index.html")),
            ("room.html", include_str!("../../assets/room.html")),
            (
                "console/base.html",
                include_str!("../../assets/console/base.html"),
            ),
            (
                "console/login.html",
                include_str!("../../assets/console/login.html"),
            ),
            (
                "console/error.html",
                include_str!("../../assets/console/error.html"),
            ),
            (
                "console/experiments.html",
                include_str!("../../assets/console/experiments.html"),
            ),
            (
                "console/sessions.html",
                include_str!("../../assets/console/sessions.html"),
            ),
            (
                "console/session.html",
                include_str!("../../assets/console/session.html"),
            ),
        ] {
            // The host's templates are part of the binary; a syntax error in
            // them would fail every test that renders a page.
            if let Err(e) = host.add_template(name, source) {
                tracing::error!(template = name, error = %e, "a built-in template does not compile");
            }
        }
        Templates {
            host,
            experiments: Mutex::new(HashMap::new()),
        }
    }

    pub(super) fn pages(
        &self,
        sha: &str,
        info: &ExperimentInfo,
    ) -> Result<Arc<ExperimentPages>, String> {
        let mut map = self.experiments.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(pages) = map.get(sha) {
            return Ok(pages.clone());
        }
        let pages = Arc::new(ExperimentPages::compile(info)?);
        map.insert(sha.to_string(), pages.clone());
        Ok(pages)
    }

    /// Renders one of the host's own templates (`assets/`).
    pub(super) fn render_host(&self, name: &str, ctx: Value) -> Result<String, String> {
        self.host
            .get_template(name)
            .and_then(|t| t.render(ctx))
            .map_err(|e| format!("the page could not be rendered ({e})"))
    }

    /// One of the host's own pages with `status`; a 500 that says why if
    /// it cannot be rendered.
    pub(super) fn host_page(&self, status: StatusCode, name: &str, ctx: Value) -> Response<Body> {
        match self.render_host(name, ctx) {
            Ok(page) => html(status, page),
            Err(e) => html(StatusCode::INTERNAL_SERVER_ERROR, e),
        }
    }

    /// A page that only says something (unknown link, an error).
    pub fn notice(&self, status: StatusCode, title: &str, text: &str) -> Response<Body> {
        self.host_page(status, "notice.html", context! { title, text })
    }

    pub fn index(&self, ctx: Value) -> Response<Body> {
        self.host_page(StatusCode::OK, "index.html", ctx)
    }

    /// The participant's current page, with `refusal` (why a press of next
    /// did not move them) shown on it.
    fn render(
        &self,
        code: &str,
        at: &ParticipantPage,
        refusal: Option<&Refusal<'_>>,
    ) -> Result<String, String> {
        let error = refusal.map(|r| r.text.as_str());
        let p = &at.position;
        let info = &at.info;
        let player = context! {
            id_in_group => p.id_in_group,
            round_number => p.round,
            participant_id => p.participant_id,
            group_id => p.group_id,
        };
        let base = context! {
            player,
            group => context! { id => p.group_id, id_in_subsession => p.group_id },
            participant => context! { code, id => p.participant_id, id_in_session => p.participant_id },
            session => context! { code => &*at.session },
            round_number => p.round,
            num_rounds => info.rounds,
            experiment => context! { name => &info.name, players_per_group => info.players_per_group, rounds => info.rounds },
        };
        if at.closed {
            return self.render_host("closed.html", base);
        }
        if p.finished {
            return self.render_host("finished.html", base);
        }
        let Some(page) = info.page(p.page_index) else {
            return Err("the participant's page is not in the experiment".into());
        };
        let pages = self.pages(&at.sha, info)?;
        // An oTree wait page: its own template, or oTree's wait page with
        // its title_text and body_text (or oTree's words), in the layout.
        if page.kind == PageKind::Wait
            && pages.otree_page(&page.name).is_none()
            && let Some(otree) = pages.otree()
        {
            let shell = Shell {
                participant_code: code.to_string(),
                page_name: page.name.clone(),
                round_number: p.round,
                error: None,
                js_vars: None,
                live: false,
                form_fields_error: None,
                seconds_left: None,
                form: Vec::new(),
                static_base: format!("/static/e/{}/", at.sha),
                chat: None,
            };
            return otree
                .render_wait(
                    "Please wait",
                    wait_body(info, &page.name, at.participants),
                    &shell,
                )
                .map_err(|e| format!("page {:?} could not be rendered: {e}", page.name));
        }
        if let Some((otree, template)) = pages.otree_page(&page.name) {
            let shell = Shell {
                participant_code: code.to_string(),
                page_name: page.name.clone(),
                round_number: p.round,
                error: error.map(str::to_string),
                js_vars: at.view.as_ref().and_then(|v| v.js_vars.clone()),
                live: page.kind == PageKind::Live,
                form_fields_error: None,
                seconds_left: seconds_left(at),
                form: form_fields(otree, at, refusal),
                static_base: format!("/static/e/{}/", at.sha),
                chat: Some(ChatShell {
                    key: at.chat_key.clone(),
                    participant_id: p.participant_id,
                    scope: format!("a{}", p.app),
                    group_channel: format!("a{}-g{}-r{}", p.app, p.group_id, p.round),
                }),
            };
            let vars = otree_variables(at, code)?;
            return otree
                .render(template, &vars, &shell)
                .map_err(|e| format!("page {:?} could not be rendered: {e}", page.name));
        }
        let (body, next_button) = if page.kind == PageKind::Wait {
            let by_arrival = info.hooks.group_by_arrival_time.contains(&page.name);
            let ctx = context! { by_arrival, ..base.clone() };
            (self.render_host("wait.html", ctx)?, false)
        } else {
            let body = pages
                .native()
                .get_template(&page.name)
                .and_then(|t| t.render(base.clone()))
                .map_err(|e| {
                    format!(
                        "page {:?} could not be rendered ({e}); fix its template",
                        page.name
                    )
                })?;
            (body, page.next_button)
        };
        let title = if page.kind == PageKind::Wait {
            "Please wait"
        } else {
            page.name.as_str()
        };
        self.render_host(
            "shell.html",
            context! {
                ..base,
                ..context! {
                    title,
                    page_name => &page.name,
                    body => Value::from_safe_string(body),
                    next_button,
                    error,
                    seconds_left => seconds_left(at),
                }
            },
        )
    }
}

impl Default for Templates {
    fn default() -> Self {
        Templates::new()
    }
}

/// Why a press of next did not move the participant, shown on the page
/// again: a text above the form and, for a refused form, each field's
/// errors and what was entered.
struct Refusal<'a> {
    text: String,
    fields: &'a [(String, String)],
    submitted: Option<&'a serde_json::Map<String, serde_json::Value>>,
}

impl Refusal<'_> {
    fn text(text: String) -> Refusal<'static> {
        Refusal {
            text,
            fields: &[],
            submitted: None,
        }
    }
}

/// The page's form fields as its template shows them: as the experiment
/// described them, or, after a refused submit, with what the participant
/// entered and each field's errors (several are shown as oTree shows
/// them, one after the other).
fn form_fields(
    otree: &OtreeTemplates,
    at: &ParticipantPage,
    refusal: Option<&Refusal<'_>>,
) -> Vec<page_template::FormField> {
    let Some(view) = &at.view else {
        return Vec::new();
    };
    let json = |text: &str| serde_json::from_str::<serde_json::Value>(text).ok();
    view.form_fields
        .iter()
        .map(|f| {
            let errors: Vec<&str> = refusal
                .map(|r| {
                    r.fields
                        .iter()
                        .filter(|(name, _)| *name == f.name)
                        .map(|(_, e)| e.as_str())
                        .collect()
                })
                .unwrap_or_default();
            let value = match refusal.and_then(|r| r.submitted) {
                Some(submitted) => submitted.get(&f.name).cloned(),
                None => f.value.as_deref().and_then(json),
            };
            page_template::FormField {
                name: f.name.clone(),
                kind: f.kind,
                label: f.label.clone(),
                widget: f.widget,
                choices: f.choices.as_ref().map(|choices| {
                    choices
                        .iter()
                        .map(|(value, label)| {
                            let label = match json(label) {
                                Some(serde_json::Value::String(s)) => s,
                                Some(other) => otree.display(&other),
                                None => label.clone(),
                            };
                            (json(value).unwrap_or(serde_json::Value::Null), label)
                        })
                        .collect()
                }),
                min: f.min.as_deref().and_then(json),
                max: f.max.as_deref().and_then(json),
                blank: f.blank,
                value,
                error: (!errors.is_empty()).then(|| errors.join("<br/>")),
                help_text: f.help_text.clone(),
            }
        })
        .collect()
}

/// The seconds left until the page's deadline, by the host's clock, if it
/// has one.
fn seconds_left(at: &ParticipantPage) -> Option<f64> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    at.deadline_ms
        .map(|deadline| deadline.saturating_sub(now) as f64 / 1000.0)
}

/// The variables of an oTree page: what the page methods gave, with what
/// only the host knows (the participant's code and number, the session's
/// code) added to `participant` and `session`.
fn otree_variables(at: &ParticipantPage, code: &str) -> Result<serde_json::Value, String> {
    let mut vars = match &at.view {
        Some(view) => serde_json::from_str(&view.variables)
            .map_err(|e| format!("the experiment's page variables are not a JSON object ({e})"))?,
        None => serde_json::Value::Object(Default::default()),
    };
    let Some(map) = vars.as_object_mut() else {
        return Err("the experiment's page variables are not a JSON object".into());
    };
    let mut add = |name: &str, key: &str, value: serde_json::Value| {
        let entry = map
            .entry(name.to_string())
            .or_insert_with(|| serde_json::Value::Object(Default::default()));
        if let Some(object) = entry.as_object_mut() {
            object.insert(key.to_string(), value);
        }
    };
    add("participant", "code", code.into());
    add(
        "participant",
        "id_in_session",
        at.position.participant_id.into(),
    );
    add("session", "code", (*at.session).into());
    Ok(vars)
}

fn live_error_page(templates: &Templates, e: &LiveError) -> Response<Body> {
    match e {
        LiveError::UnknownParticipant => templates.notice(
            StatusCode::NOT_FOUND,
            "Unknown link",
            "This participant link is not valid. Check that you opened the whole link you were given.",
        ),
        other => templates.notice(
            StatusCode::SERVICE_UNAVAILABLE,
            "The page could not be shown",
            &format!("{other}. Reload the page in a moment."),
        ),
    }
}

/// What oTree's wait page says by default: that it forms groups, or whom
/// it waits for (the whole round's players, or the group's).
fn wait_body(info: &ExperimentInfo, page: &str, participants: u32) -> &'static str {
    if info.hooks.group_by_arrival_time.iter().any(|p| p == page) {
        return "Waiting to form a group with other participants.";
    }
    let group = info
        .app_list()
        .iter()
        .find(|a| a.pages.iter().any(|p| p == page))
        .map_or(0, |a| a.players_per_group);
    let all = info.hooks.wait_for_all_groups.iter().any(|p| p == page);
    let waiting_for = if all || group == 0 {
        participants
    } else {
        group
    };
    match waiting_for.saturating_sub(1) {
        0 => "",
        1 => "Waiting for the other participant.",
        _ => "Waiting for the other participants.",
    }
}

/// `GET /p/{code}`.
pub async fn show(host: &Livehost, templates: &Templates, code: &str) -> Response<Body> {
    let at = match host.show_page(code).await {
        Ok(at) => at,
        Err(e) => return live_error_page(templates, &e),
    };
    host.page_views().touch(code);
    page_response(templates, code, &at, None, StatusCode::OK)
}

fn page_response(
    templates: &Templates,
    code: &str,
    at: &ParticipantPage,
    refusal: Option<&Refusal<'_>>,
    status: StatusCode,
) -> Response<Body> {
    match templates.render(code, at, refusal) {
        Ok(page) => super::response::participant_page(html(status, page)),
        Err(e) => templates.notice(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The page could not be shown",
            &e,
        ),
    }
}

/// `POST /p/{code}`: the form's fields become a JSON object of strings for
/// before-next (the shell's own `_page`, `_round` and `_timeout` fields
/// excepted). A page submitted by its timer (`_timeout=1`) times out, if
/// its deadline has passed; otherwise it is an ordinary press of next. A
/// form posted from a page the participant has left (a double click, an
/// old tab) does not move them again: they are shown where they are.
pub async fn next(
    host: &Livehost,
    templates: &Templates,
    code: &str,
    form: &[u8],
) -> Response<Body> {
    let at = match host.participant_page(code).await {
        Ok(at) => at,
        Err(e) => return live_error_page(templates, &e),
    };
    let here = format!("/p/{code}");
    let mut fields = serde_json::Map::new();
    let (mut page, mut round, mut timeout) = (None, None, false);
    for (k, v) in form_urlencoded::parse(form) {
        match &*k {
            "_page" => page = Some(v.into_owned()),
            "_round" => round = v.parse::<u32>().ok(),
            // The page's own timer submitted it at the deadline.
            "_timeout" => timeout = v == "1",
            _ => {
                fields.insert(k.into_owned(), serde_json::Value::String(v.into_owned()));
            }
        }
    }
    let p = &at.position;
    // A closed session's page says so; a stale form moves nobody.
    if at.closed || p.finished || page.as_deref() != p.page.as_deref() || round != Some(p.round) {
        return see_other(&here);
    }
    let submitted = fields;
    let form = serde_json::Value::Object(submitted.clone()).to_string();
    if timeout {
        match host
            .time_out(code, crate::live::TimeoutTrigger::Page, &form)
            .await
        {
            Err(AdvanceError::NotTimedOut) => {}
            Ok(_) | Err(AdvanceError::Live(LiveError::SessionClosed)) => return see_other(&here),
            Err(e) => {
                return page_response(
                    templates,
                    code,
                    &at,
                    Some(&Refusal::text(e.to_string())),
                    StatusCode::SERVICE_UNAVAILABLE,
                );
            }
        }
    }
    match host.advance_group(code, &form).await {
        // Moved on meanwhile (a wait page released them): their page now.
        Ok(_)
        | Err(AdvanceError::Waiting)
        | Err(AdvanceError::Live(LiveError::SessionClosed | LiveError::MovedOn)) => {
            see_other(&here)
        }
        Err(AdvanceError::Refused(text)) => {
            // Shown again with its variables as they are now.
            let at = match host.show_page(code).await {
                Ok(again) => again,
                Err(_) => at,
            };
            page_response(
                templates,
                code,
                &at,
                Some(&Refusal::text(text)),
                StatusCode::OK,
            )
        }
        Err(AdvanceError::Form(errors)) => {
            // oTree shows the page again with what was entered.
            let at = match host.show_page(code).await {
                Ok(again) => again,
                Err(_) => at,
            };
            let refusal = Refusal {
                text: errors.form.clone().unwrap_or_default(),
                fields: &errors.fields,
                submitted: Some(&submitted),
            };
            page_response(templates, code, &at, Some(&refusal), StatusCode::OK)
        }
        Err(AdvanceError::Live(LiveError::UnknownParticipant)) => {
            live_error_page(templates, &LiveError::UnknownParticipant)
        }
        Err(e) => page_response(
            templates,
            code,
            &at,
            Some(&Refusal::text(e.to_string())),
            StatusCode::SERVICE_UNAVAILABLE,
        ),
    }
}
