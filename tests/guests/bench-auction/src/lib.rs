//! The auction as `livehost-bench` drives it: four bidders per group, and
//! every bid is broadcast (a bid's sender measures the time until its own
//! broadcast arrives). The work per bid is the auction's: read the group's
//! highest bid, write the highest bid and bidder, append a row to `bids`,
//! broadcast `{"id_in_group", "bid", "highest"}` to the group. Bids from
//! four clients at once need not arrive in rising order, so a lower bid is
//! announced with the unchanged highest instead of going unanswered.

use livehost_guest::prelude::*;

/// The experiment.
pub struct BenchAuction;

/// A row of the `bids` table.
#[derive(Serialize, Deserialize)]
struct Bid {
    bid: u64,
}

impl Experiment for BenchAuction {
    fn info() -> Info {
        Info::new("bench-auction", 4).page(Page::live(
            "Auction",
            "<p>livehost-bench's auction: bids arrive over the page's websocket.</p>",
        ))
    }

    fn live_method(player: &Player, _page: &str, data: Value) -> Result<Replies> {
        let Some(bid) = data.as_u64() else {
            bail!("a bid must be a whole number, not {data}");
        };
        let group = player.group();
        let highest = group.get::<u64>("highest_bid")?.unwrap_or(0).max(bid);
        group.set("highest_bid", &highest)?;
        group.set("highest_bidder", &player.id_in_group())?;
        player.table("bids").append(&Bid { bid })?;
        Ok(Replies::to_group(json!({
            "id_in_group": player.id_in_group(),
            "bid": bid,
            "highest": highest,
        })))
    }
}

livehost_guest::export_experiment!(BenchAuction);
