//! The trait an experiment implements, and the one place where a call from
//! the host (or the harness) becomes a call of that trait: JSON text in,
//! JSON text out, on top of a [`Backend`].

use serde_json::Value;

use crate::backend::Backend;
use crate::error::Result;
use crate::form::Form;
use crate::info::Info;
use crate::player::{Player, PlayerInfo};
use crate::replies::Replies;

/// An experiment: oTree's app, as one trait impl. Export it from a
/// `cdylib` crate with [`export_experiment!`](crate::export_experiment).
///
/// All state lives in the host: read and write it through the `player`
/// handle ([`Player::group`], [`Player::get`], [`Player::table`], ...), never
/// in statics. A call that returns `Err` (or panics) keeps none of its
/// writes.
pub trait Experiment {
    /// Name, group size, rounds and pages. Called once when the component is
    /// uploaded; it must not touch state.
    fn info() -> Info;

    /// Handle one `liveSend(data)` from `player`'s page `page` (oTree's
    /// `live_method(player, data)`). Return the replies, or an error to
    /// refuse the message: nothing the call wrote is kept and the sender's
    /// page gets the text.
    fn live_method(player: &Player<'_>, page: &str, data: Value) -> Result<Replies>;

    /// Decide whether `player` may leave `page` with these form fields
    /// (oTree's `error_message`). An error keeps them on the page and shows
    /// them the text; its writes are dropped. The default lets everyone go.
    fn before_next(player: &Player<'_>, page: &str, form: &Form) -> Result<()> {
        let _ = (player, page, form);
        Ok(())
    }
}

/// A reply as it crosses the WIT: recipient and JSON text.
pub(crate) type RawMessage = (u32, String);

/// Run `E::live_method` for the WIT's `live-method(page, player, data)`.
pub(crate) fn call_live_method<E: Experiment>(
    backend: &dyn Backend,
    page: &str,
    player: PlayerInfo,
    data: &str,
) -> Result<Vec<RawMessage>, String> {
    let data: Value = serde_json::from_str(data)
        .map_err(|e| format!("the data sent from page {page} is not valid JSON: {e}"))?;
    let player = Player::new(player, backend);
    let replies = E::live_method(&player, page, data)?.into_messages()?;
    Ok(replies
        .into_iter()
        .map(|r| (r.to, r.payload.to_string()))
        .collect())
}

/// Run `E::before_next` for the WIT's `before-next(page, player, form)`.
pub(crate) fn call_before_next<E: Experiment>(
    backend: &dyn Backend,
    page: &str,
    player: PlayerInfo,
    form: &str,
) -> Result<(), String> {
    let form = Form::from_json(form)?;
    let player = Player::new(player, backend);
    Ok(E::before_next(&player, page, &form)?)
}
