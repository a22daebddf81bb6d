//! A countdown the whole group watches, driven by an async live method:
//! the first page to load starts it; every second a tick goes to the group
//! (`{"remaining": n}`), and at 0 `{"type": "done"}`, on which the page
//! (which has no next button) submits itself. Each tick is one segment:
//! its write of `remaining` is committed, then the tick delivered.
//!
//! `liveSend({"start": seconds})`, sent by the page when it loads: starts
//! the countdown if it has not started (only one runs per group), else
//! answers the sender with where it is. `before_next` refuses until the
//! countdown is over.
//!
//! A host restart stops a countdown in flight (the call ends with the
//! process); the group's `remaining` then stays where it was, and the next
//! page load continues from there.

use livehost_guest::AsyncExperiment;
use livehost_guest::prelude::*;

/// The experiment.
pub struct Countdown;

/// The longest countdown a page may ask for, in seconds.
pub const MAX_SECONDS: u32 = 600;

/// Milliseconds between ticks.
pub const TICK_MS: u32 = 1000;

impl AsyncExperiment for Countdown {
    fn info() -> Info {
        Info::new("countdown", 2)
            .page(Page::live("Countdown", include_str!("countdown.html")).without_next_button())
            .page(Page::normal("Results", include_str!("results.html")))
    }

    async fn live_method(player: &Player<'_>, _page: &str, data: Value) -> Result<Replies> {
        let group = player.group();
        let me = player.id_in_group();
        if group.get_or("done", false)? {
            return Ok(Replies::to(me, json!({"type": "done"})));
        }
        if group.get_or("running", false)? {
            let remaining: u32 = group.get_or("remaining", 0)?;
            return Ok(Replies::to(me, json!({"remaining": remaining})));
        }
        let asked = data.get("start").and_then(Value::as_u64).unwrap_or(10);
        let Ok(seconds @ 1..=MAX_SECONDS) = u32::try_from(asked) else {
            bail!("a countdown lasts 1 to {MAX_SECONDS} seconds, not {asked}");
        };
        // A countdown stopped by a restart continues from where it was.
        let mut remaining: u32 = group.get_or("remaining", seconds)?;
        group.set("running", &true)?;
        loop {
            group.set("remaining", &remaining)?;
            player.emit(Replies::to_group(json!({"remaining": remaining})))?;
            if remaining == 0 {
                break;
            }
            player.sleep(TICK_MS).await?;
            remaining -= 1;
        }
        group.set("done", &true)?;
        Ok(Replies::to_group(json!({"type": "done"})))
    }

    fn before_next(player: &Player<'_>, page: &str, _form: &Form) -> Result<()> {
        if page == "Countdown" && !player.group().get_or("done", false)? {
            bail!("wait until the countdown is over");
        }
        Ok(())
    }
}

livehost_guest::export_async_experiment!(Countdown);

#[cfg(test)]
mod tests;
