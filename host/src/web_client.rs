//! The one HTTP client livehost sends requests with: the CLI's requests to
//! a host's admin API ([`crate::http::client`]) and experiments' fetches
//! ([`crate::runtime::fetch`], which checks the allowlist before each
//! request). hyper-util's client over hyper-rustls: `http://` and
//! `https://` (rustls with the Mozilla roots of webpki-roots), HTTP/1.1, one
//! request per connection.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// A request's body: whole, or sent piece by piece (an upload that reports
/// its progress).
pub type RequestBody = BoxBody<Bytes, std::convert::Infallible>;

/// The client.
pub type WebClient = Client<HttpsConnector<HttpConnector>, RequestBody>;

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
        .get_or_init(|| {
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
            let mut tcp = HttpConnector::new();
            tcp.enforce_http(false);
            tcp.set_nodelay(true);
            tcp.set_connect_timeout(Some(CONNECT_TIMEOUT));
            let connector = hyper_rustls::HttpsConnectorBuilder::new()
                .with_tls_config(tls)
                .https_or_http()
                .enable_http1()
                .wrap_connector(tcp);
            // One request per connection, as a lab's proxies and an LLM
            // endpoint expect: a kept connection that the other side closed
            // (it refused a large upload before reading it, say) fails the
            // next request sent on it.
            Ok(Client::builder(TokioExecutor::new())
                .pool_max_idle_per_host(0)
                .build(connector))
        })
        .as_ref()
        .map_err(Clone::clone)
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
