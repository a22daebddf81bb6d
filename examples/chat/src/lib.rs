//! A group chat with private messages (the seeds' message types, history
//! and ExtraModel patterns). Three players per group.
//!
//! - `{"text": "hi"}` goes to the whole group; `{"text": "hi", "to": 2}` to
//!   player 2 only, echoed to the sender. Either way every recipient gets
//!   `{"from": id, "to": id or null, "text": text}`, and the message is a
//!   row of the log table `messages` (`{"to", "text"}`; the sender is the
//!   row's id-in-group).
//! - `{}` (sent when the page loads) returns the history to the sender: the
//!   messages they may see (to the group, to them, or from them), oldest
//!   first, one reply per message in the same shape, so the page's
//!   `liveRecv` draws them like new ones.
//!
//! Text is trimmed; empty text, text over [`MAX_CHARS`] characters, a `to`
//! that is not a player of the group, or any other data is refused with an
//! error to the sender.

use livehost_guest::prelude::*;

/// The experiment.
pub struct Chat;

/// The longest message, in characters.
pub const MAX_CHARS: usize = 500;

/// A row of the `messages` table.
#[derive(Debug, Serialize, Deserialize)]
struct Message {
    /// The recipient's id-in-group; `None` for the whole group.
    to: Option<u32>,
    text: String,
}

impl Message {
    /// The payload the pages receive.
    fn payload(&self, from: u32) -> Value {
        json!({"from": from, "to": self.to, "text": self.text})
    }

    /// Whether `id_in_group` may see this message sent by `from`.
    fn visible_to(&self, id_in_group: u32, from: u32) -> bool {
        self.to.is_none_or(|to| to == id_in_group) || from == id_in_group
    }
}

/// Check a message sent by `player`.
fn parse(player: &Player, data: &serde_json::Map<String, Value>) -> Result<Message> {
    let text = match data.get("text") {
        Some(Value::String(text)) => text.trim(),
        Some(other) => bail!("the text of a message must be a string, not {other}"),
        None => bail!(
            "send {{\"text\": \"...\"}} (and optionally \"to\": a player's id), or {{}} for the history"
        ),
    };
    if text.is_empty() {
        bail!("a message needs some text");
    }
    let chars = text.chars().count();
    if chars > MAX_CHARS {
        bail!("a message is at most {MAX_CHARS} characters long (this one has {chars})");
    }
    let to = match data.get("to") {
        None | Some(Value::Null) => None,
        Some(to) => {
            let Some(id) = to.as_u64().and_then(|id| u32::try_from(id).ok()) else {
                bail!("\"to\" must be a player's id in the group, not {to}");
            };
            Some(player.group().player(id)?.id_in_group())
        }
    };
    Ok(Message {
        to,
        text: text.to_owned(),
    })
}

impl Experiment for Chat {
    fn info() -> Info {
        Info::new("chat", 3)
            .page(Page::live("Chat", include_str!("../pages/chat.html")))
            .page(Page::normal("Thanks", include_str!("../pages/thanks.html")))
    }

    fn live_method(player: &Player, _page: &str, data: Value) -> Result<Replies> {
        let me = player.id_in_group();
        let table = player.table("messages");
        let Value::Object(data) = data else {
            bail!("a chat message is an object like {{\"text\": \"hi\"}}, not {data}");
        };
        if data.is_empty() {
            let mut history = Replies::none();
            for row in table.query::<Message>(Filter::new().round(player.round()))? {
                if row.fields.visible_to(me, row.id_in_group) {
                    history.push(me, row.fields.payload(row.id_in_group));
                }
            }
            return Ok(history);
        }
        let message = parse(player, &data)?;
        table.append(&message)?;
        let payload = message.payload(me);
        Ok(match message.to {
            None => Replies::to_group(payload),
            Some(to) if to == me => Replies::to(me, payload),
            Some(to) => Replies::to(to, &payload).and(me, payload),
        })
    }
}

livehost_guest::export_experiment!(Chat);

#[cfg(test)]
mod tests;
