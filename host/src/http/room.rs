//! `GET, POST /room/{session}`: the session's room link, one address for
//! every participant ([`crate::live::Livehost::seat_in_room`]).
//!
//! The link shows a page with one button; pressing it (a POST, so that a
//! link preview or prefetch takes nobody's place) hands the browser the
//! next free participant and sends it on to their own page. The page
//! carries a random arrival id: pressing again (a double click, a resent
//! form) within [`REMEMBER`] returns the same participant instead of
//! taking a second place. The browser
//! keeps its participant in a cookie (`livehost_room_{session}`, for the
//! room's path only), so opening the room link again returns to the same
//! participant instead of taking another place.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hyper::body::Incoming;
use hyper::header::{HeaderValue, SET_COOKIE};
use hyper::{HeaderMap, Request, Response, StatusCode};

use super::App;
use super::response::{Body, see_other};
use crate::live::RoomError;

/// How long a browser keeps its place (30 days).
const KEEP_SECS: u64 = 30 * 24 * 3600;
/// How long an arrival id is remembered.
pub const REMEMBER: Duration = Duration::from_secs(600);

/// Recent arrivals: `session/arrival id` -> the participant handed to it.
/// Seating holds the lock, so two presses of one page are seated one after
/// the other and the second finds the first's participant.
#[derive(Default)]
pub struct Arrivals {
    seated: Arc<tokio::sync::Mutex<HashMap<String, (String, Instant)>>>,
}

/// An arrival id as the join page sends it: 32 hex digits.
fn valid_arrival(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

fn cookie_name(session: &str) -> String {
    format!("livehost_room_{session}")
}

/// The participant this browser was seated as, if it still belongs to the
/// session.
fn seated(app: &App, headers: &HeaderMap, session: &str) -> Option<String> {
    let code = super::cookie(headers, &cookie_name(session))?;
    let record = app.host.participant_record(&code).ok().flatten()?;
    (record.session == session).then_some(code)
}

fn refused(app: &App, e: &RoomError) -> Response<Body> {
    let (status, title) = match e {
        RoomError::UnknownSession(_) => (StatusCode::NOT_FOUND, "Unknown link"),
        RoomError::Closed => (StatusCode::GONE, "This session is closed"),
        RoomError::Full => (StatusCode::CONFLICT, "This session is full"),
        RoomError::AddressFull(_) => (StatusCode::TOO_MANY_REQUESTS, "No more places from here"),
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
    match app.host.session(session) {
        Ok(Some(s)) if s.closed_ms.is_none() => {
            let name = app
                .host
                .experiment_record(&s.experiment)
                .ok()
                .flatten()
                .map(|e| e.info.name)
                .unwrap_or_default();
            app.templates.host_page(
                StatusCode::OK,
                "room.html",
                minijinja::context! {
                    session => session,
                    experiment => name,
                    arrival => super::console_login::random_hex(16),
                },
            )
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
    let client = app.client(&req);
    let form = match app.read_body(req.into_body(), 4096, "form").await {
        Ok(f) => f,
        Err(e) => {
            return app
                .templates
                .notice(e.status, "The form was not accepted", &e.text);
        }
    };
    let arrival = super::encoded_value(&form, "arrival").filter(|a| valid_arrival(a));
    let Some(arrival) = arrival else {
        return app.templates.notice(
            StatusCode::BAD_REQUEST,
            "Please start again",
            "This page is out of date: open the room link again and press Start.",
        );
    };
    // Seated on a task of its own: if the browser gives up meanwhile (a
    // reload, a lost connection), the seat is still remembered for its
    // arrival id, and pressing again finds it.
    let seating = tokio::spawn({
        let arrivals = app.room_arrivals.seated.clone();
        let app = app.clone();
        let (key, session) = (format!("{session}/{arrival}"), session.to_string());
        async move {
            let mut arrivals = arrivals.lock_owned().await;
            arrivals.retain(|_, (_, at)| at.elapsed() < REMEMBER);
            if let Some((code, _)) = arrivals.get(&key) {
                return Ok(code.clone());
            }
            // One address takes at most so many seats: a script cannot
            // empty the session; a lab's machines behind one NAT fit.
            let max = app.options.room_seats_per_address;
            if !app.per_address.seat(&session, client, max) {
                tracing::warn!(session = %session, "room link: one address took its most seats");
                return Err(RoomError::AddressFull(max));
            }
            let code = match app.host.seat_in_room(&session).await {
                Ok(code) => code,
                Err(e) => {
                    app.per_address.unseat(&session, client);
                    return Err(e);
                }
            };
            // The code is the participant's credential: it stays out of
            // the log.
            tracing::info!(session = %session, "a participant joined through the room link");
            arrivals.insert(key, (code.clone(), Instant::now()));
            Ok::<String, RoomError>(code)
        }
    });
    let code = match seating.await {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => return refused(app, &e),
        Err(e) => {
            return refused(
                app,
                &RoomError::Store(crate::store::StoreError::Io(format!(
                    "the seating task failed: {e}"
                ))),
            );
        }
    };
    let mut r = see_other(&format!("/p/{code}"));
    // Lax: the cookie comes along when the room link is opened from
    // another site (an e-mail, a recruitment page).
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{}={code}; Path=/room/{session}; HttpOnly; SameSite=Lax; Max-Age={KEEP_SECS}",
        cookie_name(session)
    )) {
        r.headers_mut().insert(SET_COOKIE, v);
    }
    r
}
