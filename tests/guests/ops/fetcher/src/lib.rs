//! An async live method that fetches `data["url"]` `data["times"]` times,
//! reading each body to its end, and answers the sender with what it got:
//! `{"fetched": n, "bytes": total}`; a fetch or read that fails ends the
//! call with `fetch i: ...` or `read i: ...` (i from 1).

use livehost_guest::AsyncExperiment;
use livehost_guest::http::Request;
use livehost_guest::prelude::*;

pub struct Fetcher;

impl AsyncExperiment for Fetcher {
    fn info() -> Info {
        Info::new("fetcher", 1)
            .page(Page::live("Fetch", ""))
            .page(Page::normal("End", ""))
    }

    async fn live_method(player: &Player<'_>, _page: &str, data: Value) -> Result<Replies> {
        let url = data["url"].as_str().unwrap_or_default().to_string();
        let times = data["times"].as_u64().unwrap_or(1);
        let mut bytes = 0usize;
        for i in 1..=times {
            let mut response = player
                .fetch(Request::get(url.clone()))
                .await
                .map_err(|e| Error::new(format!("fetch {i}: {e}")))?;
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|e| Error::new(format!("read {i}: {e}")))?
            {
                bytes += chunk.len();
            }
        }
        Ok(Replies::to(
            player.id_in_group(),
            json!({"fetched": times, "bytes": bytes}),
        ))
    }
}

livehost_guest::export_async_experiment!(Fetcher);
