//! Who may use the researcher console (`/admin`): logins made with the
//! admin token, carried by a cookie, and the checks that keep another site
//! from acting through a logged-in browser.
//!
//! - Logging in with the admin token makes a login: the cookie
//!   `livehost_console` (`HttpOnly`, so page scripts cannot read it;
//!   `SameSite=Strict`, so no other site's page makes the browser send it;
//!   `Path=/admin`; `Secure` when the request came in at the host's https
//!   public URL) holds its expiry, 128 random bits, and an HMAC-SHA256 of
//!   both under the login key. A login is whatever cookie that key signed:
//!   the host keeps no list of logins, only of those ended early.
//! - The login key is derived from the admin token when the host was given
//!   it (`--admin-token`, `--admin-token-file`): every node of a cluster
//!   shares the token, so a login made on one node is good on all of them
//!   (the proxy sends each console page to the node that keeps its
//!   session), and a restart keeps researchers logged in. A host that knows
//!   only the token's hash draws a random key at each start: a restart logs
//!   everybody out.
//! - Every login has a CSRF token of its own, an HMAC of its random part.
//!   Every form the console posts carries it as the field `csrf`, scripts
//!   send it as the header `X-CSRF-Token`; a POST without the right one is
//!   refused. A request whose `Origin` is another site is refused too (the
//!   console's websocket must send its `Origin`).
//! - Logins end after [`LIFETIME`], or on logout (on the node that logged
//!   out, which refuses the cookie from then on; the browser drops it).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use hmac::{Hmac, Mac};
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
/// Most logins ended early that are remembered at once (each until it
/// would have expired); past it the oldest is forgotten.
const MAX_ENDED: usize = 10_000;

type HmacSha256 = Hmac<Sha256>;

/// A logged-in browser.
#[derive(Debug, Clone)]
pub struct Login {
    /// The token its forms and scripts must send back.
    pub csrf: String,
    /// When it expires, in seconds since the Unix epoch.
    expires: u64,
    /// The SHA-256 of its cookie: its key among the logins ended early.
    key: [u8; 32],
}

/// The key logins are signed with, and the logins ended early.
pub struct ConsoleLogins {
    key: [u8; 32],
    ended: Mutex<HashMap<[u8; 32], u64>>,
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

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl ConsoleLogins {
    /// Logins signed with `key` (see the module's doc), or with a random key
    /// of this start's.
    pub fn new(key: Option<[u8; 32]>) -> ConsoleLogins {
        ConsoleLogins {
            key: key.unwrap_or_else(|| rand::rng().random()),
            ended: Mutex::new(HashMap::new()),
        }
    }

    fn mac(&self, what: &str, parts: &[&str]) -> HmacSha256 {
        // The key is 32 bytes, which HMAC always takes.
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(what.as_bytes());
        for p in parts {
            mac.update(b"\0");
            mac.update(p.as_bytes());
        }
        mac
    }

    fn login(&self, expires: u64, nonce: &str, cookie: &str) -> Login {
        Login {
            csrf: hex::encode(self.mac("csrf", &[nonce]).finalize().into_bytes()),
            expires,
            key: sha(cookie),
        }
    }

    fn ended(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], u64>> {
        self.ended.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A new login; returns its cookie (sent once) and the login.
    pub fn start(&self) -> (String, Login) {
        let expires = now_secs() + LIFETIME.as_secs();
        let nonce = random_hex(16);
        let expires_text = expires.to_string();
        let signature = hex::encode(
            self.mac("login", &[&expires_text, &nonce])
                .finalize()
                .into_bytes(),
        );
        let cookie = format!("{expires}.{nonce}.{signature}");
        let login = self.login(expires, &nonce, &cookie);
        (cookie, login)
    }

    /// The request's login, if its cookie is one this key signed that has
    /// not expired or ended.
    pub fn find(&self, headers: &HeaderMap) -> Option<Login> {
        let cookie = super::cookie(headers, COOKIE_NAME)?;
        let mut parts = cookie.splitn(3, '.');
        let (expires_text, nonce, signature) = (parts.next()?, parts.next()?, parts.next()?);
        let signature = hex::decode(signature).ok()?;
        self.mac("login", &[expires_text, nonce])
            .verify_slice(&signature)
            .ok()?;
        let expires: u64 = expires_text.parse().ok()?;
        let login = self.login(expires, nonce, &cookie);
        self.active(&login).then_some(login)
    }

    /// Whether a login is still in force (not expired, not ended).
    pub fn active(&self, login: &Login) -> bool {
        let now = now_secs();
        now < login.expires
            && login.expires <= now + LIFETIME.as_secs()
            && !self.ended().contains_key(&login.key)
    }

    /// Ends a login (logout).
    pub fn end(&self, login: &Login) {
        let now = now_secs();
        let mut ended = self.ended();
        ended.retain(|_, expires| *expires > now);
        if ended.len() >= MAX_ENDED
            && let Some(oldest) = ended.iter().min_by_key(|(_, e)| **e).map(|(k, _)| *k)
        {
            ended.remove(&oldest);
        }
        ended.insert(login.key, login.expires);
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
        let logins = ConsoleLogins::new(None);
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

    #[test]
    fn nodes_sharing_the_token_share_logins() {
        let token = super::super::AdminToken::from_token("a-token-of-at-least-32-characters!!");
        let a = ConsoleLogins::new(token.login_key());
        let b = ConsoleLogins::new(token.login_key());
        let other = ConsoleLogins::new(None);
        let (cookie, login) = a.start();
        let request = headers(&[("cookie", &format!("{COOKIE_NAME}={cookie}"))]);
        let on_b = b.find(&request).expect("node b takes node a's login");
        assert!(on_b.csrf_matches(&login.csrf), "the same CSRF token");
        assert!(other.find(&request).is_none(), "another key's login");
        // A forged expiry breaks the signature.
        let (_, rest) = cookie.split_once('.').unwrap();
        let later = headers(&[("cookie", &format!("{COOKIE_NAME}=99999999999.{rest}"))]);
        assert!(b.find(&later).is_none());
        b.end(&on_b);
        assert!(b.find(&request).is_none(), "ended on b");
    }
}
