//! The HTTP client livehost sends requests with: the CLI's requests to a
//! host's admin API ([`crate::http::client`]) and experiments' fetches
//! ([`crate::runtime::fetch`], which checks the allowlist before each
//! request). hyper-util's client over hyper-rustls: `http://` and
//! `https://` (rustls with the Mozilla roots of webpki-roots), HTTP/1.1, one
//! request per connection. Built twice over one TLS setup: [`client`]
//! connects wherever a name resolves; [`public_client`] resolves names
//! itself and connects only to public addresses ([`is_public`]), the ones
//! it checked.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::dns::Name;
use hyper_util::rt::TokioExecutor;

/// A request's body: whole, or sent piece by piece (an upload that reports
/// its progress).
pub type RequestBody = BoxBody<Bytes, std::convert::Infallible>;

/// The client.
pub type WebClient = Client<HttpsConnector<HttpConnector>, RequestBody>;

/// The client that connects to public addresses only.
pub type PublicClient = Client<HttpsConnector<HttpConnector<PublicOnly>>, RequestBody>;

/// A whole body.
pub fn whole(bytes: impl Into<Bytes>) -> RequestBody {
    use http_body_util::BodyExt;
    http_body_util::Full::new(bytes.into()).boxed()
}

/// `bytes` sent in pieces of 256 KiB, telling `sent` the bytes sent so far
/// as each piece goes.
pub fn reporting(bytes: Bytes, sent: impl FnMut(usize) + Send + Sync + 'static) -> RequestBody {
    use http_body_util::BodyExt;
    Pieces {
        bytes,
        at: 0,
        sent: Box::new(sent),
    }
    .boxed()
}

struct Pieces {
    bytes: Bytes,
    at: usize,
    sent: Box<dyn FnMut(usize) + Send + Sync>,
}

impl hyper::body::Body for Pieces {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, Self::Error>>> {
        const PIECE: usize = 256 * 1024;
        if self.at >= self.bytes.len() {
            return std::task::Poll::Ready(None);
        }
        let end = (self.at + PIECE).min(self.bytes.len());
        let piece = self.bytes.slice(self.at..end);
        self.at = end;
        (self.sent)(end);
        std::task::Poll::Ready(Some(Ok(hyper::body::Frame::data(piece))))
    }

    fn is_end_stream(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        hyper::body::SizeHint::with_exact((self.bytes.len() - self.at) as u64)
    }
}

/// How long connecting (and the TLS handshake's TCP part) may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The process's client, built on first use; an error says why TLS could
/// not be set up.
pub fn client() -> Result<&'static WebClient, String> {
    static CLIENT: OnceLock<Result<WebClient, String>> = OnceLock::new();
    CLIENT
        .get_or_init(|| Ok(one_request_each().build(connector(HttpConnector::new())?)))
        .as_ref()
        .map_err(Clone::clone)
}

/// The process's client for hosts that must be public, built on first use.
pub fn public_client() -> Result<&'static PublicClient, String> {
    static CLIENT: OnceLock<Result<PublicClient, String>> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            let tcp = HttpConnector::new_with_resolver(PublicOnly);
            Ok(one_request_each().build(connector(tcp)?))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// One request per connection, as a lab's proxies and an LLM endpoint
/// expect: a kept connection that the other side closed (it refused a
/// large upload before reading it, say) fails the next request sent on it.
fn one_request_each() -> hyper_util::client::legacy::Builder {
    let mut builder = Client::builder(TokioExecutor::new());
    builder.pool_max_idle_per_host(0);
    builder
}

/// `tcp` with TLS over it (or not, for `http://`), HTTP/1.1.
fn connector<R>(mut tcp: HttpConnector<R>) -> Result<HttpsConnector<HttpConnector<R>>, String> {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| format!("TLS is not available: {e}"))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    tcp.enforce_http(false);
    tcp.set_nodelay(true);
    tcp.set_connect_timeout(Some(CONNECT_TIMEOUT));
    Ok(hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(tls)
        .https_or_http()
        .enable_http1()
        .wrap_connector(tcp))
}

/// The address a URL's or authority's host names literally (`[::1]` as
/// `::1`), if it is one rather than a name.
pub fn ip_literal(host: &str) -> Option<IpAddr> {
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .ok()
}

/// Whether `host` is this machine: `localhost` or a loopback address.
pub fn is_this_machine(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost") || ip_literal(host).is_some_and(|ip| ip.is_loopback())
}

/// Whether `ip` is an address on the public internet: not loopback,
/// link-local (169.254.169.254 is cloud metadata), private (10/8,
/// 172.16/12, 192.168/16, fc00::/7), shared (100.64/10), unspecified,
/// multicast, broadcast or reserved; an IPv4 address written as IPv6
/// (`::ffff:a.b.c.d`) is judged as the IPv4 one.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && v4.octets()[2] == 0)
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || (first == 0x2001 && v6.segments()[1] == 0xdb8)
                || first == 0x0064)
        }
    }
}

/// A resolver that gives the connector a name's public addresses only, and
/// says which addresses it refused when there are none.
#[derive(Clone, Copy, Debug)]
pub struct PublicOnly;

impl tower_service::Service<Name> for PublicOnly {
    type Response = std::vec::IntoIter<SocketAddr>;
    type Error = std::io::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, name: Name) -> Self::Future {
        Box::pin(async move {
            let host = name.as_str();
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host, 0)).await?.collect();
            let (public, refused): (Vec<SocketAddr>, Vec<SocketAddr>) =
                found.into_iter().partition(|a| is_public(a.ip()));
            if public.is_empty() {
                let refused: Vec<String> = refused.iter().map(|a| a.ip().to_string()).collect();
                return Err(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    format!(
                        "{host} resolves to {} only, not a public address; if the experiment is meant to call a server of the lab's own network, its allowlist entry says \"private_addresses\": true",
                        if refused.is_empty() {
                            "nothing".to_string()
                        } else {
                            refused.join(", ")
                        }
                    ),
                ));
            }
            Ok(public.into_iter())
        })
    }
}

/// An error with its causes, for people: the client's own errors say
/// only their kind ("client error (Connect)"); the reason is in the chain.
pub fn describe(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}
