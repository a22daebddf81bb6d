//! The calling player and their group: who they are, and handles to the
//! state, log tables and fellow players they can reach, in this round or
//! (through the subsession) in any round.

use std::fmt;

use crate::backend::Backend;
use crate::error::{Error, Result};
use crate::log::Table;
use crate::replies::Replies;
use crate::state::{Address, Owner, Scope, delegate_state};
use crate::subsession::{Subsession, Whose};

/// How a player or group handle names its state: from the caller (the
/// `state` import's owners, the caller's group in the current round) or
/// from the session (the `subsession` import: any player, group, round).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Via {
    Caller,
    Subsession,
}

/// Who a player is (the WIT `player` record). The host takes every field
/// from its own records, never from the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PlayerInfo {
    /// 1-based position within the group (oTree's `id_in_group`).
    pub id_in_group: u32,
    /// 1-based round number.
    pub round: u32,
    /// 1-based number of the group within its session.
    pub group_id: u32,
    /// 1-based number of the participant within its session, stable across
    /// rounds.
    pub participant_id: u32,
}

/// A player of the caller's group: the caller itself (the `player` of
/// `live_method` and `before_next`) or one from [`Group::players`].
///
/// Its own fields (oTree's Player fields) are read and written with
/// [`get`](Player::get), [`set`](Player::set), ... directly; the group's,
/// participant's and session's through [`group`](Player::group),
/// [`participant`](Player::participant) and [`session`](Player::session).
#[derive(Clone, Copy)]
pub struct Player<'a> {
    info: PlayerInfo,
    backend: &'a dyn Backend,
    via: Via,
}

impl fmt::Debug for Player<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.info.fmt(f)
    }
}

impl<'a> Player<'a> {
    pub(crate) fn new(info: PlayerInfo, backend: &'a dyn Backend) -> Self {
        Player {
            info,
            backend,
            via: Via::Caller,
        }
    }

    /// A player named through the subsession (any group, any round).
    pub(crate) fn of_subsession(info: PlayerInfo, backend: &'a dyn Backend) -> Self {
        Player {
            info,
            backend,
            via: Via::Subsession,
        }
    }

    /// Who this player is.
    pub fn info(&self) -> PlayerInfo {
        self.info
    }

    /// 1-based position within the group (oTree's `id_in_group`).
    pub fn id_in_group(&self) -> u32 {
        self.info.id_in_group
    }

    /// 1-based round number.
    pub fn round(&self) -> u32 {
        self.info.round
    }

    /// 1-based number of the participant within the session.
    pub fn participant_id(&self) -> u32 {
        self.info.participant_id
    }

    /// Sends messages now, from an async live method, without waiting for
    /// it to return: they leave the host with the current segment (after
    /// its writes are durable, at the next [`sleep`](Player::sleep) or at
    /// the return), in order. An error in a sync experiment.
    pub fn emit(&self, replies: Replies) -> Result<()> {
        for reply in replies.into_messages()? {
            self.backend
                .emit(reply.to, &reply.payload.to_string())
                .map_err(Error::from)?;
        }
        Ok(())
    }

    /// Waits `ms` milliseconds, from an async live method. The await ends
    /// the current segment: its writes are committed and its emitted
    /// messages delivered, and the group's other live messages are served
    /// meanwhile; values read before it may have changed after it.
    pub async fn sleep(&self, ms: u32) -> Result<()> {
        self.backend.sleep(ms).await.map_err(Error::from)
    }

    /// Sends an HTTP request from an async live method and waits for the
    /// response's status and headers (see [`crate::http`]). The await ends
    /// the current segment, like [`sleep`](Player::sleep).
    pub async fn fetch(&self, request: crate::http::Request) -> Result<crate::http::Response<'a>> {
        let (status, headers, body) = self.backend.fetch(request).await.map_err(Error::from)?;
        Ok(crate::http::Response::new(
            status,
            headers,
            body,
            self.backend,
        ))
    }

    /// This player's own state in its round (oTree's Player fields).
    pub fn state(&self) -> Scope<'a> {
        match self.via {
            Via::Caller => Scope::new(self.backend, Owner::Player(self.info.id_in_group)),
            Via::Subsession => Scope::at(
                self.backend,
                Address::Whose(Whose::Player {
                    participant_id: self.info.participant_id,
                    round: self.info.round,
                }),
            ),
        }
    }

    /// This player's participant state, kept across rounds (oTree's
    /// `participant.vars`).
    pub fn participant(&self) -> Scope<'a> {
        match self.via {
            Via::Caller => Scope::new(self.backend, Owner::Participant(self.info.id_in_group)),
            Via::Subsession => Scope::at(
                self.backend,
                Address::Whose(Whose::Participant(self.info.participant_id)),
            ),
        }
    }

    /// The secret code of this player's participant (oTree's
    /// `player.participant.code`): a page or live method reads its own
    /// participant's only (another's is an error); creating_session, a
    /// hook for all groups and a custom export read anyone's (see
    /// [`Subsession::participant_code`]).
    pub fn participant_code(&self) -> Result<String> {
        self.subsession().participant_code(self.info.participant_id)
    }

    /// The session's code (oTree's `session.code`).
    pub fn session_code(&self) -> Result<String> {
        self.subsession().session_code()
    }

    /// The player's round of the app (oTree's `player.subsession`).
    pub fn subsession(&self) -> Subsession<'a> {
        Subsession::new(self.info.round, self.backend)
    }

    /// The same participant's player in `round` (oTree's `in_round`); an
    /// error if the app has no such round.
    pub fn in_round(&self, round: u32) -> Result<Player<'a>> {
        if round == self.info.round && self.via == Via::Caller {
            return Ok(*self);
        }
        self.subsession()
            .in_round(round)
            .player(self.info.participant_id)
    }

    /// The same participant's players in rounds 1 to this one (oTree's
    /// `in_all_rounds`).
    pub fn in_all_rounds(&self) -> Result<Vec<Player<'a>>> {
        (1..=self.info.round).map(|r| self.in_round(r)).collect()
    }

    /// The same participant's players in the rounds before this one
    /// (oTree's `in_previous_rounds`).
    pub fn in_previous_rounds(&self) -> Result<Vec<Player<'a>>> {
        (1..self.info.round).map(|r| self.in_round(r)).collect()
    }

    /// The other players of this player's group (oTree's
    /// `get_others_in_group`).
    pub fn get_others_in_group(&self) -> Vec<Player<'a>> {
        self.group().others(self)
    }

    /// The player's payoff in its round (oTree's `player.payoff`; 0 until
    /// set).
    pub fn payoff(&self) -> Result<f64> {
        self.state().get_or(PAYOFF, 0.0)
    }

    /// Sets the player's payoff (oTree's `player.payoff = amount`) and adds
    /// the change to the participant's payoff (the participant key
    /// `payoff`, oTree's `participant.payoff`, the sum over every round):
    /// what livehost's Payments view pays.
    pub fn set_payoff(&self, amount: f64) -> Result<()> {
        if !amount.is_finite() {
            return Err(Error::new(format!(
                "a payoff must be a finite number, not {amount}"
            )));
        }
        let before = self.payoff()?;
        self.state().set(PAYOFF, &amount)?;
        let participant = self.participant();
        let total: f64 = participant.get_or(PAYOFF, 0.0)?;
        participant.set(PAYOFF, &(total + amount - before))
    }

    /// The session's state, shared by every group.
    pub fn session(&self) -> Scope<'a> {
        Scope::new(self.backend, Owner::Session)
    }

    /// The state of any owner, named as in the WIT. [`Player::state`],
    /// [`Player::participant`], [`Player::session`] and [`Group::state`]
    /// are the usual ways; this one also reaches a player by id-in-group
    /// without asking the host for the group's players first.
    pub fn scope(&self, owner: Owner) -> Scope<'a> {
        Scope::new(self.backend, owner)
    }

    /// The player's group in its round.
    pub fn group(&self) -> Group<'a> {
        Group {
            id: self.info.group_id,
            round: self.info.round,
            backend: self.backend,
            via: self.via,
        }
    }

    /// The log table called `name` (oTree's ExtraModel): 1 to 64 letters,
    /// digits, `_` or `-`.
    pub fn table(&self, name: &str) -> Table<'a> {
        Table::new(self.backend, name)
    }
}

delegate_state!(Player, "this player's own state");

/// The key of a player's and a participant's payoff (oTree's `payoff`).
const PAYOFF: &str = "payoff";

/// A group in one round: the caller's (from [`Player::group`]) or any of
/// the app's (from the [`Subsession`]): its state (oTree's Group fields)
/// and its players.
#[derive(Clone, Copy)]
pub struct Group<'a> {
    id: u32,
    round: u32,
    backend: &'a dyn Backend,
    via: Via,
}

impl fmt::Debug for Group<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Group")
            .field("id", &self.id)
            .field("round", &self.round)
            .finish()
    }
}

impl<'a> Group<'a> {
    /// Group `number` of `round`, named through the subsession.
    pub(crate) fn of_subsession(number: u32, round: u32, backend: &'a dyn Backend) -> Self {
        Group {
            id: number,
            round,
            backend,
            via: Via::Subsession,
        }
    }

    /// 1-based number of the group within its app's round (oTree's
    /// `id_in_subsession`).
    pub fn id(&self) -> u32 {
        self.id
    }

    /// The group's round.
    pub fn round(&self) -> u32 {
        self.round
    }

    /// The group's round of the app.
    pub fn subsession(&self) -> Subsession<'a> {
        Subsession::new(self.round, self.backend)
    }

    /// The group with the same number in `round` (oTree's `in_round`).
    pub fn in_round(&self, round: u32) -> Result<Group<'a>> {
        self.subsession().in_round(round).group(self.id)
    }

    /// The group's state.
    pub fn state(&self) -> Scope<'a> {
        match self.via {
            Via::Caller => Scope::new(self.backend, Owner::Group),
            Via::Subsession => Scope::at(
                self.backend,
                Address::Whose(Whose::Group {
                    number: self.id,
                    round: self.round,
                }),
            ),
        }
    }

    /// Every player of the group, ordered by id-in-group (oTree's
    /// `group.get_players()`).
    pub fn players(&self) -> Vec<Player<'a>> {
        match self.via {
            Via::Caller => self
                .backend
                .players()
                .into_iter()
                .map(|info| Player::new(info, self.backend))
                .collect(),
            // The group came from the host's groups of a round it has: the
            // host cannot fail to list them again.
            Via::Subsession => self
                .backend
                .groups(self.round)
                .unwrap_or_default()
                .into_iter()
                .nth((self.id as usize).saturating_sub(1))
                .unwrap_or_default()
                .into_iter()
                .map(|info| Player::of_subsession(info, self.backend))
                .collect(),
        }
    }

    /// The player with this id-in-group; an error if there is none.
    pub fn player(&self, id_in_group: u32) -> Result<Player<'a>> {
        let players = self.players();
        players
            .iter()
            .find(|p| p.id_in_group() == id_in_group)
            .copied()
            .ok_or_else(|| {
                Error::new(format!(
                    "there is no player with id_in_group {id_in_group} in this group (ids run from 1 to {})",
                    players.len()
                ))
            })
    }

    /// Every player of the group except `player`.
    pub fn others(&self, player: &Player<'_>) -> Vec<Player<'a>> {
        self.players()
            .into_iter()
            .filter(|p| p.id_in_group() != player.id_in_group())
            .collect()
    }

    /// How many players the group has.
    pub fn size(&self) -> u32 {
        u32::try_from(self.players().len()).unwrap_or(u32::MAX)
    }

    /// The log table called `name` (for a hook, which has no player of its
    /// own): [`Table::group_rows`] and [`Table::append_for_group`] with
    /// this group.
    pub fn table(&self, name: &str) -> Table<'a> {
        Table::new(self.backend, name)
    }
}

delegate_state!(Group, "the group's state");
