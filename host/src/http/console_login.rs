//! Who may use the researcher console (`/admin`): logins made with the
//! admin token, carried by a cookie, and the checks that keep another site
//! from acting through a logged-in browser.
//!
//! - Logging in with the admin token makes a login: a random 256-bit id,
//!   sent once as the cookie `livehost_console` (`HttpOnly`, so page
//!   scripts cannot read it; `SameSite=Strict`, so no other site's page
//!   makes the browser send it; `Path=/admin`; `Secure` when the request
//!   came in at the host's https public URL). The host keeps only the
//!   id's SHA-256, in memory: a restart logs everybody out.
//! - Every login has a CSRF token of its own. Every form the console posts
//!   carries it as the field `csrf`, scripts send it as the header
//!   `X-CSRF-Token`; a POST without the right one is refused. A request
//!   whose `Origin` is another site is refused too (the console's
//!   websocket must send its `Origin`).
//! - Logins end after [`LIFETIME`], on logout, or at restart.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use hyper::HeaderMap;
use hyper::header::{HOST, HeaderValue, ORIGIN};
use rand::RngExt;
use sha2::{Digest, Sha256};

/// The login cookie's name.
pub const COOKIE_NAME: &str = "livehost_console";
/// The header a console script sends its CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The form field a console form sends its CSRF token in.
pub const CSRF_FIELD: &str = "csrf";
/// How long a login lasts.
pub const LIFETIME: Duration = Duration::from_secs(12 * 3600);
/// Most logins kept at once; the oldest is dropped for a new one.
const MAX_LOGINS: usize = 1000;

/// A logged-in browser.
#[derive(Debug, Clone)]
pub struct Login {
    /// The token its forms and scripts must send back.
    pub csrf: String,
    started: Instant,
    /// The SHA-256 of its cookie id: its key here.
    key: [u8; 32],
}

/// The logins in force.
#[derive(Default)]
pub struct ConsoleLogins {
    by_id_sha: Mutex<HashMap<[u8; 32], Login>>,
}

/// `bytes` random bytes from the operating system's generator, as hex.
pub(super) fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill(&mut buf[..]);
    hex::encode(buf)
}

fn sha(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

impl ConsoleLogins {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], Login>> {
        self.by_id_sha.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A new login; returns its cookie id (sent once) and the login.
    pub fn start(&self) -> (String, Login) {
        let id = random_hex(32);
        let login = Login {
            csrf: random_hex(32),
            started: Instant::now(),
            key: sha(&id),
        };
        let mut map = self.lock();
        map.retain(|_, l| l.started.elapsed() < LIFETIME);
        if map.len() >= MAX_LOGINS
            && let Some(oldest) = map.iter().min_by_key(|(_, l)| l.started).map(|(k, _)| *k)
        {
            map.remove(&oldest);
        }
        map.insert(login.key, login.clone());
        (id, login)
    }

    /// The request's login, if its cookie names one in force.
    pub fn find(&self, headers: &HeaderMap) -> Option<Login> {
        let id = super::cookie(headers, COOKIE_NAME)?;
        let key = sha(&id);
        let mut map = self.lock();
        match map.get(&key) {
            Some(l) if l.started.elapsed() < LIFETIME => Some(l.clone()),
            Some(_) => {
                map.remove(&key);
                None
            }
            None => None,
        }
    }

    /// Whether a login is still in force (not ended, not expired).
    pub fn active(&self, login: &Login) -> bool {
        login.started.elapsed() < LIFETIME && self.lock().contains_key(&login.key)
    }

    /// Ends a login (logout).
    pub fn end(&self, login: &Login) {
        self.lock().remove(&login.key);
    }
}

impl Login {
    /// Whether `sent` is this login's CSRF token (compared by digest, so the
    /// time taken says nothing about the token).
    pub fn csrf_matches(&self, sent: &str) -> bool {
        sha(sent.trim()) == sha(&self.csrf)
    }
}

/// The `Set-Cookie` value that carries a new login.
pub fn login_cookie(id: &str, secure: bool) -> Option<HeaderValue> {
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}={id}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age={}{}",
        LIFETIME.as_secs(),
        if secure { "; Secure" } else { "" }
    ))
    .ok()
}

/// The `Set-Cookie` value that removes the login cookie (the login itself
/// has ended on the host already).
pub fn logout_cookie() -> HeaderValue {
    HeaderValue::from_static("livehost_console=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// Whether the request comes from the console's own pages: its `Origin`,
/// when it has one (browsers send it with every POST and websocket), is
/// this host as the request reached it (the request's own `Host`) or as
/// participants reach it (`public_url`: a console opened through an SSH
/// tunnel and one opened at the lab's address both work). With
/// `required`, a request without `Origin` is refused too.
pub fn same_origin(headers: &HeaderMap, public_url: Option<&str>, required: bool) -> bool {
    let Some(origin) = headers.get(ORIGIN).and_then(|v| v.to_str().ok()) else {
        return !required;
    };
    let origin = origin.trim_end_matches('/');
    if public_url.is_some_and(|url| origin.eq_ignore_ascii_case(url.trim_end_matches('/'))) {
        return true;
    }
    let Some(host) = headers.get(HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    // Behind a proxy that ends TLS the scheme may differ; the host must not.
    origin
        .split_once("://")
        .is_some_and(|(_, h)| h.eq_ignore_ascii_case(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        h
    }

    #[test]
    fn the_origin_must_be_this_host() {
        let public = Some("https://lab.example.org");
        let tunnel = headers(&[
            ("host", "127.0.0.1:8000"),
            ("origin", "http://127.0.0.1:8000"),
        ]);
        assert!(same_origin(&tunnel, None, true));
        assert!(
            same_origin(&tunnel, public, true),
            "an SSH tunnel's console works"
        );
        let proxied = headers(&[
            ("host", "lab.example.org"),
            ("origin", "https://lab.example.org"),
        ]);
        assert!(same_origin(&proxied, public, true));
        let forged = headers(&[
            ("host", "lab.example.org"),
            ("origin", "https://evil.example"),
        ]);
        assert!(!same_origin(&forged, public, false));
        assert!(!same_origin(&forged, None, false));
        let lookalike = headers(&[
            ("host", "lab.example.org"),
            ("origin", "https://lab.example.org.evil.example"),
        ]);
        assert!(!same_origin(&lookalike, public, false));
        let none = headers(&[("host", "lab.example.org")]);
        assert!(
            same_origin(&none, public, false),
            "forms: Origin is optional"
        );
        assert!(
            !same_origin(&none, public, true),
            "the websocket must send it"
        );
    }

    #[test]
    fn a_login_is_found_by_its_cookie_until_it_ends() {
        let logins = ConsoleLogins::default();
        let (id, login) = logins.start();
        let cookie = login_cookie(&id, true).unwrap();
        let cookie = cookie.to_str().unwrap();
        for flag in ["HttpOnly", "SameSite=Strict", "Path=/admin", "Secure"] {
            assert!(cookie.contains(flag), "{flag} in {cookie}");
        }
        let request = headers(&[("cookie", &format!("other=1; {COOKIE_NAME}={id}"))]);
        let found = logins.find(&request).expect("the login");
        assert!(found.csrf_matches(&login.csrf));
        assert!(!found.csrf_matches("something else"));
        let other_digit = if id.starts_with('0') { '1' } else { '0' };
        let wrong = headers(&[(
            "cookie",
            &format!("{COOKIE_NAME}={other_digit}{}", &id[1..]),
        )]);
        assert!(logins.find(&wrong).is_none());
        logins.end(&found);
        assert!(logins.find(&request).is_none());
    }
}
