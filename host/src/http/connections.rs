//! Who may hold the host's connections, and how long a request may take to
//! arrive: a cap on connections in all and on each client address's (so
//! one machine cannot take them all), deadlines for a request's headers
//! and its body (so a request that never finishes does not hold a
//! connection forever), and the address a request comes from, which is a
//! trusted reverse proxy's `X-Forwarded-For` only when `--trusted-proxy`
//! names that proxy.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hyper::HeaderMap;

/// The limits, set once when the service starts.
#[derive(Clone, Debug)]
pub struct ConnectionLimits {
    /// Connections open at once, in all (each open page holds one).
    pub max_connections: usize,
    /// Connections open at once from one client address; the trusted
    /// proxy's own address is counted in all only (its clients are many).
    pub max_per_address: usize,
    /// How long a request's headers may take to arrive.
    pub header_read: Duration,
    /// How long a body may take to arrive, plus a second per
    /// [`MIN_BODY_RATE`] bytes of its limit (an upload of the largest
    /// component on a slow line).
    pub body_deadline: Duration,
    /// The reverse proxy whose `X-Forwarded-For` names the client.
    pub trusted_proxy: Option<IpAddr>,
}

/// Bytes a second a body is expected to arrive at, at least.
pub const MIN_BODY_RATE: usize = 256 * 1024;

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            max_connections: 20_000,
            max_per_address: 2_000,
            header_read: Duration::from_secs(10),
            body_deadline: Duration::from_secs(30),
            trusted_proxy: None,
        }
    }
}

impl ConnectionLimits {
    /// How long a body of at most `limit` bytes may take to arrive.
    pub fn body_deadline_for(&self, limit: usize) -> Duration {
        self.body_deadline + Duration::from_secs((limit / MIN_BODY_RATE) as u64)
    }

    /// The client a request on a connection from `peer` comes from: the
    /// last address of `X-Forwarded-For` if `peer` is the trusted proxy
    /// (the one the proxy itself added), else `peer`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if self.trusted_proxy != Some(peer) {
            return peer;
        }
        headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .next_back()
            .and_then(|a| a.trim().parse::<IpAddr>().ok())
            .unwrap_or(peer)
    }
}

/// The connections open now, in all and by address.
pub(super) struct Connections {
    limits: ConnectionLimits,
    open: Mutex<(usize, HashMap<IpAddr, usize>)>,
}

/// Why a connection was closed at once.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Refused {
    Full,
    Address,
}

/// An admitted connection's place, given back when it is dropped.
pub(super) struct Place {
    connections: Arc<Connections>,
    address: Option<IpAddr>,
}

impl Connections {
    pub(super) fn new(limits: ConnectionLimits) -> Arc<Connections> {
        Arc::new(Connections {
            limits,
            open: Mutex::new((0, HashMap::new())),
        })
    }

    pub(super) fn limits(&self) -> &ConnectionLimits {
        &self.limits
    }

    /// A place for a connection from `peer`, if both caps have room.
    pub(super) fn admit(self: &Arc<Self>, peer: SocketAddr) -> Result<Place, Refused> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if open.0 >= self.limits.max_connections {
            return Err(Refused::Full);
        }
        let ip = peer.ip();
        let address = (self.limits.trusted_proxy != Some(ip)).then_some(ip);
        if let Some(ip) = address {
            let n = open.1.entry(ip).or_insert(0);
            if *n >= self.limits.max_per_address {
                return Err(Refused::Address);
            }
            *n += 1;
        }
        open.0 += 1;
        Ok(Place {
            connections: self.clone(),
            address,
        })
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut open = self
            .connections
            .open
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        open.0 = open.0.saturating_sub(1);
        if let Some(ip) = self.address
            && let Some(n) = open.1.get_mut(&ip)
        {
            *n -= 1;
            if *n == 0 {
                open.1.remove(&ip);
            }
        }
    }
}
