//! The seeds' auction: a bid higher than the group's highest is stored and
//! broadcast to the group as `{"id_in_group": id, "bid": bid}`; a lower bid
//! gets no reply. Every accepted bid is a row of the log table `bids`, and
//! `liveSend({})` (sent when the page loads) returns those rows to the
//! sender, one message per bid in the broadcast's shape, so the page's
//! `liveRecv` redraws the history unchanged.

use livehost_guest::prelude::*;
use serde_json::Number;

/// The experiment.
pub struct Auction;

/// A row of the `bids` table (who bid is the row's id-in-group).
#[derive(Debug, Serialize, Deserialize)]
struct Bid {
    bid: Number,
}

/// The payload of an accepted bid, broadcast and replayed as history.
fn announcement(id_in_group: u32, bid: &Number) -> Value {
    json!({"id_in_group": id_in_group, "bid": bid})
}

impl Experiment for Auction {
    fn info() -> Info {
        Info::new("auction", 2)
            .page(Page::live("Auction", include_str!("../pages/auction.html")))
            .page(Page::normal(
                "Results",
                include_str!("../pages/results.html"),
            ))
    }

    fn live_method(player: &Player, _page: &str, data: Value) -> Result<Replies> {
        let bids = player.table("bids");
        let bid = match data {
            Value::Object(map) if map.is_empty() => {
                let mut history = Replies::none();
                for row in bids.query::<Bid>(Filter::new().round(player.round()))? {
                    history.push(
                        player.id_in_group(),
                        announcement(row.id_in_group, &row.fields.bid),
                    );
                }
                return Ok(history);
            }
            Value::Number(bid) => bid,
            other => bail!("a bid must be a number, not {other}"),
        };
        let group = player.group();
        let highest: Option<Number> = group.get("highest_bid")?;
        let highest = highest.and_then(|h| h.as_f64()).unwrap_or(0.0);
        if bid.as_f64().is_none_or(|b| b <= highest) {
            return Ok(Replies::none());
        }
        group.set("highest_bid", &bid)?;
        group.set("highest_bidder", &player.id_in_group())?;
        bids.append(&Bid { bid: bid.clone() })?;
        Ok(Replies::to_group(announcement(player.id_in_group(), &bid)))
    }
}

livehost_guest::export_experiment!(Auction);

#[cfg(test)]
mod tests;
