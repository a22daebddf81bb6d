//! The live flow as a library: sessions of an uploaded experiment, live
//! messages in and replies out, pages advanced with before-next.
//!
//! Where a live message goes: a page view's socket
//! ([`participant_socket`]) hands it to [`Livehost::send_live`]
//! ([`livehost`]), which finds the participant's group and queues the
//! message there ([`group`]: one call at a time per group, groups in
//! parallel); the group runs it in its instance against a call transaction,
//! submits the writes and the message-log entry to the store's committer,
//! and once that commit is durable the replies go to the recipients' open
//! page views ([`page_views`]) and the answer to the sender ([`answer`]).

mod admin_views;
mod all_groups_wait;
mod answer;
mod app_sequence;
mod arrival_groups;
mod async_call;
mod chat;
pub mod chat_socket;
mod client_acks;
mod config;
mod creating_session;
mod error;
mod group;
mod instance_pool;
mod livehost;
mod lookup;
pub mod node;
mod page_timeouts;
mod page_views;
pub mod participant_socket;
mod payments;
mod position;
mod room;
mod session;
mod session_waits;

pub use admin_views::{AdminReport, AdminViewError};
pub use app_sequence::SequenceError;
pub use chat::{ChatKey, ChatSeat, MAX_CHAT_CHARS};
pub use client_acks::{ClientMessageId, MAX_VIEW_LEN};
pub use error::{AdvanceError, FormErrors, LiveError, SessionError};
pub use group::{Delivery, ShownView};
pub use node::NodeId;
pub use page_timeouts::TimeoutTrigger;
pub use page_views::{PageView, PageViews, Presence, SocketLimits, ViewFrame, ViewQueue};
pub use payments::{Payment, Payments};
pub use position::Position;
pub use room::RoomError;
pub use session::{CreatedSession, RecordedSetup, SessionOptions, SessionParticipant};

pub use config::Config;
pub(crate) use livehost::Shared;
pub use livehost::{Advanced, Livehost, ParticipantPage, QueuedLive, UploadError};

/// Now, in ms since the Unix epoch (0 if the clock is before it).
fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // The maps behind these locks are updated by single inserts, so a panic
    // elsewhere cannot leave them inconsistent.
    m.lock().unwrap_or_else(|p| p.into_inner())
}
