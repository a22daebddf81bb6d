//! Many players' async calls incrementing one group counter across awaits:
//! the seeds' warning case for oTree's async live methods ("updates of
//! shared state can race"). Here each increment is a segment of its own,
//! run alone in the group and committed before the next await, so the
//! total always ends exact.
//!
//! `liveSend({"times": n})`: n times, increments the group's `counter`,
//! broadcasts `{"counter": value, "by": id_in_group}` and sleeps 10 ms;
//! then answers the sender `{"done": n, "counter": value}`. `liveSend({})`
//! returns the current value to the sender.

use livehost_guest::AsyncExperiment;
use livehost_guest::prelude::*;

/// The experiment.
pub struct SharedCounter;

/// The most increments one message may ask for.
pub const MAX_TIMES: u32 = 1000;

impl AsyncExperiment for SharedCounter {
    fn info() -> Info {
        Info::new("shared-counter", 4)
            .page(Page::live("Counter", include_str!("counter.html")))
            .page(Page::normal("Results", include_str!("results.html")))
    }

    async fn live_method(player: &Player<'_>, _page: &str, data: Value) -> Result<Replies> {
        let group = player.group();
        let me = player.id_in_group();
        let Some(times) = data.get("times") else {
            let counter: u64 = group.get_or("counter", 0)?;
            return Ok(Replies::to(me, json!({"counter": counter})));
        };
        let Some(times @ 1..=1000) = times.as_u64() else {
            bail!("times must be a whole number from 1 to {MAX_TIMES}, not {times}");
        };
        let mut counter = 0;
        for _ in 0..times {
            counter = group.update("counter", 0u64, |c| *c += 1)?;
            player.emit(Replies::to_group(json!({"counter": counter, "by": me})))?;
            player.sleep(10).await?;
        }
        Ok(Replies::to(me, json!({"done": times, "counter": counter})))
    }
}

livehost_guest::export_async_experiment!(SharedCounter);

#[cfg(test)]
mod tests;
