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
    /// page gets the text. The default refuses every message: an experiment
    /// with live pages implements it.
    fn live_method(player: &Player<'_>, page: &str, data: Value) -> Result<Replies> {
        let _ = (player, data);
        Err(crate::error::Error::new(format!(
            "page {page} has no live method: implement Experiment::live_method to handle its liveSend"
        )))
    }

    /// Decide whether `player` may leave `page` with these form fields
    /// (oTree's `error_message`). An error keeps them on the page and shows
    /// them the text; its writes are dropped. The default lets everyone go.
    fn before_next(player: &Player<'_>, page: &str, form: &Form) -> Result<()> {
        let _ = (player, page, form);
        Ok(())
    }
}

/// An experiment whose live method is async (the WIT world
/// `async-experiment`, oTree's `async def live_method ... yield`): it may
/// [`sleep`](Player::sleep) and [`emit`](Player::emit) messages as it
/// goes, while the group's other live messages are served. Export it with
/// [`export_async_experiment!`](crate::export_async_experiment).
///
/// The call runs in segments, from one await of `sleep` to the next: each
/// segment runs alone in its group and is one transaction, committed at
/// the await (its emitted messages delivered then). So a read-modify-write
/// inside a segment never loses an update; read again after an await. An
/// error or panic drops only the current segment's writes.
///
/// Every sync [`Experiment`] is also an `AsyncExperiment` whose live method
/// never awaits, so the [harness](crate::harness) runs both.
pub trait AsyncExperiment {
    /// As [`Experiment::info`].
    fn info() -> Info;

    /// Handle one `liveSend(data)`, asynchronously. Returns the replies of
    /// the last segment (delivered after the messages it emitted).
    fn live_method(
        player: &Player<'_>,
        page: &str,
        data: Value,
    ) -> impl std::future::Future<Output = Result<Replies>>;

    /// As [`Experiment::before_next`] (not async).
    fn before_next(player: &Player<'_>, page: &str, form: &Form) -> Result<()> {
        let _ = (player, page, form);
        Ok(())
    }
}

impl<E: Experiment> AsyncExperiment for E {
    fn info() -> Info {
        <E as Experiment>::info()
    }

    async fn live_method(player: &Player<'_>, page: &str, data: Value) -> Result<Replies> {
        <E as Experiment>::live_method(player, page, data)
    }

    fn before_next(player: &Player<'_>, page: &str, form: &Form) -> Result<()> {
        <E as Experiment>::before_next(player, page, form)
    }
}

/// Run `E::live_method` (async) for the WIT's `live-method`.
#[doc(hidden)]
pub async fn call_live_method_async<E: AsyncExperiment>(
    backend: &dyn Backend,
    page: &str,
    player: PlayerInfo,
    data: &str,
) -> Result<Vec<RawMessage>, String> {
    let data: Value = serde_json::from_str(data)
        .map_err(|e| format!("the data sent from page {page} is not valid JSON: {e}"))?;
    let player = Player::new(player, backend);
    let replies = E::live_method(&player, page, data).await?.into_messages()?;
    Ok(raw(replies))
}

fn raw(replies: Vec<crate::replies::Reply>) -> Vec<RawMessage> {
    replies
        .into_iter()
        .map(|r| (r.to, r.payload.to_string()))
        .collect()
}

/// A reply as it crosses the WIT: recipient and JSON text.
#[doc(hidden)]
pub type RawMessage = (u32, String);

/// Runs a live method's future to its end without an async runtime: a sync
/// experiment's (and, in the harness, one that awaits only the harness's
/// `sleep`, which is ready at once) finishes in one poll; one that awaits
/// anything else never would, and gets an error.
pub(crate) fn block_on<T>(
    future: impl std::future::Future<Output = Result<T, String>>,
) -> Result<T, String> {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    for _ in 0..1000 {
        if let std::task::Poll::Ready(r) = future.as_mut().poll(&mut cx) {
            return r;
        }
    }
    Err("the live method awaited something other than player.sleep(): an async live method may await only the host's sleep".to_owned())
}

/// Run `E::before_next` for the WIT's `before-next(page, player, form)`.
#[doc(hidden)]
pub fn call_before_next<E: AsyncExperiment>(
    backend: &dyn Backend,
    page: &str,
    player: PlayerInfo,
    form: &str,
) -> Result<(), String> {
    let form = Form::from_json(form)?;
    let player = Player::new(player, backend);
    Ok(E::before_next(&player, page, &form)?)
}
