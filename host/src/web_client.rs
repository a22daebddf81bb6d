//! The one HTTP client livehost sends requests with: the CLI's requests to
//! a host's admin API ([`crate::http::client`]) and experiments' fetches
//! ([`crate::runtime::fetch`], which checks the allowlist before each
//! request). hyper-util's client over hyper-rustls: `http://` and
//! `https://` (rustls with the Mozilla roots of webpki-roots), HTTP/1.1, one
//! request per connection.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// The client: requests carry their whole body.
pub type WebClient = Client<HttpsConnector<HttpConnector>, Full<Bytes>>;

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
