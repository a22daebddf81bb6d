//! Pairs matched as they arrive (oTree's group_by_arrival_time), written
//! in Rust; the JavaScript twin is `tests/guests/js/arrival.js`, and the
//! integration test `sdk_session_hooks` plays both as the oTree app
//! `tests/guests/otree/lab/arrival` is played.
//!
//! - Matching (wait page, first, group_by_arrival_time): every two players
//!   who arrive form a group; its after_all_players_arrive colours it (red
//!   for an even number) and gives each player their partner.
//! - Pair: the group, the partner, how many groups the round has (the
//!   group of everyone the round started with is gone once emptied) and
//!   the group matrix.

use livehost_guest::prelude::*;

/// The app.
pub struct Arrival;

impl Experiment for Arrival {
    fn info() -> Info {
        Info::new("arrival", 2).page(Page::wait("Matching")).page(Page::normal(
            "Pair",
            "{{ block title }}Your partner{{ endblock }}{{ block content }}<p id=\"pair\">Group {{ group.id_in_subsession }} ({{ colour }}): you are player {{ player.id_in_group }} with participant {{ partner }}; {{ groups }} groups this round.</p><p id=\"matrix\">{{ matrix }}</p>{{ next_button }}{{ endblock }}",
        ))
    }
}

impl OtreePages for Arrival {
    fn session_hooks() -> SessionHooks {
        SessionHooks::new().wait_page(
            WaitPage::new("Matching")
                .group_by_arrival_time()
                .after_all_players_arrive(),
        )
    }

    fn after_all_players_arrive(group: &Group, _page: &str) -> Result<()> {
        let colour = if group.id() % 2 == 0 { "red" } else { "blue" };
        group.set("colour", colour)?;
        let players = group.players();
        for p in &players {
            if let Some(other) = players.iter().find(|o| o.id_in_group() != p.id_in_group()) {
                p.set("partner", &other.participant_id())?;
            }
        }
        Ok(())
    }

    fn vars_for_template(player: &Player, _page: &str) -> Result<Value> {
        let subsession = player.subsession();
        Ok(json!({
            "colour": player.group().get_or("colour", String::new())?,
            "partner": player.get_or("partner", 0u32)?,
            "groups": subsession.get_groups()?.len(),
            "matrix": serde_json::to_string(&subsession.get_group_matrix()?)?,
        }))
    }
}

livehost_guest::export_app!(Arrival);
