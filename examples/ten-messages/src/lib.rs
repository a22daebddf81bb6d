//! The seeds' "keeping users on the page": the group must send 10 live
//! messages before anyone may leave. Each message increments the group's
//! `num_messages`; from the 10th on, `game_finished` is set and every
//! message broadcasts `{"type": "game_finished"}`, on which the page (which
//! has no next button) submits `form#form` itself. `before_next` refuses
//! until then, so a hand-made POST cannot skip ahead either.
//!
//! `liveSend({})`, sent when the page loads, is not a message: it asks for
//! the status, returned to the sender only: `{"type": "game_finished"}` if
//! the game is over (so a reloaded page moves on at once), else
//! `{"type": "progress", "num_messages": n}`.

use livehost_guest::prelude::*;

/// The experiment.
pub struct TenMessages;

/// How many messages the group must send.
pub const MESSAGES_NEEDED: u32 = 10;

fn game_finished() -> Value {
    json!({"type": "game_finished"})
}

impl Experiment for TenMessages {
    fn info() -> Info {
        Info::new("ten-messages", 2)
            .page(Page::live("Chat", include_str!("../pages/chat.html")).without_next_button())
            .page(Page::normal(
                "Results",
                include_str!("../pages/results.html"),
            ))
    }

    fn live_method(player: &Player, _page: &str, data: Value) -> Result<Replies> {
        let group = player.group();
        if data.as_object().is_some_and(|m| m.is_empty()) {
            if group.get_or("game_finished", false)? {
                return Ok(Replies::to(player.id_in_group(), game_finished()));
            }
            let n: u32 = group.get_or("num_messages", 0)?;
            return Ok(Replies::to(
                player.id_in_group(),
                json!({"type": "progress", "num_messages": n}),
            ));
        }
        let n = group.update("num_messages", 0u32, |n| *n += 1)?;
        if n >= MESSAGES_NEEDED {
            group.set("game_finished", &true)?;
            return Ok(Replies::to_group(game_finished()));
        }
        Ok(Replies::none())
    }

    fn before_next(player: &Player, page: &str, _form: &Form) -> Result<()> {
        if page == "Chat" && !player.group().get_or("game_finished", false)? {
            bail!("you need to stay until {MESSAGES_NEEDED} messages are sent");
        }
        Ok(())
    }
}

livehost_guest::export_experiment!(TenMessages);

#[cfg(test)]
mod tests;
