//! Outbound HTTP for async live methods (`io.http-fetch`, `io.read-body`):
//! only to the hosts on the session's allowlist, with the secret headers
//! (API keys) the allowlist adds, which the experiment never sees.
//!
//! Requests go through livehost's HTTP client ([`crate::web_client`]),
//! each checked against the allowlist first: its entry names the one
//! scheme the host may be called by (https unless the admin said http), so
//! a secret header never goes over plain HTTP by a typo in a URL; and
//! unless the entry allows private addresses, the host must be a public
//! address, or a name that resolves to public addresses only (checked by
//! the client's resolver, and those are the addresses it connects to: a
//! name cannot be pointed at the host's own services, the lab's network or
//! a cloud metadata address).
//! Bodies are read as they arrive, chunk by chunk, each read an await of
//! the guest.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::{Request, Uri};

use crate::store::{AllowedHost, Allowlist};
use crate::web_client;

/// Limits on outbound HTTP.
pub const MAX_REQUESTS_PER_CALL: usize = 16;
pub const MAX_BODY_BYTES: usize = 16 << 20;

/// A request as the guest asked for it.
pub struct FetchRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// A response's body, read as it arrives.
pub struct Body {
    incoming: Incoming,
    /// How long a read may wait for more of the body.
    stall: Duration,
    pending: Bytes,
    read: usize,
    done: bool,
}

impl Body {
    /// The next chunk, at most `max` bytes; `None` at the end.
    pub async fn read(&mut self, max: usize) -> Result<Option<Vec<u8>>, String> {
        let max = max.max(1);
        while self.pending.is_empty() && !self.done {
            match tokio::time::timeout(self.stall, self.incoming.frame()).await {
                Err(_) => {
                    return Err(format!(
                        "the response body stalled: nothing more came for {:?}",
                        self.stall
                    ));
                }
                Ok(None) => self.done = true,
                Ok(Some(Err(e))) => return Err(format!("reading the response body failed: {e}")),
                Ok(Some(Ok(frame))) => {
                    if let Ok(data) = frame.into_data() {
                        self.read += data.len();
                        if self.read > MAX_BODY_BYTES {
                            return Err(format!(
                                "the response body is larger than {MAX_BODY_BYTES} bytes"
                            ));
                        }
                        self.pending = data;
                    }
                }
            }
        }
        if self.pending.is_empty() {
            return Ok(None);
        }
        let n = max.min(self.pending.len());
        Ok(Some(self.pending.split_to(n).to_vec()))
    }
}

fn authority_key(uri: &Uri) -> Option<String> {
    let host = uri.host()?;
    let default = if uri.scheme_str() == Some("https") {
        443
    } else {
        80
    };
    Some(match uri.port_u16() {
        Some(p) if p != default => format!("{host}:{p}"),
        _ => host.to_string(),
    })
}

/// Sends `request` if its host is on `allowlist`; returns the status,
/// the headers and the body to read. Connecting and the response's headers
/// must come within `stall`, and each later piece of the body too.
pub async fn fetch(
    allowlist: &Allowlist,
    request: FetchRequest,
    stall: Duration,
) -> Result<(u16, Vec<(String, String)>, Body), String> {
    let uri: Uri = request
        .url
        .parse()
        .map_err(|_| format!("{:?} is not a URL", request.url))?;
    match uri.scheme_str() {
        Some("https" | "http") => {}
        _ => {
            return Err(format!(
                "{:?}: only http:// and https:// URLs can be fetched",
                request.url
            ));
        }
    }
    let key = authority_key(&uri).ok_or_else(|| format!("{:?} has no host", request.url))?;
    let scheme = uri.scheme_str().unwrap_or_default();
    let on_list: Vec<&AllowedHost> = allowlist
        .allow
        .iter()
        .filter(|a| a.host.eq_ignore_ascii_case(&key))
        .collect();
    let Some(first) = on_list.first() else {
        return Err(format!(
            "{key} is not on this session's allowlist: the admin lists the hosts an experiment may call when creating the session"
        ));
    };
    let Some(allowed) = on_list.iter().find(|a| a.scheme.name() == scheme) else {
        return Err(format!(
            "{:?}: this session's allowlist lets {key} be called over {} only; use a {}:// URL",
            request.url,
            first.scheme.name(),
            first.scheme.name()
        ));
    };
    if let Some(ip) = uri.host().and_then(web_client::ip_literal)
        && !allowed.private_addresses
        && !web_client::is_public(ip)
    {
        return Err(format!(
            "{key} is not a public address; if the experiment is meant to call a server of the lab's own network, its allowlist entry says \"private_addresses\": true"
        ));
    }
    let method = hyper::Method::from_bytes(request.method.as_bytes())
        .map_err(|_| format!("{:?} is not an HTTP method", request.method))?;
    let mut builder = Request::builder().method(method).uri(uri);
    for (name, value) in &request.headers {
        if allowed
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
            || name.eq_ignore_ascii_case("host")
        {
            continue;
        }
        builder = builder.header(name.as_str(), value.as_str());
    }
    for (name, value) in &allowed.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let req = builder
        .body(crate::web_client::whole(request.body))
        .map_err(|e| format!("the request is not valid: {e}"))?;
    let sent = if allowed.private_addresses {
        web_client::client()?.request(req)
    } else {
        web_client::public_client()?.request(req)
    };
    let response = tokio::time::timeout(stall, sent)
        .await
        .map_err(|_| format!("{key} did not answer within {stall:?}"))?
        .map_err(|e| {
            if e.is_connect() {
                format!("cannot connect to {key}: {}", web_client::describe(&e))
            } else {
                format!("the request to {key} failed: {}", web_client::describe(&e))
            }
        })?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    Ok((
        status,
        headers,
        Body {
            incoming: response.into_body(),
            stall,
            pending: Bytes::new(),
            read: 0,
            done: false,
        },
    ))
}
