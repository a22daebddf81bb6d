//! An oTree-style market written in Rust with oTree's session hooks
//! (the JavaScript twin is `tests/guests/js/market.js`; the integration
//! test `sdk_session_hooks` plays both the same way).
//!
//! - creating_session: the session config's `multiplier` becomes a
//!   subsession field; round 1 groups participant k with k + n/2, round 2
//!   like round 1 with the ids in group swapped; id 1 is the buyer, id 2
//!   the seller; odd groups get the "high" treatment; each participant a
//!   label. A config with `fail` makes it fail.
//! - Start (wait page): after_all_players_arrive makes each player of the
//!   group an offer (10 × id in group) for the group.
//! - Trade (live page): list, raise (the group is told), withdraw and
//!   make offers; meddling with another group is refused; history reads
//!   earlier rounds, the others in the group and the participant; code
//!   reads the player's own participant code, the session's and
//!   participant `of`'s (refused unless it is the player's own).
//! - Settle (wait page): each player's payoff is their open offers ×
//!   multiplier.
//! - Late (wait page): displayed in round 2 only; marks the group.
//! - Ranking (wait page for all groups): ranks the groups by their total,
//!   the best get a point more, and each group's rank is a row for it.
//! - Results: what came of it.
//! - The admin report (`templates/admin_report.html`): each round's
//!   groups, the points paid and the best group; the custom exports
//!   `custom_export` (each player's round, role, payoff, whether a buyer,
//!   whether their group was late: empty before it is set, their
//!   participant's code and the session's) and
//!   `custom_export_offers` (the offers as they were left).

use livehost_guest::prelude::*;

/// The app.
pub struct Market;

/// An offer: a row of the table `offer`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Offer {
    /// The participant who made it.
    pub owner: u32,
    /// What it is worth.
    pub amount: u32,
    /// Whether it still counts.
    pub open: bool,
}

const OFFER: &str = "offer";

impl Experiment for Market {
    fn info() -> Info {
        Info::new("market", 2)
            .rounds(2)
            .page(Page::wait("Start"))
            .page(Page::live(
                "Trade",
                "{{ block title }}Trade{{ endblock }}{{ block content }}<p id=\"trade\">Trade as {{ role }}</p>{{ next_button }}{{ endblock }}",
            ))
            .page(Page::wait("Settle"))
            .page(Page::wait("Late"))
            .page(Page::wait("Ranking"))
            .page(Page::normal(
                "Results",
                "{{ block title }}Results{{ endblock }}{{ block content }}<p id=\"role\">{{ role }}</p><p id=\"treatment\">{{ treatment }}</p><p id=\"rank\">{{ rank }}</p><p id=\"payoff\">{{ payoff }}</p><p id=\"late\">{{ late }}</p><p id=\"offers\">{{ offers }}</p>{{ next_button }}{{ endblock }}",
            ))
    }

    fn live_method(player: &Player, _page: &str, data: Value) -> Result<Replies> {
        let table = player.table(OFFER);
        let group = player.group();
        let me = player.id_in_group();
        match data["op"].as_str().unwrap_or_default() {
            "list" => Ok(Replies::to(me, offers(player)?)),
            "raise" => {
                let (id, mut offer) = offer_of(player, &data)?;
                offer.amount += data["by"].as_u64().unwrap_or(0) as u32;
                table.update(id, &offer)?;
                Ok(Replies::to_group(offers(player)?))
            }
            "withdraw" => {
                let (id, _) = offer_of(player, &data)?;
                table.remove(id)?;
                Ok(Replies::to(me, offers(player)?))
            }
            "offer" => {
                let Some(amount) = data["amount"].as_u64() else {
                    bail!("an offer needs a whole amount, not {}", data["amount"]);
                };
                table.append(&Offer {
                    owner: player.participant_id(),
                    amount: amount as u32,
                    open: true,
                })?;
                Ok(Replies::to(me, offers(player)?))
            }
            "meddle" => {
                let other = if group.id() == 1 { 2 } else { 1 };
                player
                    .subsession()
                    .group(other)?
                    .set("treatment", "meddled")?;
                Ok(Replies::none())
            }
            "history" => {
                let payoffs = player
                    .in_all_rounds()?
                    .iter()
                    .map(|p| p.payoff().map(whole))
                    .collect::<Result<Vec<i64>>>()?;
                let others = player
                    .get_others_in_group()
                    .iter()
                    .map(|p| p.get_or("role", String::new()))
                    .collect::<Result<Vec<String>>>()?;
                let earlier_roles = player
                    .in_previous_rounds()?
                    .iter()
                    .map(|p| p.get_or("role", String::new()))
                    .collect::<Result<Vec<String>>>()?;
                Ok(Replies::to(
                    me,
                    json!({
                        "payoffs": payoffs,
                        "others": others,
                        "earlier_roles": earlier_roles,
                        "label": player.participant().get::<String>("label")?,
                        "role": player.get::<String>("role")?,
                        "treatment": group.get::<String>("treatment")?,
                        "group": group.id(),
                        "id_in_group": me,
                        "multiplier": player.subsession().get::<u64>("multiplier")?,
                    }),
                ))
            }
            "code" => {
                let of = u32::try_from(data["of"].as_u64().unwrap_or(0)).unwrap_or(0);
                Ok(Replies::to(
                    me,
                    json!({
                        "mine": player.participant_code()?,
                        "session": player.session_code()?,
                        "of": player.subsession().participant_code(of)?,
                    }),
                ))
            }
            other => {
                bail!(
                    "unknown op {other:?}: use list, raise, withdraw, offer, meddle, history or code"
                )
            }
        }
    }
}

/// A payoff as the pages show it: the market's amounts are whole.
fn whole(payoff: f64) -> i64 {
    payoff.round() as i64
}

/// The group's offers of this round, as the live page shows them.
fn offers(player: &Player) -> Result<Value> {
    let table = player.table(OFFER);
    let rows = table.group_rows::<Offer>(&player.group())?;
    let same = table.query::<Offer>(Filter::new().round(player.round()))?;
    Ok(json!({
        "ids": rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        "owners": rows.iter().map(|r| r.fields.owner).collect::<Vec<_>>(),
        "amounts": rows.iter().map(|r| r.fields.amount).collect::<Vec<_>>(),
        "same": same.iter().map(|r| r.id).collect::<Vec<_>>() == rows.iter().map(|r| r.id).collect::<Vec<_>>(),
    }))
}

/// The offer `data["id"]` of the player's group.
fn offer_of(player: &Player, data: &Value) -> Result<(u64, Offer)> {
    let id = data["id"].as_u64().unwrap_or(0);
    player
        .table(OFFER)
        .group_rows::<Offer>(&player.group())?
        .into_iter()
        .find(|r| r.id == id)
        .map(|r| (r.id, r.fields))
        .ok_or_else(|| Error::new(format!("your group has no offer {id}")))
}

impl OtreePages for Market {
    fn constants() -> Value {
        json!({"PLAYERS_PER_GROUP": 2, "NUM_ROUNDS": 2})
    }

    fn admin_views() -> AdminViews {
        AdminViews::new()
            .admin_report(include_str!("../templates/admin_report.html"))
            .custom_export("custom_export")
            .custom_export("custom_export_offers")
    }

    fn vars_for_admin_report(subsession: &Subsession) -> Result<Value> {
        let groups = subsession.get_groups()?;
        let mut total = 0.0;
        for p in subsession.get_players()? {
            total += p.payoff()?;
        }
        let mut best = (0, 0.0);
        for g in &groups {
            let t: f64 = g.get_or("total", 0.0)?;
            if t > best.1 {
                best = (g.id(), t);
            }
        }
        Ok(json!({
            "groups": groups.len(),
            "total": whole(total),
            "multiplier": subsession.get_or("multiplier", 2u64)?,
            "best": best.0,
        }))
    }

    fn custom_export(function: &str, players: &[Player]) -> Result<Vec<Vec<Value>>> {
        if function == "custom_export_offers" {
            let mut rows = vec![vec![
                json!("round"),
                json!("owner"),
                json!("amount"),
                json!("open"),
            ]];
            if let Some(p) = players.first() {
                for r in p.subsession().table(OFFER).all_rows::<Offer>()? {
                    let o = r.fields;
                    rows.push(vec![
                        json!(r.round),
                        json!(o.owner),
                        json!(o.amount),
                        json!(o.open),
                    ]);
                }
            }
            return Ok(rows);
        }
        let mut rows = vec![
            [
                "round",
                "participant",
                "role",
                "payoff",
                "buyer",
                "late",
                "code",
                "session",
            ]
            .map(|h| json!(h))
            .to_vec(),
        ];
        for p in players {
            let role: String = p.get_or("role", String::new())?;
            let late: Option<bool> = p.group().get("late")?;
            rows.push(vec![
                json!(p.round()),
                json!(p.participant_id()),
                json!(role),
                json!({"__cu__": whole(p.payoff()?)}),
                json!(role == "buyer"),
                json!(late),
                json!(p.participant_code()?),
                json!(p.session_code()?),
            ]);
        }
        Ok(rows)
    }

    fn session_hooks() -> SessionHooks {
        SessionHooks::new()
            .creating_session()
            .wait_page(WaitPage::new("Start").after_all_players_arrive())
            .wait_page(WaitPage::new("Settle").after_all_players_arrive())
            .wait_page(
                WaitPage::new("Late")
                    .is_displayed()
                    .after_all_players_arrive(),
            )
            .wait_page(
                WaitPage::new("Ranking")
                    .wait_for_all_groups()
                    .after_all_players_arrive(),
            )
    }

    fn creating_session(subsession: &Subsession) -> Result<()> {
        let config = subsession.config()?;
        if config.get("fail").is_some() {
            bail!("the session config asks creating_session to fail");
        }
        let multiplier = config["multiplier"].as_u64().unwrap_or(2);
        subsession.set("multiplier", &multiplier)?;
        let round = subsession.round();
        if round == 1 {
            let n = subsession.get_players()?.len() as u32;
            let half = n / 2;
            subsession.set_group_matrix((1..=half).map(|k| vec![k, k + half]).collect())?;
        } else {
            subsession.group_like_round(round - 1)?;
            let swapped = subsession
                .get_group_matrix()?
                .into_iter()
                .map(|g| g.into_iter().rev().collect())
                .collect();
            subsession.set_group_matrix(swapped)?;
        }
        for player in subsession.get_players()? {
            let role = if player.id_in_group() == 1 {
                "buyer"
            } else {
                "seller"
            };
            player.set("role", role)?;
            if round == 1 {
                player
                    .participant()
                    .set("label", &format!("P{}", player.participant_id()))?;
            }
        }
        for group in subsession.get_groups()? {
            let treatment = if group.id() % 2 == 1 { "high" } else { "low" };
            group.set("treatment", treatment)?;
        }
        Ok(())
    }

    fn is_displayed(player: &Player, page: &str) -> Result<bool> {
        Ok(page != "Late" || player.round() == 2)
    }

    fn after_all_players_arrive(group: &Group, page: &str) -> Result<()> {
        let table = group.table(OFFER);
        match page {
            "Start" => {
                for p in group.players() {
                    table.append_for_group(
                        group,
                        &Offer {
                            owner: p.participant_id(),
                            amount: 10 * p.id_in_group(),
                            open: true,
                        },
                    )?;
                }
            }
            "Settle" => {
                let multiplier: u64 = group.subsession().get_or("multiplier", 2)?;
                let rows = table.group_rows::<Offer>(group)?;
                let mut total = 0.0;
                for p in group.players() {
                    let mine: u32 = rows
                        .iter()
                        .filter(|r| r.fields.open && r.fields.owner == p.participant_id())
                        .map(|r| r.fields.amount)
                        .sum();
                    let payoff = f64::from(mine) * multiplier as f64;
                    p.set_payoff(payoff)?;
                    total += payoff;
                }
                group.set("total", &total)?;
            }
            "Late" => group.set("late", &true)?,
            other => bail!("wait page {other} has no after_all_players_arrive"),
        }
        Ok(())
    }

    fn after_all_groups_arrive(subsession: &Subsession, page: &str) -> Result<()> {
        if page != "Ranking" {
            bail!("wait page {page} does not wait for all groups");
        }
        let groups = subsession.get_groups()?;
        let totals = groups
            .iter()
            .map(|g| g.get_or("total", 0.0))
            .collect::<Result<Vec<f64>>>()?;
        for (group, total) in groups.iter().zip(&totals) {
            let rank = 1 + totals.iter().filter(|t| *t > total).count() as u32;
            group.set("rank", &rank)?;
            if rank == 1 {
                for p in group.players() {
                    p.set_payoff(p.payoff()? + 1.0)?;
                }
            }
            group
                .table("ranking")
                .append_for_group(group, &json!({"rank": rank}))?;
        }
        let all = subsession.table(OFFER).all_rows::<Offer>()?;
        let this_round = all.iter().filter(|r| r.round == subsession.round()).count();
        subsession.set("offers", &this_round)?;
        Ok(())
    }

    fn vars_for_template(player: &Player, _page: &str) -> Result<Value> {
        let group = player.group();
        Ok(json!({
            "role": player.get_or("role", String::new())?,
            "treatment": group.get_or("treatment", String::new())?,
            "rank": group.get_or("rank", 0u32)?,
            "payoff": whole(player.payoff()?),
            "late": if group.get_or("late", false)? { "yes" } else { "no" },
            "offers": player.subsession().get_or("offers", 0u32)?,
        }))
    }
}

livehost_guest::export_app!(Market);

#[cfg(test)]
mod tests;
