//! Groups formed by the app's own rule as players arrive (oTree's
//! group_by_arrival_time_method), written in Rust; the JavaScript twin is
//! `tests/guests/js/arrival-rule.js`, and the integration test
//! `sdk_session_hooks` plays both.
//!
//! - creating_session gives each participant a colour: the session
//!   config's `colours`, in turn (red and blue alternately without one).
//! - Matching (wait page, first, group_by_arrival_time; 0 players per
//!   group): the rule notes when each waiting player arrived (the first
//!   call that sees them), pairs the first two of the same colour, and
//!   lets one who waited more than `session.config['wait_limit']` seconds
//!   (60 without one) play alone; each player formed notes how.
//! - Group: the group, its participants, how it was formed, the player's
//!   colour, and the round's group matrix.

use std::time::{SystemTime, UNIX_EPOCH};

use livehost_guest::prelude::*;

/// The app.
pub struct ArrivalRule;

impl Experiment for ArrivalRule {
    fn info() -> Info {
        Info::new("colours", 0).page(Page::wait("Matching")).page(Page::normal(
            "Group",
            "{{ block title }}Your group{{ endblock }}{{ block content }}<p id=\"group\">Group {{ group.id_in_subsession }}: participants {{ members }}, matched by {{ player.matched_by }}; you are player {{ player.id_in_group }} ({{ colour }}).</p><p id=\"matrix\">{{ matrix }}</p>{{ next_button }}{{ endblock }}",
        ))
    }
}

/// Now, in milliseconds since the epoch: the call's time on the host.
fn now_ms() -> Result<u64> {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|e| Error::new(format!("the clock is before 1970: {e}")))?;
    Ok(since.as_millis() as u64)
}

impl OtreePages for ArrivalRule {
    fn models() -> Models {
        Models::new().player(Field::string("matched_by").initial(""))
    }

    fn session_hooks() -> SessionHooks {
        SessionHooks::new()
            .creating_session()
            .wait_page(WaitPage::new("Matching").group_by_arrival_time())
            .group_by_arrival_time_method()
    }

    fn creating_session(subsession: &Subsession) -> Result<()> {
        let colours: Vec<String> = match subsession.config()?.get("colours") {
            Some(list) => serde_json::from_value(list.clone())?,
            None => vec!["red".into(), "blue".into()],
        };
        if colours.is_empty() {
            bail!("session.config['colours'] must name at least one colour");
        }
        for p in subsession.get_players()? {
            let colour = &colours[(p.participant_id() as usize - 1) % colours.len()];
            p.participant().set("colour", colour)?;
        }
        Ok(())
    }

    fn group_by_arrival_time_method<'a>(
        subsession: &Subsession<'a>,
        waiting_players: &[Player<'a>],
    ) -> Result<Option<Vec<Player<'a>>>> {
        let now = now_ms()?;
        let limit_ms = subsession.config()?["wait_limit"].as_f64().unwrap_or(60.0) * 1000.0;
        let mut colours = Vec::new();
        let mut arrived = Vec::new();
        for p in waiting_players {
            let participant = p.participant();
            colours.push(participant.get::<String>("colour")?);
            arrived.push(match participant.get::<u64>("arrived_ms")? {
                Some(ms) => ms,
                None => {
                    participant.set("arrived_ms", &now)?;
                    now
                }
            });
        }
        let pair = (0..waiting_players.len()).find_map(|i| {
            (i + 1..waiting_players.len())
                .find(|&j| colours[j] == colours[i])
                .map(|j| (i, j))
        });
        let (group, how) = if let Some((i, j)) = pair {
            (vec![waiting_players[i], waiting_players[j]], "colour")
        } else if let Some(i) = arrived
            .iter()
            .position(|&ms| now.saturating_sub(ms) as f64 > limit_ms)
        {
            (vec![waiting_players[i]], "time")
        } else {
            return Ok(None);
        };
        for p in &group {
            p.set("matched_by", how)?;
        }
        Ok(Some(group))
    }

    fn vars_for_template(player: &Player, _page: &str) -> Result<Value> {
        let members: Vec<u32> = player
            .group()
            .players()
            .iter()
            .map(|p| p.participant_id())
            .collect();
        Ok(json!({
            "members": format!("{members:?}"),
            "colour": player.participant().get_or("colour", String::new())?,
            "matrix": serde_json::to_string(&player.subsession().get_group_matrix()?)?,
        }))
    }
}

livehost_guest::export_app!(ArrivalRule);

#[cfg(test)]
mod tests;
