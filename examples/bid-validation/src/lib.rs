//! The seeds' form validation on a live page: the auction with a maximum
//! bid of 99. The page's `<input type="number" max="99" required
//! form="liveform">` and `liveform.reportValidity()` stop most bad bids in
//! the browser, but HTML is not secure, so the live method checks again: a
//! bid over 99 gets `{"type": "error", "message": "Bid is too high"}`, to
//! the sender only (the seed's `{id_in_group: response}`), and is not
//! stored.
//!
//! Valid bids work as in the auction: a bid higher than the group's
//! highest is stored (`highest_bid`, `highest_bidder`), logged in table
//! `bids` and broadcast as `{"id_in_group": id, "bid": bid}`; a lower one
//! gets no reply; `liveSend({})` returns the group's accepted bids to the
//! sender, one message each; anything that is not a number is refused
//! with an error.

use livehost_guest::prelude::*;
use serde_json::Number;

/// The experiment.
pub struct BidValidation;

/// The highest bid allowed.
pub const MAX_BID: f64 = 99.0;

/// A row of the `bids` table (who bid is the row's id-in-group).
#[derive(Debug, Serialize, Deserialize)]
struct Bid {
    bid: Number,
}

/// The payload of an accepted bid, broadcast and replayed as history.
fn announcement(id_in_group: u32, bid: &Number) -> Value {
    json!({"id_in_group": id_in_group, "bid": bid})
}

impl Experiment for BidValidation {
    fn info() -> Info {
        Info::new("bid-validation", 2)
            .page(Page::live("Auction", include_str!("auction.html")))
            .page(Page::normal("Results", include_str!("results.html")))
    }

    fn live_method(player: &Player, _page: &str, data: Value) -> Result<Replies> {
        let me = player.id_in_group();
        let bids = player.table("bids");
        let bid = match data {
            Value::Object(map) if map.is_empty() => {
                let mut history = Replies::none();
                for row in bids.query::<Bid>(Filter::new().round(player.round()))? {
                    history.push(me, announcement(row.id_in_group, &row.fields.bid));
                }
                return Ok(history);
            }
            Value::Number(bid) => bid,
            other => bail!("a bid must be a number, not {other}"),
        };
        let Some(value) = bid.as_f64() else {
            bail!("a bid must be a number, not {bid}");
        };
        if value > MAX_BID {
            // Just an example: the page's liveRecv shows this message.
            return Ok(Replies::to(
                me,
                json!({"type": "error", "message": "Bid is too high"}),
            ));
        }
        let group = player.group();
        let highest: Option<Number> = group.get("highest_bid")?;
        if value <= highest.and_then(|h| h.as_f64()).unwrap_or(0.0) {
            return Ok(Replies::none());
        }
        group.set("highest_bid", &bid)?;
        group.set("highest_bidder", &me)?;
        bids.append(&Bid { bid: bid.clone() })?;
        Ok(Replies::to_group(announcement(me, &bid)))
    }
}

livehost_guest::export_experiment!(BidValidation);

#[cfg(test)]
mod tests;
