//! oTree's chat (`{{ chat }}`): participants of a channel write lines that
//! every page view of the channel shows, with the channel's history when a
//! page opens. The host keeps chat itself, without calling the experiment:
//! each line is a `chat` entry of the session's message log (so the
//! export has it), committed durably before anyone sees it.
//!
//! A channel is named by the page that shows the chat box (oTree's
//! default: the participant's group in the current round of their app; or
//! the template's `channel=`, shared by the app's participants). The page
//! says which channel and nickname it shows, with a token the host gave it
//! when it rendered the page ([`ChatKey::token`]), so a participant cannot
//! join another channel or write under another name by editing the page.
//!
//! Lines of one channel are committed one at a time (the channel's order
//! lock), so every page sees them in the same order. A channel's history
//! is read from the message log the first time it is used after the host
//! starts, then kept in memory.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio_tungstenite::tungstenite::Utf8Bytes;

use super::page_views::ViewQueue;
use super::{LiveError, Livehost, lock, now_ms};
use crate::store::{MessageKind, MessageRecord, StoreError, Write};

/// Longest chat line, in characters.
pub const MAX_CHAT_CHARS: usize = 2000;
/// Longest channel name or nickname, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// The key of the tokens that let a page join a channel under a nickname;
/// kept in the data file (`meta`), so tokens survive restarts.
#[derive(Clone)]
pub struct ChatKey([u8; 32]);

impl ChatKey {
    const META: &'static str = "chat_key";

    /// A key of these bytes.
    pub fn new(key: [u8; 32]) -> ChatKey {
        ChatKey(key)
    }

    /// The host's key, made on first use.
    pub(crate) fn load_or_create(store: &crate::store::Store) -> Result<ChatKey, StoreError> {
        if let Some(text) = store.meta(Self::META)?
            && let Ok(bytes) = hex::decode(text.trim())
            && let Ok(key) = <[u8; 32]>::try_from(bytes.as_slice())
        {
            return Ok(ChatKey(key));
        }
        let key: [u8; 32] = rand::random();
        store.set_meta(Self::META, &hex::encode(key))?;
        Ok(ChatKey(key))
    }

    /// The token of participant `code`'s chat box on `channel` as
    /// `nickname`. Each field is length-prefixed after the key, so no token
    /// is the prefix of another's input (a hash of key and message is then
    /// safe from extension).
    pub fn token(&self, code: &str, channel: &str, nickname: &str) -> String {
        let mut h = Sha256::new();
        h.update(self.0);
        for field in [code, channel, nickname] {
            h.update((field.len() as u64).to_le_bytes());
            h.update(field.as_bytes());
        }
        hex::encode(&h.finalize()[..16])
    }
}

impl std::fmt::Debug for ChatKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChatKey(..)")
    }
}

/// One line of a channel, as pages receive it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ChatLine {
    channel: String,
    nickname: String,
    body: String,
    participant_id: u32,
}

/// A page view in a channel.
struct Member {
    view: u64,
    queue: ViewQueue,
}

#[derive(Default)]
struct ChannelState {
    /// None until read from the message log.
    history: Option<Vec<Arc<str>>>,
    members: Vec<Member>,
}

#[derive(Default)]
struct Channel {
    /// Held while a line is committed and handed out (and while a page
    /// joins): one at a time, in one order for everyone.
    order: tokio::sync::Mutex<()>,
    state: Mutex<ChannelState>,
}

/// A channel's name within its session.
type ChannelKey = (Arc<str>, String);

/// Every channel in use, by session and channel name.
#[derive(Default)]
pub(crate) struct ChatChannels {
    channels: Mutex<HashMap<ChannelKey, Arc<Channel>>>,
}

/// A page view's place in a channel, as its socket keeps it.
pub struct ChatSeat {
    session: Arc<str>,
    channel: String,
    nickname: String,
    code: String,
    participant_id: u32,
    view: u64,
}

impl ChatChannels {
    fn channel(&self, session: &Arc<str>, name: &str) -> Arc<Channel> {
        lock(&self.channels)
            .entry((session.clone(), name.to_string()))
            .or_default()
            .clone()
    }
}

fn frame(lines: &[Arc<str>]) -> Utf8Bytes {
    Utf8Bytes::from(format!("[{}]", lines.join(",")))
}

impl Livehost {
    /// Seats page view `view` of participant `code` in `channel` as
    /// `nickname`, if `token` is the one their page was given; the
    /// channel's history is queued for it first.
    pub async fn join_chat(
        &self,
        code: &str,
        channel: &str,
        nickname: &str,
        token: &str,
        view: u64,
        queue: ViewQueue,
    ) -> Result<ChatSeat, LiveError> {
        let expected = self.inner.chat_key.token(code, channel, nickname);
        if token != expected || channel.is_empty() || channel.chars().count() > MAX_NAME_CHARS {
            return Err(LiveError::Refused(
                "this chat box's address is not valid: reload the page".into(),
            ));
        }
        let p = self
            .inner
            .store
            .participant(code)?
            .ok_or(LiveError::UnknownParticipant)?;
        let session: Arc<str> = Arc::from(p.session.as_str());
        let ch = self.inner.chat.channel(&session, channel);
        let _order = ch.order.lock().await;
        let history = self.chat_history(&ch, &session, channel).await?;
        queue.push(frame(&history));
        lock(&ch.state).members.push(Member { view, queue });
        Ok(ChatSeat {
            session,
            channel: channel.to_string(),
            nickname: nickname.to_string(),
            code: code.to_string(),
            participant_id: p.participant_id,
            view,
        })
    }

    /// The channel's lines so far, read from the message log once.
    async fn chat_history(
        &self,
        ch: &Channel,
        session: &Arc<str>,
        channel: &str,
    ) -> Result<Vec<Arc<str>>, LiveError> {
        if let Some(h) = &lock(&ch.state).history {
            return Ok(h.clone());
        }
        let store = self.inner.store.clone();
        let (session, channel) = (session.to_string(), channel.to_string());
        let read = tokio::task::spawn_blocking(move || {
            let mut lines = Vec::new();
            store.each_message(&session, |_, m: MessageRecord| {
                if m.kind == MessageKind::Chat
                    && let Ok(line) = serde_json::from_str::<ChatLine>(&m.data)
                    && line.channel == channel
                {
                    lines.push(Arc::from(m.data.as_str()));
                }
                Ok::<(), StoreError>(())
            })?;
            Ok::<_, StoreError>(lines)
        })
        .await
        .map_err(|e| StoreError::Io(format!("the reading task failed: {e}")))??;
        lock(&ch.state).history = Some(read.clone());
        Ok(read)
    }

    /// Writes `body` in the seat's channel: committed to the message log,
    /// then shown on every page view of the channel.
    pub async fn send_chat(&self, seat: &ChatSeat, body: &str) -> Result<(), LiveError> {
        let body = body.trim();
        if body.is_empty() {
            return Ok(());
        }
        if body.chars().count() > MAX_CHAT_CHARS {
            return Err(LiveError::Refused(format!(
                "a chat message has at most {MAX_CHAT_CHARS} characters: send it in parts"
            )));
        }
        let p = self
            .inner
            .store
            .participant(&seat.code)?
            .ok_or(LiveError::UnknownParticipant)?;
        if self.inner.is_closed(&seat.session) {
            return Err(LiveError::SessionClosed);
        }
        let line = ChatLine {
            channel: seat.channel.clone(),
            nickname: seat.nickname.clone(),
            body: body.to_string(),
            participant_id: seat.participant_id,
        };
        let data = serde_json::to_string(&line)
            .map_err(|e| LiveError::Refused(format!("the chat line could not be written: {e}")))?;
        let page = self.page_name(&seat.session, p.page_index).await?;
        let ch = self.inner.chat.channel(&seat.session, &seat.channel);
        // A channel whose history is not read yet reads this line from the
        // message log with the rest.
        let _order = ch.order.lock().await;
        let store = &self.inner.store;
        let seq = store.next_message_seq(&seat.session)?;
        let record = MessageRecord {
            kind: MessageKind::Chat,
            time_ms: now_ms(),
            run_us: 0,
            participant_id: p.participant_id,
            group_id: p.group_id,
            round: p.round,
            page,
            data: data.clone(),
            replies: Vec::new(),
            error: None,
            segment: 0,
            seed: None,
        };
        store
            .commit(vec![Write::Message {
                session: seat.session.clone(),
                seq,
                record,
            }])
            .await?;
        let line: Arc<str> = Arc::from(data.as_str());
        let out = frame(std::slice::from_ref(&line));
        let mut state = lock(&ch.state);
        if let Some(h) = &mut state.history {
            h.push(line);
        }
        for m in &state.members {
            m.queue.push(out.clone());
        }
        Ok(())
    }

    /// Takes the seat's page view out of its channel.
    pub fn leave_chat(&self, seat: &ChatSeat) {
        let ch = self.inner.chat.channel(&seat.session, &seat.channel);
        lock(&ch.state).members.retain(|m| m.view != seat.view);
    }

    /// The key of chat boxes' tokens (pages are rendered with it).
    pub fn chat_key(&self) -> &ChatKey {
        &self.inner.chat_key
    }

    /// The name of page `index` of `session`'s experiment.
    async fn page_name(&self, session: &str, index: u32) -> Result<String, LiveError> {
        let record = self
            .inner
            .store
            .session(session)?
            .ok_or(LiveError::UnknownParticipant)?;
        let experiment = self.experiment(&record.experiment).await?;
        Ok(experiment
            .info
            .page(index)
            .map(|p| p.name.clone())
            .unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_holds_for_its_code_channel_and_nickname_only() {
        let key = ChatKey([7; 32]);
        let t = key.token("abc", "g1-r1", "Participant 1");
        assert_eq!(t, key.token("abc", "g1-r1", "Participant 1"));
        assert_ne!(t, key.token("abd", "g1-r1", "Participant 1"));
        assert_ne!(t, key.token("abc", "g2-r1", "Participant 1"));
        assert_ne!(t, key.token("abc", "g1-r1", "Participant 2"));
        // Moving text from one field to the next changes the token.
        assert_ne!(t, key.token("abcg", "1-r1", "Participant 1"));
        assert_ne!(ChatKey([8; 32]).token("abc", "g1-r1", "Participant 1"), t);
    }
}
