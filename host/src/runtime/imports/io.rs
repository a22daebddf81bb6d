//! `io`'s context: an async call's sleeps, its HTTP requests (only to the
//! session's allowlist, see [`crate::runtime::fetch`]) and the response
//! bodies it reads. Every one of these is an await: the running segment
//! ends before it ([`LiveContext::end_segment`]) and the next begins after
//! it, when the group gives the call its turn again.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use wasmtime::component::{Accessor, HasData};

use super::call::CallContext;
use super::live::{LiveContext, Segments};
use crate::runtime::bindings::async_world::livehost::experiment::io;
use crate::runtime::fetch::{self, Body, FetchRequest, MAX_REQUESTS_PER_CALL};
use crate::store::Allowlist;

use io::{Request as HttpRequest, Response as HttpResponse};

/// An async call's requests and bodies.
pub struct IoContext {
    /// Where the call may send HTTP requests.
    pub(crate) allowlist: Arc<Allowlist>,
    /// The longest an async call may sleep in one await.
    pub(crate) max_sleep: Duration,
    /// How long a fetch may wait for its answer, or for more of its body.
    fetch_stall: Duration,
    /// Response bodies being read, by handle.
    bodies: HashMap<u32, Body>,
    /// Requests made so far (each response's body handle is its number).
    requests: u32,
}

impl IoContext {
    pub(crate) fn new(max_sleep: Duration, fetch_stall: Duration) -> IoContext {
        IoContext {
            allowlist: Arc::default(),
            max_sleep,
            fetch_stall,
            bodies: HashMap::new(),
            requests: 0,
        }
    }
}

/// What `io`'s functions reach: its own context, and the segment's (to end
/// and begin segments around each await).
pub struct IoView<'a> {
    pub(crate) io: &'a mut IoContext,
    pub(crate) live: &'a mut LiveContext,
    pub(crate) call: &'a mut CallContext,
}

/// The [`HasData`] of the `io` interface.
pub struct Io;

impl HasData for Io {
    type Data<'a> = IoView<'a>;
}

impl io::Host for IoView<'_> {}

/// Ends the running segment before an await.
fn end_segment<T>(acc: &Accessor<T, Io>) -> Option<Arc<dyn Segments>> {
    acc.with(|mut a| {
        let view = a.get();
        view.live.end_segment(view.call)
    })
}

/// Waits for the call's next turn and starts its segment.
async fn begin_segment<T>(acc: &Accessor<T, Io>, segments: Option<Arc<dyn Segments>>) {
    let Some(segments) = segments else { return };
    let next = segments.begin().await;
    acc.with(|mut a| {
        let view = a.get();
        view.call.ticks = 0;
        match next {
            Ok(call) => view.call.call = Some(call),
            Err(why) => view.call.cancelled = Some(why),
        }
    });
}

impl<T: Send> io::HostWithStore<T> for Io {
    #[tracing::instrument(level = "trace", name = "io.sleep", skip(acc))]
    async fn sleep(acc: &Accessor<T, Self>, ms: u32) {
        let max = acc.with(|mut a| a.get().io.max_sleep);
        let segments = end_segment(acc);
        tokio::time::sleep(Duration::from_millis(ms as u64).min(max)).await;
        begin_segment(acc, segments).await;
    }

    #[tracing::instrument(level = "trace", name = "io.http-fetch", skip_all, fields(method = %request.method, url = %request.url))]
    async fn http_fetch(
        acc: &Accessor<T, Self>,
        request: HttpRequest,
    ) -> Result<HttpResponse, String> {
        let (allowlist, stall, allowed) = acc.with(|mut a| {
            let io = a.get().io;
            io.requests += 1;
            (
                io.allowlist.clone(),
                io.fetch_stall,
                io.requests as usize <= MAX_REQUESTS_PER_CALL,
            )
        });
        if !allowed {
            return Err(format!(
                "a call may make at most {MAX_REQUESTS_PER_CALL} requests"
            ));
        }
        let segments = end_segment(acc);
        let request = FetchRequest {
            method: request.method,
            url: request.url,
            headers: request.headers,
            body: request.body,
        };
        let fetched = fetch::fetch(&allowlist, request, stall).await;
        begin_segment(acc, segments).await;
        let (status, headers, body) = fetched?;
        let handle = acc.with(|mut a| {
            let io = a.get().io;
            let handle = io.requests;
            io.bodies.insert(handle, body);
            handle
        });
        Ok(HttpResponse {
            status,
            headers,
            body: handle,
        })
    }

    #[tracing::instrument(level = "trace", name = "io.read-body", skip(acc))]
    async fn read_body(
        acc: &Accessor<T, Self>,
        body: u32,
        max_bytes: u32,
    ) -> Result<Option<Vec<u8>>, String> {
        let Some(mut reader) = acc.with(|mut a| a.get().io.bodies.remove(&body)) else {
            return Err(format!(
                "there is no response body {body} (read to its end already?)"
            ));
        };
        let segments = end_segment(acc);
        let chunk = reader.read(max_bytes as usize).await;
        begin_segment(acc, segments).await;
        if matches!(chunk, Ok(Some(_))) {
            acc.with(|mut a| a.get().io.bodies.insert(body, reader));
        }
        chunk
    }
}
