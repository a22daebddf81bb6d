//! A chat box's websocket (`/chat/{code}?channel=..&nickname=..&token=..`,
//! opened by chat.js): one per chat box on a page. Frames out are JSON
//! lists of lines (`[{"channel", "nickname", "body", "participant_id"}]`):
//! the channel's history first, then each new line. Frames in are
//! `{"body": text}`, one line each (an error comes back as
//! `{"error": text}`).
//!
//! Close codes: 1001 the host is stopping, 1008 the page did not read its
//! lines, 4403 the token does not match (the page is out of date), 4404
//! unknown participant. chat.js reconnects after every close but 4403 and
//! 4404.

use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::watch;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Message, Utf8Bytes};

use super::{LiveError, Livehost, ViewFrame};

/// What a chat box asks to join.
pub struct ChatRequest {
    pub code: String,
    pub channel: String,
    pub nickname: String,
    pub token: String,
}

#[derive(Deserialize)]
struct Line {
    body: String,
}

fn close(code: u16, reason: &str) -> Message {
    Message::Close(Some(CloseFrame {
        code: CloseCode::from(code),
        reason: reason.into(),
    }))
}

fn error(text: &str) -> Message {
    Message::text(serde_json::json!({ "error": text }).to_string())
}

/// Serves one chat box until it closes or the host stops.
pub async fn run<S>(
    host: Livehost,
    ws: WebSocketStream<S>,
    request: ChatRequest,
    mut shutdown: watch::Receiver<bool>,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (mut sink, mut stream) = ws.split();
    let view = host.page_views().detached(&request.code);
    let seat = match host
        .join_chat(
            &request.code,
            &request.channel,
            &request.nickname,
            &request.token,
            view.id,
            view.queue.clone(),
        )
        .await
    {
        Ok(seat) => seat,
        Err(e) => {
            let code = match e {
                LiveError::UnknownParticipant => 4404,
                LiveError::Refused(_) => 4403,
                _ => 1011,
            };
            let _ = sink.send(error(&e.to_string())).await;
            let _ = sink.send(close(code, "refused")).await;
            return;
        }
    };
    let mut outbound = view.outbound;
    let limit = super::MAX_CHAT_CHARS * 4 + 256;
    loop {
        tokio::select! {
            frame = outbound.recv() => {
                let Some(ViewFrame::Text(text)) = frame else { break };
                if sink.send(Message::Text(text)).await.is_err() {
                    break;
                }
            }
            _ = view.overflow.notified() => {
                let _ = sink.send(close(1008, "this page did not read its chat")).await;
                break;
            }
            _ = shutdown.changed() => {
                let _ = sink.send(close(1001, "the host is restarting")).await;
                break;
            }
            frame = stream.next() => {
                let text: Utf8Bytes = match frame {
                    Some(Ok(Message::Text(t))) => t,
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                    Some(Ok(_)) => continue,
                };
                let reply = if text.len() > limit {
                    Err(format!("a chat message has at most {} characters: send it in parts", super::MAX_CHAT_CHARS))
                } else if !host.page_views().allow(&request.code) {
                    Err("you are sending messages too fast: wait a moment and send again".to_string())
                } else {
                    match serde_json::from_str::<Line>(text.as_str()) {
                        Ok(line) => host.send_chat(&seat, &line.body).await.map_err(|e| e.to_string()),
                        Err(e) => Err(format!("the frame is not a chat line ({e}): chat.js sends {{\"body\": text}}")),
                    }
                };
                if let Err(text) = reply
                    && sink.send(error(&text)).await.is_err()
                {
                    break;
                }
            }
        }
    }
    host.leave_chat(&seat);
}
