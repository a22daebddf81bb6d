//! A native test harness: runs an experiment's Rust code in-process, with
//! in-memory state, the way the host runs its component (oTree's
//! `call_live_method`, without wasm or a server).
//!
//! Participants are numbered 1..=n in the session; participants 1..=k form
//! group 1 (k = players per group), the next k group 2, and so on, in every
//! round whose groups a creating_session did not set. With one group a
//! participant's number is its id-in-group. [`Harness::otree`] plays an
//! oTree app with its session hooks (creating_session, wait pages'
//! after_all_players_arrive and is_displayed, wait_for_all_groups), with
//! the host's rules on what each call may change. The session and each
//! participant have a code ([`Harness::session_code`],
//! [`Harness::participant_code`]), the same in every run, read as on the
//! host: a page or live method its own participant's only.
//!
//! Its error texts are the host's (`livehost` 0.1), so a scenario's
//! `error` substrings hold in both. It keeps the host's rules: a call is a
//! transaction (an `Err` or a panic drops the call's state writes and log
//! rows), replies to an id that is
//! not in the group fail the call, a live message is accepted only on the
//! live page the participant is on, wait pages hold a group until all its
//! players have arrived, and a participant is finished after the last page
//! of the last round.
//!
//! It is meant for native tests (`cargo test`): a panic is caught with
//! `catch_unwind`, which needs the unwinding panics of native targets. It
//! also compiles for `wasm32`, where a panic aborts.
//!
//! ```
//! use livehost_guest::harness::Harness;
//! use livehost_guest::prelude::*;
//!
//! struct Echo;
//! impl Experiment for Echo {
//!     fn info() -> Info {
//!         Info::new("echo", 2).page(Page::live("Chat", "")).page(Page::normal("End", ""))
//!     }
//!     fn live_method(player: &Player, _page: &str, data: Value) -> Result<Replies> {
//!         player.group().update("n", 0u32, |n| *n += 1)?;
//!         Ok(Replies::to_group(data))
//!     }
//! }
//!
//! let mut h = Harness::<Echo>::new();
//! let got = h.send(1, json!("hi")).unwrap();
//! assert_eq!(got.to(2), [json!("hi")]);
//! assert_eq!(h.group_value(1, "n"), Some(json!(1)));
//! h.next(1, json!({})).unwrap();
//! assert_eq!(h.page(1), Some("End"));
//! ```

mod received;
mod scenario;
mod store;

use std::fmt;
use std::marker::PhantomData;
use std::panic::{AssertUnwindSafe, catch_unwind};

use serde_json::Value;

pub use received::Received;
pub use scenario::{Scenario, Step, run_scenario};

use crate::backend::Backend;
use crate::experiment::{AsyncExperiment, block_on, call_before_next, call_live_method_async};
use crate::form::Form;
use crate::hooks::SessionHooks;
use crate::info::{Info, PageKind};
use crate::pages::{FormErrors, OtreePages, PageView};
use crate::player::PlayerInfo;
use crate::subsession::Whose;
use store::{Call, Caller, Db, Holder, Shape};

/// When the harness's clock starts (a call's rows get `time_ms` from it):
/// 2024-01-01T00:00:00Z. Each call advances it by one second.
pub const START_TIME_MS: u64 = 1_704_067_200_000;

/// Where one participant is.
#[derive(Clone, Copy, Debug)]
struct Seat {
    group_id: u32,
    id_in_group: u32,
    participant_id: u32,
    round: u32,
    /// Index into the page sequence.
    page: usize,
    finished: bool,
}

/// A session of experiment `E` running in-process.
pub struct Harness<E> {
    info: Info,
    seats: Vec<Seat>,
    db: Db,
    clock_ms: u64,
    http: Option<Box<HttpHandler>>,
    /// The app's session hooks ([`Harness::otree`]); none: no hook runs.
    hooks: Option<Hooks>,
    /// The errors of hooks that failed (their players stay on the page).
    hook_errors: Vec<String>,
    experiment: PhantomData<fn() -> E>,
}

/// A wait page's after_all_players_arrive: (page, round, group number).
type AfterAllPlayersArrive = fn(&dyn Backend, &str, u32, Option<u32>) -> Result<(), String>;

/// An app's session hooks, as the harness calls them.
struct Hooks {
    declared: SessionHooks,
    after: AfterAllPlayersArrive,
    show: fn(&dyn Backend, &str, PlayerInfo) -> Result<PageView, String>,
}

/// Answers the experiment's HTTP requests in the harness: the response's
/// status and its body's chunks, or why the request failed.
pub type HttpHandler = dyn Fn(&crate::http::Request) -> Result<FakeResponse, String>;

/// A response made up by a test (see [`Harness::with_http`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FakeResponse {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: Vec<(String, String)>,
    /// The body, in the chunks the experiment reads.
    pub chunks: Vec<Vec<u8>>,
}

impl<E> fmt::Debug for Harness<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Harness")
            .field("experiment", &self.info.name)
            .field("seats", &self.seats)
            .finish_non_exhaustive()
    }
}

impl<E: AsyncExperiment> Default for Harness<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: AsyncExperiment> Harness<E> {
    /// A session of one group.
    ///
    /// # Panics
    /// If `E::info()` is invalid (see [`Info::validate`]).
    pub fn new() -> Self {
        Self::with_groups(1)
    }

    /// A session of `groups` groups.
    ///
    /// # Panics
    /// If `E::info()` is invalid or `groups` is 0.
    pub fn with_groups(groups: u32) -> Self {
        let info = E::info();
        if info.players_per_group == 0 {
            panic!(
                "{} has one group of the whole session (players_per_group 0): make its harness with Harness::with_participants(n)",
                info.name
            );
        }
        let participants = groups * info.players_per_group;
        match Self::with_participants(participants) {
            Ok(h) => h,
            Err(e) => panic!("cannot start a harness for {}: {e}", info.name),
        }
    }

    /// A session of `participants` participants, a multiple of the players
    /// per group. An error if it is not, or if `E::info()` is invalid.
    pub fn with_participants(participants: u32) -> Result<Self, String> {
        let mut h = Self::seated(participants)?;
        h.release_everyone();
        Ok(h)
    }

    /// A session of `participants` participants, seated on their first
    /// page (no wait page released yet).
    fn seated(participants: u32) -> Result<Self, String> {
        let mut info = E::info();
        info.validate()?;
        // 0: one group of everyone (oTree's PLAYERS_PER_GROUP = None).
        if info.players_per_group == 0 {
            info.players_per_group = participants.max(1);
        }
        let k = info.players_per_group;
        if participants == 0 || !participants.is_multiple_of(k) {
            return Err(format!(
                "{participants} participants cannot form groups of {k}"
            ));
        }
        let seats = (1..=participants)
            .map(|p| Seat {
                group_id: (p - 1) / k + 1,
                id_in_group: (p - 1) % k + 1,
                participant_id: p,
                round: 1,
                page: 0,
                finished: false,
            })
            .collect();
        let shape = Shape {
            participants,
            players_per_group: k,
            rounds: info.rounds,
        };
        Ok(Harness {
            info,
            seats,
            db: Db::new(shape),
            clock_ms: START_TIME_MS,
            http: None,
            hooks: None,
            hook_errors: Vec::new(),
            experiment: PhantomData,
        })
    }

    /// Moves everyone past the wait pages they can pass.
    fn release_everyone(&mut self) {
        for p in 1..=self.participants() {
            self.release_wait_pages(p);
        }
    }

    /// Answers the experiment's HTTP requests with `handler` (without it,
    /// every request fails, as one to a host not on the allowlist would).
    pub fn with_http(
        mut self,
        handler: impl Fn(&crate::http::Request) -> Result<FakeResponse, String> + 'static,
    ) -> Self {
        self.http = Some(Box::new(handler));
        self
    }

    /// The experiment's info.
    pub fn info(&self) -> &Info {
        &self.info
    }

    /// How many participants the session has.
    pub fn participants(&self) -> u32 {
        self.seats.len() as u32
    }

    /// Participant `participant`'s secret code (oTree's
    /// `participant.code`), what [`Player::participant_code`] reads; `None`
    /// if there is no such participant. The harness's codes are fixed:
    /// the same in every run.
    ///
    /// [`Player::participant_code`]: crate::Player::participant_code
    pub fn participant_code(&self, participant: u32) -> Option<&str> {
        self.db.participant_code(participant)
    }

    /// The session's code (oTree's `session.code`), what
    /// [`Subsession::session_code`](crate::Subsession::session_code) reads.
    pub fn session_code(&self) -> &str {
        self.db.session_code()
    }

    /// Who participant `participant` is in their current round, as the
    /// experiment would see them; `None` if there is no such participant.
    pub fn player(&self, participant: u32) -> Option<PlayerInfo> {
        self.seat(participant).ok().map(|s| s.player())
    }

    /// The name of the participant's current page; `None` once they have
    /// finished (or if there is no such participant).
    pub fn page(&self, participant: u32) -> Option<&str> {
        let seat = self.seat(participant).ok()?;
        if seat.finished {
            return None;
        }
        Some(&self.info.pages[seat.page].name)
    }

    /// The participant's current round (the last round once finished).
    pub fn round(&self, participant: u32) -> Option<u32> {
        self.seat(participant).ok().map(|s| s.round)
    }

    /// Whether the participant has gone past the last page of the last
    /// round.
    pub fn is_finished(&self, participant: u32) -> bool {
        self.seat(participant).is_ok_and(|s| s.finished)
    }

    /// `liveSend(data)` from the participant's current page.
    pub fn send(&mut self, participant: u32, data: Value) -> Result<Received, String> {
        self.live(participant, None, data)
    }

    /// `liveSend(data)` from a page the participant claims to be on; refused
    /// unless it is their current page and a live page.
    pub fn send_on(
        &mut self,
        participant: u32,
        page: &str,
        data: Value,
    ) -> Result<Received, String> {
        self.live(participant, Some(page), data)
    }

    /// Press next with these form fields (a JSON object of strings): runs
    /// `before_next`, and if it agrees moves the participant on (through
    /// wait pages once the whole group is there, to the next round, or to
    /// the end). On an error nothing moves and nothing is kept.
    pub fn next(&mut self, participant: u32, form: Value) -> Result<(), String> {
        let seat = self.seat(participant)?;
        let page = self.current_page(&seat)?;
        if page.kind == PageKind::Wait {
            return Err(
                "you are on a wait page: you move on when your whole group has arrived".to_owned(),
            );
        }
        if !form.is_object() {
            return Err("the submitted form is not a JSON object of fields".to_owned());
        }
        let form = Form::try_from(form)?.to_json().to_string();
        let page = page.name.clone();
        self.transaction(&seat, |call| {
            call_before_next::<E>(call, &page, seat.player(), &form)
        })?;
        self.advance(participant);
        self.release_wait_pages(participant);
        Ok(())
    }

    /// The committed value `key` of any player, group or participant, named
    /// as the subsession names them.
    pub fn value_of(&self, whose: Whose, key: &str) -> Option<Value> {
        let holder = match whose {
            Whose::Player {
                participant_id,
                round,
            } => Holder::Player {
                participant_id,
                round,
            },
            Whose::Group { number, round } => Holder::Group {
                group_id: number,
                round,
            },
            Whose::Participant(participant_id) => Holder::Participant { participant_id },
        };
        self.value(holder, key)
    }

    /// The groups of `round` (each its participants, by id in group), as
    /// creating_session left them.
    pub fn groups(&self, round: u32) -> Vec<Vec<u32>> {
        self.db.groups(round)
    }

    /// The errors of session hooks that failed, oldest first: their players
    /// stay on the wait page, as on the host.
    pub fn hook_errors(&self) -> &[String] {
        &self.hook_errors
    }

    /// The committed group value `key` of the participant's group in their
    /// current round.
    pub fn group_value(&self, participant: u32, key: &str) -> Option<Value> {
        let seat = self.seat(participant).ok()?;
        self.value(
            Holder::Group {
                group_id: seat.group_id,
                round: seat.round,
            },
            key,
        )
    }

    /// The committed player value `key` of the participant in their current
    /// round.
    pub fn player_value(&self, participant: u32, key: &str) -> Option<Value> {
        let seat = self.seat(participant).ok()?;
        self.value(
            Holder::Player {
                participant_id: participant,
                round: seat.round,
            },
            key,
        )
    }

    /// The committed participant value `key` (kept across rounds).
    pub fn participant_value(&self, participant: u32, key: &str) -> Option<Value> {
        self.value(
            Holder::Participant {
                participant_id: participant,
            },
            key,
        )
    }

    /// Sets the session value `key`, as the host does for a session's
    /// `config` when the admin creates it.
    pub fn set_session_value(&mut self, key: &str, value: Value) {
        self.db
            .set((Holder::Session, key.to_owned()), value.to_string());
    }

    /// Sets participant `participant`'s value `key` (kept across rounds),
    /// as a page of an earlier app would have.
    pub fn set_participant_value(&mut self, participant: u32, key: &str, value: Value) {
        self.db.set(
            (
                Holder::Participant {
                    participant_id: participant,
                },
                key.to_owned(),
            ),
            value.to_string(),
        );
    }

    /// The committed session value `key`.
    pub fn session_value(&self, key: &str) -> Option<Value> {
        self.value(Holder::Session, key)
    }

    /// The committed rows of `table`, all groups, oldest first, as
    /// `(group number, id_in_group, round, fields)` (group 0: appended by a
    /// call for the whole round).
    pub fn rows(&self, table: &str) -> Vec<(u32, u32, u32, Value)> {
        self.db
            .rows()
            .iter()
            .filter(|r| r.table == table)
            .map(|r| {
                let fields = serde_json::from_str(&r.row.fields).unwrap_or(Value::Null);
                (r.group.0, r.row.id_in_group, r.row.round, fields)
            })
            .collect()
    }

    fn value(&self, holder: Holder, key: &str) -> Option<Value> {
        let text = self.db.value(&(holder, key.to_owned()))?;
        serde_json::from_str(text).ok()
    }

    fn seat(&self, participant: u32) -> Result<Seat, String> {
        participant
            .checked_sub(1)
            .and_then(|i| self.seats.get(i as usize))
            .copied()
            .ok_or_else(|| {
                format!(
                    "there is no participant {participant} (the session has 1 to {})",
                    self.seats.len()
                )
            })
    }

    fn current_page(&self, seat: &Seat) -> Result<&crate::info::Page, String> {
        if seat.finished {
            return Err("you have finished this experiment: live messages are closed".to_owned());
        }
        Ok(&self.info.pages[seat.page])
    }

    fn live(
        &mut self,
        participant: u32,
        claimed: Option<&str>,
        data: Value,
    ) -> Result<Received, String> {
        let seat = self.seat(participant)?;
        let page = self.current_page(&seat)?;
        if let Some(claimed) = claimed
            && claimed != page.name
        {
            return Err(format!(
                "this message was sent from page {claimed:?}, but you are on page {:?}: reload the page",
                page.name
            ));
        }
        if page.kind != PageKind::Live {
            return Err(format!(
                "page {:?} is not a live page: it does not take live messages",
                page.name
            ));
        }
        let page = page.name.clone();
        let data = data.to_string();
        let members = self.members(seat.group_id, seat.round);
        self.transaction(&seat, |call| {
            let returned = block_on(call_live_method_async::<E>(
                call,
                &page,
                seat.player(),
                &data,
            ))?;
            let mut raw = call.take_emitted();
            raw.extend(returned);
            Received::from_raw(seat.group_id, &members, raw)
        })
    }

    /// Run `f` as one call of `seat`'s player: commit its writes if it
    /// returns `Ok`, drop them if it returns `Err` or panics (an async call
    /// keeps those of its segments that ended at an await).
    fn transaction<T, X: From<String>>(
        &mut self,
        seat: &Seat,
        f: impl FnOnce(&Call<'_>) -> Result<T, X>,
    ) -> Result<T, X> {
        let caller = Caller::Player {
            player: seat.player(),
            members: self.members(seat.group_id, seat.round),
        };
        self.call_as(caller, f)
    }

    /// The participants of group `number` in `round`, by id in group.
    fn members(&self, number: u32, round: u32) -> Vec<u32> {
        self.db
            .groups(round)
            .into_iter()
            .nth((number as usize).saturating_sub(1))
            .unwrap_or_default()
    }

    /// Run `f` as one call for `caller`, as [`Harness::transaction`].
    fn call_as<T, X: From<String>>(
        &mut self,
        caller: Caller,
        f: impl FnOnce(&Call<'_>) -> Result<T, X>,
    ) -> Result<T, X> {
        let time_ms = self.clock_ms;
        self.clock_ms += 1000;
        let call = Call::of(&self.db, caller, time_ms).with_http(self.http.as_deref());
        let result = catch_unwind(AssertUnwindSafe(|| f(&call))).unwrap_or_else(|panic| {
            Err(X::from(format!(
                "the experiment crashed: {}; nothing was changed",
                panic_text(&*panic)
            )))
        });
        match result {
            Ok(value) => {
                self.db.commit(call.into_writes());
                Ok(value)
            }
            Err(e) => {
                if let Some(writes) = call.into_checkpoint() {
                    self.db.commit(writes);
                }
                Err(e)
            }
        }
    }

    /// Move a participant one page on.
    fn advance(&mut self, participant: u32) {
        let pages = self.info.pages.len();
        let rounds = self.info.rounds;
        let Some(seat) = self.seats.get_mut(participant as usize - 1) else {
            return;
        };
        seat.page += 1;
        if seat.page == pages {
            if seat.round == rounds {
                seat.page = pages - 1;
                seat.finished = true;
            } else {
                seat.round += 1;
                seat.page = 0;
            }
        }
        self.place_seats();
    }

    /// Seats every participant in their round's group (the group matrix a
    /// creating_session set, or 1..k, k+1..2k, ...).
    fn place_seats(&mut self) {
        for i in 0..self.seats.len() {
            let seat = self.seats[i];
            if let Some((group_id, id_in_group)) = self.db.place(seat.participant_id, seat.round) {
                self.seats[i].group_id = group_id;
                self.seats[i].id_in_group = id_in_group;
            }
        }
    }

    /// Moves `participant` past every wait page they can pass, as the host
    /// does: a page whose is_displayed says no at once; otherwise once
    /// every player it waits for (the group, or with wait_for_all_groups
    /// the round) has reached it, after its after_all_players_arrive. The
    /// players released with them go on the same way.
    fn release_wait_pages(&mut self, participant: u32) {
        loop {
            let Ok(seat) = self.seat(participant) else {
                return;
            };
            let page = &self.info.pages[seat.page];
            if seat.finished || page.kind != PageKind::Wait {
                return;
            }
            let name = page.name.clone();
            let settings = self
                .hooks
                .as_ref()
                .and_then(|h| h.declared.wait_page_named(&name).cloned())
                .unwrap_or_default();
            if settings.is_displayed && !self.wait_page_displayed(&seat, &name) {
                self.advance(participant);
                continue;
            }
            let here = (seat.round, seat.page);
            let waited_for: Vec<u32> = if settings.wait_for_all_groups {
                (1..=self.participants()).collect()
            } else {
                self.members(seat.group_id, seat.round)
            };
            let seats: Vec<Seat> = waited_for
                .iter()
                .filter_map(|&p| self.seat(p).ok())
                .collect();
            if !seats
                .iter()
                .all(|s| s.finished || (s.round, s.page) >= here)
            {
                return;
            }
            let on_page: Vec<Seat> = seats
                .into_iter()
                .filter(|s| !s.finished && (s.round, s.page) == here)
                .collect();
            if settings.after_all_players_arrive
                && let Some(hooks) = &self.hooks
            {
                let after = hooks.after;
                let (caller, group) = if settings.wait_for_all_groups {
                    let caller = Caller::WholeRound {
                        round: seat.round,
                        creating: false,
                    };
                    (caller, None)
                } else {
                    let first = on_page[0];
                    let caller = Caller::Player {
                        player: first.player(),
                        members: waited_for.clone(),
                    };
                    (caller, Some(first.group_id))
                };
                if let Err(e) = self.call_as(caller, |call| after(call, &name, seat.round, group)) {
                    self.hook_errors.push(e);
                    return;
                }
            }
            for s in &on_page {
                self.advance(s.participant_id);
            }
            for s in &on_page {
                if s.participant_id != participant {
                    self.release_wait_pages(s.participant_id);
                }
            }
        }
    }

    /// Whether the wait page `page` is displayed to `seat`'s player (its
    /// is_displayed; what that call writes is not kept, a failure counts
    /// as displayed, as on the host).
    fn wait_page_displayed(&mut self, seat: &Seat, page: &str) -> bool {
        let Some(show) = self.hooks.as_ref().map(|h| h.show) else {
            return true;
        };
        let time_ms = self.clock_ms;
        self.clock_ms += 1000;
        let caller = Caller::Player {
            player: seat.player(),
            members: self.members(seat.group_id, seat.round),
        };
        let call = Call::of(&self.db, caller, time_ms);
        let shown = catch_unwind(AssertUnwindSafe(|| show(&call, page, seat.player())));
        !matches!(shown, Ok(Ok(view)) if !view.displayed)
    }
}

/// oTree's pages, for an experiment with [`OtreePages`]: the page methods
/// as the host calls them when a page is shown, submitted or timed out.
impl<E: AsyncExperiment + OtreePages> Harness<E> {
    /// A session of `participants` participants of an oTree app with its
    /// session hooks, as the host creates one: `config` is its
    /// `session.config`; creating_session runs for each round (an error
    /// there is this function's, and no session is made), wait pages run
    /// their after_all_players_arrive and is_displayed as declared in
    /// [`OtreePages::session_hooks`]. (The other constructors run no
    /// hook.)
    pub fn otree(participants: u32, config: Value) -> Result<Self, String> {
        let declared = crate::hooks::check::<E>()?;
        let mut h = Self::seated(participants)?;
        h.set_session_value("config", config);
        if declared.has_creating_session() {
            for round in 1..=h.info.rounds {
                let caller = Caller::WholeRound {
                    round,
                    creating: true,
                };
                h.call_as(caller, |call| {
                    crate::hooks::creating_session::<E>(call, round)
                })?;
            }
        }
        h.hooks = Some(Hooks {
            declared,
            after: crate::hooks::after_all_players_arrive::<E>,
            show: crate::pages::show::<E>,
        });
        h.place_seats();
        h.release_everyone();
        Ok(h)
    }

    /// Shows the participant's page as the host does: its page methods run
    /// (one call), and a page whose `is_displayed` says no is skipped (the
    /// participant moves on without `before_next_page`) until one is shown.
    /// Returns the shown page's view; an error if the experiment fails or
    /// the participant is on a wait page or finished.
    pub fn show(&mut self, participant: u32) -> Result<PageView, String> {
        loop {
            let seat = self.seat(participant)?;
            if seat.finished {
                return Err(format!("participant {participant} has finished"));
            }
            let page = self.current_page(&seat)?;
            if page.kind == PageKind::Wait {
                return Err(format!(
                    "participant {participant} is on the wait page {}",
                    page.name
                ));
            }
            let page = page.name.clone();
            let view = self.transaction(&seat, |call| {
                crate::pages::show::<E>(call, &page, seat.player())
            })?;
            if view.displayed {
                return Ok(view);
            }
            self.advance(participant);
            self.release_wait_pages(participant);
        }
    }

    /// Submits the participant's page with these inputs (a JSON object of
    /// strings, as the browser sends them): oTree's checks of the form, the
    /// values stored, `before_next_page`, then the participant moves on.
    /// On an error (the form's, in oTree's words) nothing moves and nothing
    /// is kept.
    pub fn submit(&mut self, participant: u32, form: Value) -> Result<(), FormErrors> {
        let (seat, page, form) = self.page_form(participant, form)?;
        self.transaction(&seat, |call| {
            crate::pages::submit::<E>(call, &page, seat.player(), &form)
        })?;
        self.advance(participant);
        self.release_wait_pages(participant);
        Ok(())
    }

    /// The participant's page times out with these inputs (`{}`: no
    /// browser open): `before_next_page` with `timeout_happened`, then the
    /// participant moves on. On an error nothing is kept, and (unlike the
    /// host, which logs it and moves on) nothing moves.
    pub fn time_out(&mut self, participant: u32, form: Value) -> Result<(), String> {
        let (seat, page, form) = self.page_form(participant, form)?;
        self.transaction(&seat, |call| {
            crate::pages::timed_out::<E>(call, &page, seat.player(), &form)
        })?;
        self.advance(participant);
        self.release_wait_pages(participant);
        Ok(())
    }

    /// The variables of the app's admin report for `round`, as the host
    /// renders its `admin_report.html` with them: `subsession`, `session`,
    /// `C` and what [`OtreePages::vars_for_admin_report`] returned. The
    /// call only reads (a write is refused, as on the host).
    pub fn admin_report(&mut self, round: u32) -> Result<Value, String> {
        if round == 0 || round > self.info.rounds {
            return Err(format!(
                "{} has no round {round} (it has 1 to {})",
                self.info.name, self.info.rounds
            ));
        }
        self.read_only(round, |call| crate::admin::admin_report::<E>(call, round))
    }

    /// The rows of the app's custom export `function` (the first its
    /// header), each cell as the host's CSV file shows it; the call only
    /// reads.
    pub fn custom_export(&mut self, function: &str) -> Result<Vec<Vec<String>>, String> {
        self.read_only(1, |call| crate::admin::custom_export::<E>(call, function))
    }

    /// Asks the app's [`OtreePages::group_by_arrival_time_method`] which
    /// group to form in `round` while the participants `waiting` (by
    /// participant id) wait on its group_by_arrival_time page, as the host
    /// does when one comes to the page and every few seconds while they
    /// wait: the group's participant ids, in id-in-group order, or `None`
    /// to wait for more (an empty group too). The call is for the whole
    /// round and its writes are kept (an `Err` or a panic keeps none). As
    /// on the host, a group with a participant who is not waiting, or
    /// twice, is an error. The harness does not form the group: its
    /// players stay where they are.
    pub fn group_by_arrival_time(
        &mut self,
        round: u32,
        waiting: &[u32],
    ) -> Result<Option<Vec<u32>>, String> {
        if round == 0 || round > self.info.rounds {
            return Err(format!(
                "{} has no round {round} (it has 1 to {})",
                self.info.name, self.info.rounds
            ));
        }
        let caller = Caller::WholeRound {
            round,
            creating: false,
        };
        let app = self.info.name.clone();
        self.call_as(caller, |call| {
            let chosen = crate::hooks::group_by_arrival_time::<E>(call, round, waiting)?
                .filter(|c| !c.is_empty());
            if let Some(c) = &chosen {
                let mut seen = std::collections::BTreeSet::new();
                if let Some(bad) = c.iter().find(|id| !waiting.contains(id) || !seen.insert(**id)) {
                    return Err(format!(
                        "group_by_arrival_time_method of app {app} returned participant {bad} for a group, who is not waiting (or is there twice): return some of the waiting players ({waiting:?}), each once"
                    ));
                }
            }
            Ok(chosen)
        })
    }

    /// Runs `f` as an admin view's call for the whole app (round `round`):
    /// it only reads, and a panic is its error.
    fn read_only<T>(
        &mut self,
        round: u32,
        f: impl FnOnce(&Call<'_>) -> Result<T, String>,
    ) -> Result<T, String> {
        let time_ms = self.clock_ms;
        self.clock_ms += 1000;
        let caller = Caller::WholeRound {
            round,
            creating: false,
        };
        let call = Call::of(&self.db, caller, time_ms).read_only();
        catch_unwind(AssertUnwindSafe(|| f(&call)))
            .unwrap_or_else(|panic| Err(format!("the experiment crashed: {}", panic_text(&*panic))))
    }

    fn page_form(&self, participant: u32, form: Value) -> Result<(Seat, String, String), String> {
        let seat = self.seat(participant)?;
        let page = self.current_page(&seat)?;
        if page.kind == PageKind::Wait {
            return Err(
                "you are on a wait page: you move on when your whole group has arrived".to_owned(),
            );
        }
        let form = Form::try_from(form)?.to_json().to_string();
        Ok((seat, page.name.clone(), form))
    }
}

impl Seat {
    fn player(&self) -> PlayerInfo {
        PlayerInfo {
            id_in_group: self.id_in_group,
            round: self.round,
            group_id: self.group_id,
            participant_id: self.participant_id,
        }
    }
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "(no message)".to_owned()
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod session_tests;

#[cfg(test)]
mod admin_tests;

#[cfg(test)]
mod code_tests;

#[cfg(test)]
mod arrival_tests;
