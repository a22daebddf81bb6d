//! The answer to a live message: its outcome goes to whoever awaits it
//! ([`Livehost::send_live`](super::Livehost::send_live)), or, for a message
//! from a page view, straight into that view's queue as its answer frame.
//!
//! A page view's answer is queued by the group's commit callback right
//! after the message's replies ([`super::PageViews::deliver`]), so the
//! sender's writer wakes once and sends its `{"recv": ...}` and its
//! `{"ack": n}` in one write. Before, the socket's reader awaited each
//! outcome and queued the ack itself: a second wake-up and a second write
//! per message, a fifth of the host's time in the bench's closed loop.

use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::Utf8Bytes;

use super::page_views::ViewQueue;
use super::{Delivery, LiveError};
use crate::metrics::LiveFigures;
use crate::store::StoreError;

/// Where the outcome of a request to a group goes.
pub(crate) trait Respond<T>: Send + 'static {
    fn respond(self, outcome: T);
}

impl<T: Send + 'static> Respond<T> for oneshot::Sender<T> {
    fn respond(self, outcome: T) {
        // The caller stopped waiting: the outcome is in the message log.
        let _ = self.send(outcome);
    }
}

/// Where a live message's outcome goes.
pub(crate) enum LiveReply {
    /// A caller in the host awaits it.
    Caller(oneshot::Sender<Result<Vec<Delivery>, LiveError>>),
    /// The page view that sent it gets its answer frame.
    PageView(PageAnswer),
}

impl Respond<Result<Vec<Delivery>, LiveError>> for LiveReply {
    fn respond(self, outcome: Result<Vec<Delivery>, LiveError>) {
        match self {
            LiveReply::Caller(tx) => tx.respond(outcome),
            LiveReply::PageView(answer) => answer.answer(&outcome),
        }
    }
}

/// The answer owed to one live message of a page view. Dropped unanswered
/// (its group stopped with the message queued), it answers that the host
/// stopped, so that no message goes without an answer.
pub struct PageAnswer {
    /// The message's number in its view (none: it had no id).
    id: Option<u64>,
    queue: ViewQueue,
    answered: bool,
    /// When the message arrived, and its session's figures.
    received: std::time::Instant,
    figures: LiveFigures,
    /// Held until answered: the view's socket waits for every one of these
    /// to be dropped before it closes (see `participant_socket`).
    _in_flight: mpsc::Sender<()>,
}

impl PageAnswer {
    pub(crate) fn new(
        id: Option<u64>,
        queue: ViewQueue,
        in_flight: mpsc::Sender<()>,
        figures: LiveFigures,
    ) -> Self {
        PageAnswer {
            id,
            queue,
            answered: false,
            received: std::time::Instant::now(),
            figures,
            _in_flight: in_flight,
        }
    }

    fn answer(mut self, outcome: &Result<Vec<Delivery>, LiveError>) {
        self.answered = true;
        self.figures
            .answered(self.received.elapsed(), outcome.as_ref().map(Vec::len));
        if let Some(frame) = outcome_frame(self.id, outcome) {
            self.queue.push(Utf8Bytes::from(frame));
        }
    }
}

impl Drop for PageAnswer {
    fn drop(&mut self) {
        if !self.answered {
            let closed = Err(LiveError::Store(StoreError::Closed));
            if let Some(frame) = outcome_frame(self.id, &closed) {
                self.queue.push(Utf8Bytes::from(frame));
            }
        }
    }
}

/// `{"error": text, "id": n}`: message `n` was not applied (no `id` when
/// the frame could not be read).
pub(crate) fn error_frame(id: Option<u64>, text: &str) -> String {
    let mut v = serde_json::json!({ "error": text });
    if let Some(id) = id {
        v["id"] = id.into();
    }
    v.to_string()
}

/// The answer to live message `id` once its call is done: an ack, or the
/// error (none for a message without an id that succeeded).
fn outcome_frame(id: Option<u64>, outcome: &Result<Vec<Delivery>, LiveError>) -> Option<String> {
    match (id, outcome) {
        (Some(id), Ok(_)) => Some(format!("{{\"ack\":{id}}}")),
        (Some(id), Err(LiveError::AlreadyApplied)) => {
            Some(format!("{{\"ack\":{id},\"again\":true}}"))
        }
        (None, Ok(_)) => None,
        (id, Err(e)) => Some(error_frame(id, &e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::{PageViews, SocketLimits, ViewFrame};

    fn next(view: &mut crate::live::PageView) -> Option<String> {
        view.outbound
            .try_recv()
            .ok()
            .map(|ViewFrame::Text(t)| t.to_string())
    }

    #[test]
    fn a_page_view_gets_one_answer_per_message_even_when_its_group_drops_it() {
        let views = PageViews::new(SocketLimits::default());
        let mut view = views.open("p1").expect("a page view");
        let (in_flight, mut all_answered) = mpsc::channel::<()>(1);
        let figures = LiveFigures::detached("s");
        let answer =
            |id| PageAnswer::new(id, view.queue.clone(), in_flight.clone(), figures.clone());

        LiveReply::PageView(answer(Some(1))).respond(Ok(Vec::new()));
        LiveReply::PageView(answer(Some(2))).respond(Err(LiveError::AlreadyApplied));
        LiveReply::PageView(answer(Some(3))).respond(Err(LiveError::Finished));
        LiveReply::PageView(answer(None)).respond(Ok(Vec::new()));
        drop(answer(Some(4)));
        drop(in_flight);

        assert_eq!(next(&mut view).as_deref(), Some(r#"{"ack":1}"#));
        assert_eq!(
            next(&mut view).as_deref(),
            Some(r#"{"ack":2,"again":true}"#)
        );
        let refused: serde_json::Value = serde_json::from_str(&next(&mut view).unwrap()).unwrap();
        assert_eq!(refused["id"], 3);
        assert_eq!(refused["error"], LiveError::Finished.to_string());
        let dropped: serde_json::Value = serde_json::from_str(&next(&mut view).unwrap()).unwrap();
        assert_eq!(dropped["id"], 4, "a message its group dropped is answered");
        assert_eq!(
            dropped["error"],
            LiveError::Store(StoreError::Closed).to_string()
        );
        assert_eq!(
            next(&mut view),
            None,
            "a message without an id that worked has no answer"
        );
        assert!(
            matches!(
                all_answered.try_recv(),
                Err(mpsc::error::TryRecvError::Disconnected)
            ),
            "every answer has let go of the in-flight count"
        );
    }
}
