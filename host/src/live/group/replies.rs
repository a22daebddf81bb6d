//! A live call's replies, checked and routed: the guest returns messages
//! addressed by id in group (`0` = the whole group); each becomes one
//! [`Delivery`] per recipient for the page views, and one [`Reply`] for the
//! message log (each payload once, with its recipients' participant ids).
//!
//! Pure over the group's members, so that the rules (limits, JSON, who is
//! addressed) are tested here without a guest.

use std::sync::Arc;

use crate::live::LiveError;
use crate::runtime::{CallLimits, GuestMessage, check_json};
use crate::store::{ParticipantRecord, Reply};

/// One reply for one participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The recipient's participant id within the session.
    pub participant_id: u32,
    /// The recipient's secret code (to find their connections).
    pub code: Arc<str>,
    /// JSON text for `liveRecv` (shared by every recipient of a message to
    /// the whole group).
    pub payload: Arc<str>,
}

/// A call's replies, ready for the pages and for the message log.
pub(crate) type Routed = (Vec<Delivery>, Vec<Reply>);

/// Checks `messages` against the call's `limits` and routes them to the
/// group's `members` (whose codes are `codes`, by the same index).
pub(crate) fn route(
    members: &[ParticipantRecord],
    codes: &[Arc<str>],
    messages: Vec<GuestMessage>,
    limits: &CallLimits,
) -> Result<Routed, LiveError> {
    if messages.len() > limits.max_replies {
        return Err(LiveError::BadReply(format!(
            "the live method returned {} messages, more than the limit of {}",
            messages.len(),
            limits.max_replies
        )));
    }
    let max = limits.max_reply_bytes;
    let total: usize = messages.iter().map(|m| m.payload.len()).sum();
    if total > max {
        return Err(LiveError::BadReply(format!(
            "the replies total {total} bytes, more than the {max}-byte limit"
        )));
    }
    let mut deliveries = Vec::with_capacity(messages.len());
    let mut replies = Vec::with_capacity(messages.len());
    for m in messages {
        check_json("a reply payload", &m.payload)
            .map_err(|e| LiveError::BadReply(e.to_string()))?;
        let recipients = recipients(members, m.to)?;
        let payload: Arc<str> = Arc::from(m.payload.as_str());
        deliveries.extend(recipients.clone().map(|i| Delivery {
            participant_id: members[i].participant_id,
            code: codes[i].clone(),
            payload: payload.clone(),
        }));
        replies.push(Reply {
            to: recipients.map(|i| members[i].participant_id).collect(),
            payload: m.payload,
        });
    }
    Ok((deliveries, replies))
}

/// Indices into `members` of those a message `to` reaches: everyone for
/// `0`, else the one with that id in group. Members are in the order of
/// their ids (1, 2, ...): a member's record may be that of another app of
/// the session, where their id differs (see `app_sequence`).
fn recipients(members: &[ParticipantRecord], to: u32) -> Result<std::ops::Range<usize>, LiveError> {
    if to == 0 {
        return Ok(0..members.len());
    }
    let i = to as usize - 1;
    if i >= members.len() {
        return Err(LiveError::BadReply(format!(
            "a reply is addressed to id_in_group {to}, but the group has ids 1 to {} (0 = everyone)",
            members.len()
        )));
    }
    Ok(i..i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(n: u32) -> (Vec<ParticipantRecord>, Vec<Arc<str>>) {
        let members: Vec<ParticipantRecord> = (1..=n)
            .map(|i| ParticipantRecord {
                code: format!("code{i}"),
                session: "s".into(),
                participant_id: 10 + i,
                group_id: 3,
                id_in_group: i,
                round: 1,
                page_index: 0,
                finished: false,
                deadline_ms: None,
                arrived_ms: None,
                app: 0,
            })
            .collect();
        let codes = members.iter().map(|m| Arc::from(m.code.as_str())).collect();
        (members, codes)
    }

    fn message(to: u32, payload: &str) -> GuestMessage {
        GuestMessage {
            to,
            payload: payload.to_string(),
        }
    }

    #[test]
    fn zero_reaches_everyone_and_an_id_reaches_one() {
        let (members, codes) = group(3);
        let messages = vec![message(0, r#"{"all":1}"#), message(2, r#"{"you":2}"#)];
        let (deliveries, replies) =
            route(&members, &codes, messages, &CallLimits::default()).unwrap();
        let to: Vec<(&str, &str)> = deliveries.iter().map(|d| (&*d.code, &*d.payload)).collect();
        assert_eq!(
            to,
            [
                ("code1", r#"{"all":1}"#),
                ("code2", r#"{"all":1}"#),
                ("code3", r#"{"all":1}"#),
                ("code2", r#"{"you":2}"#),
            ]
        );
        assert_eq!(deliveries[3].participant_id, 12);
        assert_eq!(replies.len(), 2);
        assert_eq!(replies[0].to, [11, 12, 13]);
        assert_eq!(replies[1].to, [12]);
        assert_eq!(replies[1].payload, r#"{"you":2}"#);
    }

    #[test]
    fn an_id_outside_the_group_is_refused_with_the_ids_it_has() {
        let (members, codes) = group(2);
        let e = route(
            &members,
            &codes,
            vec![message(3, "1")],
            &CallLimits::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("addressed to id_in_group 3, but the group has ids 1 to 2"),
            "{e}"
        );
    }

    #[test]
    fn a_payload_that_is_not_json_is_refused() {
        let (members, codes) = group(2);
        let e = route(
            &members,
            &codes,
            vec![message(0, "{nope")],
            &CallLimits::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("a reply payload is not valid JSON"), "{e}");
    }

    #[test]
    fn too_many_or_too_large_replies_are_refused() {
        let (members, codes) = group(2);
        let limits = CallLimits {
            max_replies: 2,
            max_reply_bytes: 10,
            ..CallLimits::default()
        };
        let three = vec![message(0, "1"), message(0, "2"), message(0, "3")];
        let e = route(&members, &codes, three, &limits)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("returned 3 messages, more than the limit of 2"),
            "{e}"
        );
        let large = vec![message(1, "\"123456\""), message(2, "\"1234\"")];
        let e = route(&members, &codes, large, &limits)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("the replies total 14 bytes, more than the 10-byte limit"),
            "{e}"
        );
        let fits = vec![message(1, "\"12345\""), message(2, "1")];
        assert!(route(&members, &codes, fits, &limits).is_ok());
    }
}
