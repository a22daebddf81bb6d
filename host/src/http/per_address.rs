//! What each client address may do, counted in memory: console login
//! attempts in a minute, and room-link seats taken in a session. The
//! address is the request's client as [`super::ConnectionLimits::client`]
//! tells it (a trusted proxy's `X-Forwarded-For`, else the connection's).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Console login attempts one address may make in [`LOGIN_WINDOW`].
pub const LOGINS_PER_WINDOW: u32 = 10;
/// The window login attempts are counted in.
pub const LOGIN_WINDOW: Duration = Duration::from_secs(60);
/// Addresses remembered at most for each count; past it the oldest
/// windows are forgotten (a flood of addresses cannot grow the map).
const MAX_ADDRESSES: usize = 100_000;

/// The counts.
#[derive(Default)]
pub(super) struct PerAddress {
    logins: Mutex<HashMap<IpAddr, (Instant, u32)>>,
    seats: Mutex<HashMap<(String, IpAddr), u32>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl PerAddress {
    /// Counts a login attempt from `client`; false if it has made
    /// [`LOGINS_PER_WINDOW`] in the current window already.
    pub(super) fn login_attempt(&self, client: IpAddr) -> bool {
        let now = Instant::now();
        let mut logins = lock(&self.logins);
        if logins.len() >= MAX_ADDRESSES {
            logins.retain(|_, (since, _)| now.duration_since(*since) < LOGIN_WINDOW);
        }
        let (since, n) = logins.entry(client).or_insert((now, 0));
        if now.duration_since(*since) >= LOGIN_WINDOW {
            *since = now;
            *n = 0;
        }
        if *n >= LOGINS_PER_WINDOW {
            return false;
        }
        *n += 1;
        true
    }

    /// Takes one of `client`'s `max` seats in `session`; false if it has
    /// taken them all.
    pub(super) fn seat(&self, session: &str, client: IpAddr, max: u32) -> bool {
        let mut seats = lock(&self.seats);
        if seats.len() >= MAX_ADDRESSES {
            seats.clear();
        }
        let n = seats.entry((session.to_string(), client)).or_insert(0);
        if *n >= max {
            return false;
        }
        *n += 1;
        true
    }

    /// Gives a seat back (the seating failed).
    pub(super) fn unseat(&self, session: &str, client: IpAddr) {
        if let Some(n) = lock(&self.seats).get_mut(&(session.to_string(), client)) {
            *n = n.saturating_sub(1);
        }
    }
}
