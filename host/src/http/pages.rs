//! Participant pages: `GET /p/{code}` renders where the participant is,
//! `POST /p/{code}` is oTree's next button (before-next, then the next
//! page). Also the index page at `/`.
//!
//! A page is the experiment's HTML body, rendered as a minijinja template,
//! inside the shell (`assets/shell.html`): `form#form` (posted by the next
//! button or by the page's own `document.getElementById("form").submit()`),
//! an empty `form#liveform`, and live.js. The variables a page body can use
//! are listed in README ("Page templates").

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use hyper::{Response, StatusCode};
use minijinja::{AutoEscape, Environment, Value, context};

use super::response::{Body, html, see_other};
use crate::experiment::{ExperimentInfo, PageKind};
use crate::live::{AdvanceError, LiveError, Livehost, ParticipantPage};

/// The host's own templates, and each experiment's compiled page bodies.
pub struct Templates {
    host: Environment<'static>,
    experiments: Mutex<HashMap<String, Arc<Environment<'static>>>>,
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // Every value a template prints is HTML-escaped, whatever its name.
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env
}

/// Compiles an experiment's page bodies; an error names the page.
pub fn compile_pages(info: &ExperimentInfo) -> Result<Environment<'static>, String> {
    let mut env = environment();
    for page in &info.pages {
        env.add_template_owned(page.name.clone(), page.body.clone())
            .map_err(|e| {
                format!(
                    "page {:?}: its HTML is not a valid template ({e}); fix the template syntax",
                    page.name
                )
            })?;
    }
    Ok(env)
}

impl Templates {
    pub fn new() -> Templates {
        let mut host = environment();
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

    fn pages(&self, sha: &str, info: &ExperimentInfo) -> Result<Arc<Environment<'static>>, String> {
        let mut map = self.experiments.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(env) = map.get(sha) {
            return Ok(env.clone());
        }
        let env = Arc::new(compile_pages(info)?);
        map.insert(sha.to_string(), env.clone());
        Ok(env)
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

    /// The participant's current page, with `error` shown above it.
    fn render(
        &self,
        code: &str,
        at: &ParticipantPage,
        error: Option<&str>,
    ) -> Result<String, String> {
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
        let (body, next_button) = if page.kind == PageKind::Wait {
            (self.render_host("wait.html", base.clone())?, false)
        } else {
            let pages = self.pages(&at.sha, info)?;
            let body = pages
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

/// `GET /p/{code}`.
pub async fn show(host: &Livehost, templates: &Templates, code: &str) -> Response<Body> {
    let at = match host.participant_page(code).await {
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
    error: Option<&str>,
    status: StatusCode,
) -> Response<Body> {
    match templates.render(code, at, error) {
        Ok(page) => html(status, page),
        Err(e) => templates.notice(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The page could not be shown",
            &e,
        ),
    }
}

/// `POST /p/{code}`: the form's fields become a JSON object of strings for
/// before-next (the shell's own `_page` and `_round` fields excepted). A
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
    let (mut page, mut round) = (None, None);
    for (k, v) in form_urlencoded::parse(form) {
        match &*k {
            "_page" => page = Some(v.into_owned()),
            "_round" => round = v.parse::<u32>().ok(),
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
    let form = serde_json::Value::Object(fields).to_string();
    match host.advance_group(code, &form).await {
        Ok(_) | Err(AdvanceError::Waiting) | Err(AdvanceError::Live(LiveError::SessionClosed)) => {
            see_other(&here)
        }
        Err(AdvanceError::Refused(text)) => {
            page_response(templates, code, &at, Some(&text), StatusCode::OK)
        }
        Err(AdvanceError::Live(LiveError::UnknownParticipant)) => {
            live_error_page(templates, &LiveError::UnknownParticipant)
        }
        Err(e) => page_response(
            templates,
            code,
            &at,
            Some(&e.to_string()),
            StatusCode::SERVICE_UNAVAILABLE,
        ),
    }
}
