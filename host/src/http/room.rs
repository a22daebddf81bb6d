//! `GET, POST /room/{session}`: the session's room link, one address for
//! every participant ([`crate::live::Livehost::seat_in_room`]).
//!
//! The link shows a page with one button; pressing it (a POST, so that a
//! link preview or prefetch takes nobody's place) hands the browser the
//! next free participant and sends it on to their own page. The browser
//! keeps its participant in a cookie (`livehost_room_{session}`, for the
//! room's path only), so opening the room link again returns to the same
//! participant instead of taking another place.

use std::sync::Arc;

use hyper::body::Incoming;
use hyper::header::{HeaderValue, SET_COOKIE};
use hyper::{HeaderMap, Request, Response, StatusCode};

use super::App;
use super::response::{Body, html, see_other};
use crate::live::RoomError;

/// How long a browser keeps its place (30 days).
const KEEP_SECS: u64 = 30 * 24 * 3600;

fn cookie_name(session: &str) -> String {
    format!("livehost_room_{session}")
}

/// The participant this browser was seated as, if it still belongs to the
/// session.
fn seated(app: &App, headers: &HeaderMap, session: &str) -> Option<String> {
    let code = super::cookie(headers, &cookie_name(session))?;
    let record = app.host.store().participant(&code).ok().flatten()?;
    (record.session == session).then_some(code)
}

fn refused(app: &App, e: &RoomError) -> Response<Body> {
    let (status, title) = match e {
        RoomError::UnknownSession(_) => (StatusCode::NOT_FOUND, "Unknown link"),
        RoomError::Closed => (StatusCode::GONE, "This session is closed"),
        RoomError::Full => (StatusCode::CONFLICT, "This session is full"),
        RoomError::Store(_) => (StatusCode::SERVICE_UNAVAILABLE, "Please try again"),
    };
    app.templates.notice(status, title, &e.to_string())
}

/// `GET /room/{session}`: the join page, or straight on for a browser
/// that has its participant.
pub fn show(app: &Arc<App>, req: &Request<Incoming>, session: &str) -> Response<Body> {
    if let Some(code) = seated(app, req.headers(), session) {
        return see_other(&format!("/p/{code}"));
    }
    match app.host.store().session(session) {
        Ok(Some(s)) if s.closed_ms.is_none() => {
            let name = app
                .host
                .store()
                .experiment(&s.experiment)
                .ok()
                .flatten()
                .map(|e| e.info.name)
                .unwrap_or_default();
            match app.templates.render_host(
                "room.html",
                minijinja::context! { session => session, experiment => name },
            ) {
                Ok(page) => html(StatusCode::OK, page),
                Err(e) => html(StatusCode::INTERNAL_SERVER_ERROR, e),
            }
        }
        Ok(Some(_)) => refused(app, &RoomError::Closed),
        Ok(None) => refused(app, &RoomError::UnknownSession(session.to_string())),
        Err(e) => refused(app, &RoomError::Store(e)),
    }
}

/// `POST /room/{session}`: takes a place and goes to its page.
pub async fn join(app: &Arc<App>, req: Request<Incoming>, session: &str) -> Response<Body> {
    if let Some(code) = seated(app, req.headers(), session) {
        return see_other(&format!("/p/{code}"));
    }
    match app.host.seat_in_room(session).await {
        Ok(code) => {
            tracing::info!(session = %session, participant = %code, "a participant joined through the room link");
            let mut r = see_other(&format!("/p/{code}"));
            // Lax: the cookie comes along when the room link is opened
            // from another site (an e-mail, a recruitment page).
            if let Ok(v) = HeaderValue::from_str(&format!(
                "{}={code}; Path=/room/{session}; HttpOnly; SameSite=Lax; Max-Age={KEEP_SECS}",
                cookie_name(session)
            )) {
                r.headers_mut().insert(SET_COOKIE, v);
            }
            r
        }
        Err(e) => refused(app, &e),
    }
}
