//! Applying a live message once when a page sends it again.
//!
//! live.js numbers the messages of each page view (a random view id, then
//! 1, 2, 3, ...) and, after a reconnect, sends again every message it has
//! no answer for. A view's messages reach its group in order, so what a
//! group has applied from a view is always a prefix: one number per view
//! says which messages to refuse as already applied. Each participant keeps
//! the numbers of their most recent views; the group writes them in the
//! same transaction as the call that applied the message (the
//! `client_acks` table), so a resend after a host restart is refused too.

use serde::{Deserialize, Serialize};

use crate::store::StoreError;

/// How many page views per participant are remembered: more than the tabs
/// and reloads a participant has open while a resend is pending.
const VIEWS_KEPT: usize = 16;

/// Longest page-view id accepted.
pub const MAX_VIEW_LEN: usize = 64;

/// Names one live message of one page view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientMessageId {
    /// The page view's random id (letters, digits, `-` and `_`).
    pub view: String,
    /// The message's number within the view, from 1.
    pub n: u64,
}

impl ClientMessageId {
    /// Whether `view` is an id live.js could have made.
    pub fn valid_view(view: &str) -> bool {
        !view.is_empty()
            && view.len() <= MAX_VIEW_LEN
            && view
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }
}

/// A participant's last applied message number per page view, the most
/// recently used view last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct ClientAcks(Vec<(String, u64)>);

impl ClientAcks {
    /// Reads the stored form (`None`: the participant never sent one).
    pub(crate) fn parse(stored: Option<&str>) -> Result<ClientAcks, StoreError> {
        match stored {
            None => Ok(ClientAcks::default()),
            Some(json) => serde_json::from_str(json).map_err(|e| {
                StoreError::Corrupt(format!("a participant's client_acks entry: {e}"))
            }),
        }
    }

    /// Whether this message was applied already.
    pub(crate) fn applied(&self, id: &ClientMessageId) -> bool {
        self.0.iter().any(|(v, n)| *v == id.view && *n >= id.n)
    }

    /// Notes the message as applied; returns the stored form.
    pub(crate) fn record(&mut self, id: &ClientMessageId) -> String {
        self.0.retain(|(v, _)| *v != id.view);
        self.0.push((id.view.clone(), id.n));
        if self.0.len() > VIEWS_KEPT {
            self.0.remove(0);
        }
        serde_json::to_string(&self.0).unwrap_or_else(|_| "[]".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(view: &str, n: u64) -> ClientMessageId {
        ClientMessageId {
            view: view.into(),
            n,
        }
    }

    #[test]
    fn a_view_applies_each_number_once_and_old_views_are_forgotten() {
        let mut acks = ClientAcks::default();
        assert!(!acks.applied(&id("a", 1)));
        let stored = acks.record(&id("a", 2));
        assert!(acks.applied(&id("a", 1)) && acks.applied(&id("a", 2)));
        assert!(!acks.applied(&id("a", 3)) && !acks.applied(&id("b", 1)));
        assert_eq!(ClientAcks::parse(Some(&stored)).unwrap(), acks);
        for v in 0..VIEWS_KEPT {
            acks.record(&id(&format!("v{v}"), 1));
        }
        assert!(!acks.applied(&id("a", 1)), "the oldest view is dropped");
        assert!(ClientAcks::parse(Some("{")).is_err());
        assert!(ClientMessageId::valid_view("Ab-_9"));
        assert!(!ClientMessageId::valid_view("a b") && !ClientMessageId::valid_view(""));
    }
}
