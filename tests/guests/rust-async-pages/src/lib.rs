//! An oTree-style app written in Rust whose live method is async (the
//! `async-app` world, exported by `livehost-guest-async-app`): the pages
//! are oTree templates, and the live method waits between the messages it
//! emits, as oTree's `async def live_method ... yield` does.
//!
//! - Name: a form (a string field), stored in the player's `name`.
//! - Count: a live page greeting the player by name (`vars_for_template`);
//!   a message `n` (1 to 5) counts down from `n`, one emitted message every
//!   10 ms, then replies "done".
//! - Results: the name and how many countdowns were made.

use livehost_guest::AsyncExperiment;
use livehost_guest::prelude::*;

/// The app.
pub struct RustAsyncPages;

const NAME: &str = "{{ block title }}Your name{{ endblock }}\n{{ block content }}{{ formfields }}{{ next_button }}{{ endblock }}\n";
const COUNT: &str = "{{ block title }}Count{{ endblock }}\n{{ block content }}<p id=\"hello\">Hello {{ greeting }}</p>{{ next_button }}{{ endblock }}\n";
const RESULTS: &str = "{{ block title }}Results{{ endblock }}\n{{ block content }}<p id=\"counts\">{{ player.name }} counted {{ player.counts }} times</p>{{ endblock }}\n";

impl AsyncExperiment for RustAsyncPages {
    fn info() -> Info {
        Info::new("rust_async_pages", 1)
            .page(Page::normal("Name", NAME))
            .page(Page::live("Count", COUNT))
            .page(Page::normal("Results", RESULTS))
    }

    async fn live_method(player: &Player<'_>, _page: &str, data: Value) -> Result<Replies> {
        let Some(from) = data.as_u64().filter(|n| (1..=5).contains(n)) else {
            bail!("count from 1 to 5, not {data}");
        };
        for n in (1..=from).rev() {
            player.emit(Replies::to(player.id_in_group(), json!(n)))?;
            player.sleep(10).await?;
        }
        player.update("counts", 0u32, |c| *c += 1)?;
        Ok(Replies::to(player.id_in_group(), json!("done")))
    }
}

impl OtreePages for RustAsyncPages {
    fn models() -> Models {
        Models::new()
            .player(Field::string("name").label("Your name"))
            .player(Field::integer("counts").initial(0))
    }

    fn form_fields(_player: &Player<'_>, page: &str) -> Result<Vec<&'static str>> {
        Ok(if page == "Name" { vec!["name"] } else { vec![] })
    }

    fn vars_for_template(player: &Player<'_>, page: &str) -> Result<Value> {
        if page == "Count" {
            let name: String = player.get_or("name", String::new())?;
            return Ok(json!({"greeting": name}));
        }
        Ok(json!({}))
    }
}

livehost_guest_async_app::export_async_app!(RustAsyncPages);

#[cfg(test)]
mod tests {
    use livehost_guest::harness::Harness;

    use super::*;

    #[test]
    fn the_pages_and_the_async_live_method_play_natively() {
        let mut h = Harness::<RustAsyncPages>::new();
        assert_eq!(h.show(1).unwrap().form_fields[0].label, "Your name");
        h.submit(1, json!({"name": "Ann"})).unwrap();
        let count = h.show(1).unwrap();
        assert_eq!(count.page, "Count");
        assert_eq!(count.variables["greeting"], "Ann");
        let got = h.send(1, json!(3)).unwrap();
        assert_eq!(got.to(1), [json!(3), json!(2), json!(1), json!("done")]);
        assert!(
            h.send(1, json!(9))
                .unwrap_err()
                .contains("count from 1 to 5")
        );
        h.submit(1, json!({})).unwrap();
        assert_eq!(h.player_value(1, "counts"), Some(json!(1)));
    }
}
