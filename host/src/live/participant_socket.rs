//! A participant's websocket (`/live/{code}`): one per page view. Frames in
//! are live messages, checked here (size, JSON, rate) and queued on the
//! participant's group in arrival order; frames out are the replies
//! ([`super::PageViews`] delivers them), and one answer per message: an
//! acknowledgement or an error.
//!
//! # Frames
//!
//! In: `{"id": n, "data": <JSON>}`, where `n` numbers the view's messages
//! from 1 (a message without an id is applied, but cannot be sent again
//! safely). Out (the answers are made in [`super::answer`]):
//! - `{"recv": payload}`: a reply for `liveRecv`;
//! - `{"ack": n}`: message `n` was applied and its replies delivered
//!   (`"again": true` when it had been applied before a reconnect);
//! - `{"error": text, "id": n}`: message `n` was not applied (no `id` when
//!   the frame could not be read), for `liveError`;
//! - `{"moved": true}`: the participant's page changed: reload.
//!
//! Close codes: 1001 the host is stopping, 1008 the page did not read its
//! messages, 4404 unknown participant, 4410 finished or the session closed.
//! live.js reconnects after every close but 4404 and 4410.

use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use serde_json::value::RawValue;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

use super::answer::{PageAnswer, error_frame};
use super::{ClientMessageId, LiveError, Livehost, PageView, ViewFrame};
use crate::metrics::{ErrorKind, LiveFigures};

/// A live message as live.js sends it.
#[derive(Deserialize)]
struct Incoming<'a> {
    #[serde(default)]
    id: Option<u64>,
    #[serde(borrow)]
    data: &'a RawValue,
}

/// Where the page view says it is: the participant's code, and the page
/// (and page view id) the page was rendered for.
pub struct ViewRequest {
    pub code: String,
    pub page: Option<String>,
    pub view: Option<String>,
}

fn close(code: u16, reason: &str) -> Message {
    Message::Close(Some(CloseFrame {
        code: CloseCode::from(code),
        reason: reason.into(),
    }))
}

/// Serves one page view until it closes or the host stops.
pub async fn run<S>(
    host: Livehost,
    mut ws: WebSocketStream<S>,
    request: ViewRequest,
    mut shutdown: watch::Receiver<bool>,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (position, session) = match host.page_view_state(&request.code).await {
        Ok((_, true, _)) => {
            let text = LiveError::SessionClosed.to_string();
            let _ = ws.send(Message::text(error_frame(None, &text))).await;
            let _ = ws.send(close(4410, "closed")).await;
            return;
        }
        Ok((position, false, session)) => (position, session),
        Err(e) => {
            let (code, reason) = match e {
                LiveError::UnknownParticipant => (4404, "unknown participant"),
                _ => (1011, "the host could not serve this page"),
            };
            let _ = ws
                .send(Message::text(error_frame(None, &e.to_string())))
                .await;
            let _ = ws.send(close(code, reason)).await;
            return;
        }
    };
    if position.finished {
        let text = LiveError::Finished.to_string();
        let _ = ws.send(Message::text(error_frame(None, &text))).await;
        let _ = ws.send(close(4410, "finished")).await;
        return;
    }
    let views = host.page_views();
    let view = match views.open(&request.code) {
        Ok(view) => view,
        Err(e) => {
            // live.js tries again, every 10 s at most: it gets in once a
            // tab of the participant's is closed.
            let _ = ws
                .send(Message::text(error_frame(None, &e.to_string())))
                .await;
            let _ = ws.send(close(4429, "too many pages open")).await;
            return;
        }
    };
    if request.page.is_some() && request.page != position.page {
        view.queue.push(Utf8Bytes::from_static(r#"{"moved":true}"#));
    }
    let id = view.id;
    let figures = host.metrics().live(&session);
    serve(host.clone(), ws, &request, view, figures, &mut shutdown).await;
    host.page_views().close(&request.code, id);
}

async fn serve<S>(
    host: Livehost,
    ws: WebSocketStream<S>,
    request: &ViewRequest,
    view: PageView,
    figures: LiveFigures,
    shutdown: &mut watch::Receiver<bool>,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let PageView {
        code,
        mut outbound,
        overflow,
        queue,
        ..
    } = view;
    let (mut sink, mut stream) = ws.split();
    // Set when the reader is done: `Some(true)` if the host is stopping.
    let (stop_writer, mut writer_stopped) = watch::channel(None::<bool>);
    // The writer: frames from the queue to the socket. When the queue
    // overflows (the page does not read), the socket is dropped.
    let writer_overflow = overflow.clone();
    let mut writer = tokio::spawn(async move {
        loop {
            let frame = tokio::select! {
                f = outbound.recv() => f,
                _ = writer_overflow.notified() => {
                    let _ = tokio::time::timeout(
                        std::time::Duration::from_secs(1),
                        sink.send(close(1008, "this page did not read its messages")),
                    ).await;
                    return;
                }
                _ = writer_stopped.changed() => None,
            };
            let message = match frame {
                Some(ViewFrame::Text(text)) => Message::Text(text),
                None => {
                    // Done: flush what is queued, then close.
                    while let Ok(ViewFrame::Text(text)) = outbound.try_recv() {
                        if sink.send(Message::Text(text)).await.is_err() {
                            return;
                        }
                    }
                    let host_stopping = *writer_stopped.borrow() == Some(true);
                    if host_stopping {
                        let _ = sink.send(close(1001, "the host is restarting")).await;
                    } else {
                        let _ = sink.close().await;
                    }
                    return;
                }
            };
            // Frames queued meanwhile (a reply and its ack, a burst of
            // broadcasts) leave in the same write: one flush, one syscall.
            let write = async {
                sink.feed(message).await?;
                for _ in 0..64 {
                    match outbound.try_recv() {
                        Ok(ViewFrame::Text(text)) => sink.feed(Message::Text(text)).await?,
                        Err(_) => break,
                    }
                }
                sink.flush().await
            };
            tokio::select! {
                r = write => if r.is_err() { return },
                _ = writer_overflow.notified() => return,
            }
        }
    });
    let answer = |text: String| queue.push(Utf8Bytes::from(text));
    let limits = host.page_views().limits().clone();
    // Each message's answer holds a clone of `in_flight` until the group
    // has answered it: when all are dropped, every message is answered.
    let (in_flight, mut all_answered) = mpsc::channel::<()>(1);
    let mut host_stopping = false;
    let mut writer_done = false;
    loop {
        tokio::select! {
            _ = &mut writer => {
                // The page stopped reading (or its connection broke): drop
                // the socket; live.js reconnects.
                writer_done = true;
                break;
            }
            _ = shutdown.changed() => {
                // Stop taking messages; those already queued are answered.
                host_stopping = true;
                break;
            }
            frame = stream.next() => {
                let text = match frame {
                    Some(Ok(Message::Text(t))) => t,
                    Some(Ok(Message::Binary(_))) => {
                        figures.refused(ErrorKind::Malformed);
                        answer(error_frame(None, "binary frames are not accepted: liveSend sends JSON text"));
                        continue;
                    }
                    Some(Ok(Message::Close(_))) | None => break,
                    Some(Ok(_)) => continue,
                    Some(Err(e)) => {
                        tracing::debug!(participant = %code, error = %e, "socket error");
                        break;
                    }
                };
                figures.received();
                if text.len() > limits.max_message_bytes {
                    figures.refused(ErrorKind::TooLarge);
                    answer(error_frame(None, &format!(
                        "the message is {} bytes, more than the limit of {} bytes: send less data at a time; it was not applied",
                        text.len(), limits.max_message_bytes
                    )));
                    continue;
                }
                let incoming: Incoming = match serde_json::from_str(text.as_str()) {
                    Ok(m) => m,
                    Err(e) => {
                        figures.refused(ErrorKind::Malformed);
                        answer(error_frame(None, &format!(
                            "the frame is not a live message ({e}): live.js sends {{\"id\": n, \"data\": ...}}"
                        )));
                        continue;
                    }
                };
                if !host.page_views().allow(&code) {
                    figures.refused(ErrorKind::RateLimited);
                    answer(error_frame(incoming.id, &format!(
                        "you are sending more than {} messages a second: wait a moment and send again; this message was not applied",
                        limits.rate_per_sec
                    )));
                    continue;
                }
                let client = match (&request.view, incoming.id) {
                    (Some(view), Some(n)) => Some(ClientMessageId { view: view.clone(), n }),
                    _ => None,
                };
                let answer = PageAnswer::new(incoming.id, queue.clone(), in_flight.clone(), figures.clone());
                host.send_live_from_page(&code, request.page.as_deref(), incoming.data.get(), client, answer)
                    .await;
            }
        }
    }
    // Wait until every message is answered (the page may be gone; the
    // calls are applied either way), then let the writer flush and close.
    drop(in_flight);
    let _ = all_answered.recv().await;
    if !writer_done {
        let _ = stop_writer.send(Some(host_stopping));
        drop(queue);
        let _ = tokio::time::timeout(std::time::Duration::from_secs(5), writer).await;
    }
}
