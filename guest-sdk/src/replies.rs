//! What a live method sends back: payloads addressed to one player, several
//! players or the whole group (oTree's `{id_in_group: payload}` dict, with
//! `0` for everyone).

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};

/// The recipient id that means every player of the group (oTree's `{0: ..}`).
pub const GROUP: u32 = 0;

/// One reply: a payload for one id-in-group, or for [`GROUP`].
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    /// The recipient's id-in-group, or [`GROUP`] (0) for the whole group.
    pub to: u32,
    /// What the recipient's `liveRecv(data)` receives.
    pub payload: Value,
}

/// The replies of one live method call, in the order they were added.
///
/// Payloads are anything `Serialize`: a `serde_json::json!` value, a struct,
/// a number. A payload that cannot be serialized (e.g. a map with non-string
/// keys) makes the call fail with an error naming it when the replies are
/// sent.
///
/// ```
/// use livehost_guest::Replies;
/// use serde_json::json;
/// let r = Replies::to_group(json!({"id_in_group": 1, "bid": 10}))
///     .and(2, "you were outbid");
/// assert_eq!(r.messages().len(), 2);
/// assert_eq!(r.messages()[0].to, 0);
/// assert!(Replies::none().is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Replies {
    messages: Vec<Reply>,
    error: Option<Error>,
}

impl Replies {
    /// No reply at all.
    pub fn none() -> Self {
        Replies::default()
    }

    /// One payload to one player.
    pub fn to(id_in_group: u32, payload: impl Serialize) -> Self {
        Replies::none().and(id_in_group, payload)
    }

    /// One payload to every player of the group (`{0: payload}`).
    pub fn to_group(payload: impl Serialize) -> Self {
        Replies::to(GROUP, payload)
    }

    /// The same payload to each of several players, one message each.
    pub fn to_each(ids: impl IntoIterator<Item = u32>, payload: impl Serialize) -> Self {
        let mut replies = Replies::none();
        match serde_json::to_value(payload) {
            Ok(value) => {
                for to in ids {
                    replies.messages.push(Reply {
                        to,
                        payload: value.clone(),
                    });
                }
            }
            Err(e) => replies.fail(e),
        }
        replies
    }

    /// These replies and one more payload to `id_in_group`.
    pub fn and(mut self, id_in_group: u32, payload: impl Serialize) -> Self {
        self.push(id_in_group, payload);
        self
    }

    /// These replies and one more payload to the whole group.
    pub fn and_group(self, payload: impl Serialize) -> Self {
        self.and(GROUP, payload)
    }

    /// Add a payload for `id_in_group` ([`GROUP`] for everyone).
    pub fn push(&mut self, id_in_group: u32, payload: impl Serialize) {
        match serde_json::to_value(payload) {
            Ok(payload) => self.messages.push(Reply {
                to: id_in_group,
                payload,
            }),
            Err(e) => self.fail(e),
        }
    }

    /// Add every reply of `other` after these.
    pub fn extend(&mut self, other: Replies) {
        self.messages.extend(other.messages);
        if self.error.is_none() {
            self.error = other.error;
        }
    }

    /// The replies so far.
    pub fn messages(&self) -> &[Reply] {
        &self.messages
    }

    /// Whether there is no reply.
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty() && self.error.is_none()
    }

    /// The replies, or the error of the first payload that could not be
    /// serialized.
    pub fn into_messages(self) -> Result<Vec<Reply>> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.messages),
        }
    }

    fn fail(&mut self, e: serde_json::Error) {
        if self.error.is_none() {
            self.error = Some(Error::new(format!("a reply cannot be serialized: {e}")));
        }
    }
}

impl FromIterator<Reply> for Replies {
    fn from_iter<I: IntoIterator<Item = Reply>>(iter: I) -> Self {
        Replies {
            messages: iter.into_iter().collect(),
            error: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;

    #[test]
    fn builds_in_order() {
        let mut r = Replies::to_each([1, 3], json!("x")).and_group(5);
        r.push(2, json!({"a": 1}));
        let to: Vec<u32> = r.messages().iter().map(|m| m.to).collect();
        assert_eq!(to, [1, 3, 0, 2]);
        assert_eq!(r.messages()[2].payload, json!(5));
        assert_eq!(r.into_messages().unwrap().len(), 4);
    }

    #[test]
    fn unserializable_payload_is_an_error() {
        let bad: BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into_iter().collect();
        let r = Replies::to(1, "ok").and(2, &bad);
        assert!(!r.is_empty());
        let e = r.into_messages().unwrap_err();
        assert!(e.message().contains("cannot be serialized"), "{e}");
    }
}
