//! A session's room link: one address for every participant, as oTree's
//! session-wide link. Each arrival is handed the next participant nobody
//! uses yet; the page then sends them on to that participant's own link.
//!
//! A participant is free for the room when the room has not handed them
//! out, they are still on the first page of round 1, their page has never
//! sent a live message, and no page of theirs has been opened since the
//! host started (their direct link may have been handed out as well).
//! Seats are durable (`room_seats`), so a restart never hands anybody out
//! twice; a page opened before a restart is known only if it sent a live
//! message or is open again.

use super::{Livehost, now_ms};
use crate::store::StoreError;

/// Why an arrival got no participant.
#[derive(Debug, thiserror::Error)]
pub enum RoomError {
    #[error("there is no session {0:?}: check the room link you were given")]
    UnknownSession(String),
    #[error("this session has been closed by the experimenter: nobody can join it any more")]
    Closed,
    #[error("every place in this session is taken: ask the experimenter for a link of your own")]
    Full,
    #[error(
        "{0} places in this session have been taken from your address already, the most one address may take: ask the experimenter for a link of your own"
    )]
    AddressFull(u32),
    #[error("the host cannot take anybody in now ({0}): try again in a moment")]
    Store(#[from] StoreError),
}

impl Livehost {
    /// Hands an arrival at `session`'s room link a participant; returns
    /// their code.
    pub async fn seat_in_room(&self, session: &str) -> Result<String, RoomError> {
        let record = self
            .store()
            .session(session)?
            .ok_or_else(|| RoomError::UnknownSession(session.to_string()))?;
        if record.closed_ms.is_some() || self.inner.is_closed(session) {
            return Err(RoomError::Closed);
        }
        let host = self.clone();
        let session = session.to_string();
        // A durable write: off the runtime's workers.
        let seated = tokio::task::spawn_blocking(move || {
            let views = host.page_views();
            host.store().take_room_seat(&session, now_ms(), |p| {
                p.page_index == 0
                    && p.round == 1
                    && !p.finished
                    && views.presence(&p.code).last_activity_ms.is_none()
            })
        })
        .await
        .map_err(|e| StoreError::Io(format!("the seating task failed: {e}")))??;
        seated.map(|p| p.code).ok_or(RoomError::Full)
    }
}
