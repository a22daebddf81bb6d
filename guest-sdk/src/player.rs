//! The calling player and their group: who they are, and handles to the
//! state, log tables and fellow players they can reach.

use std::fmt;

use crate::backend::Backend;
use crate::error::{Error, Result};
use crate::log::Table;
use crate::replies::Replies;
use crate::state::{Owner, Scope, delegate_state};

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
}

impl fmt::Debug for Player<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.info.fmt(f)
    }
}

impl<'a> Player<'a> {
    pub(crate) fn new(info: PlayerInfo, backend: &'a dyn Backend) -> Self {
        Player { info, backend }
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

    /// This player's own state in the current round (oTree's Player fields).
    pub fn state(&self) -> Scope<'a> {
        Scope::new(self.backend, Owner::Player(self.info.id_in_group))
    }

    /// This player's participant state, kept across rounds (oTree's
    /// `participant.vars`).
    pub fn participant(&self) -> Scope<'a> {
        Scope::new(self.backend, Owner::Participant(self.info.id_in_group))
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

    /// The player's group in the current round.
    pub fn group(&self) -> Group<'a> {
        Group {
            id: self.info.group_id,
            backend: self.backend,
        }
    }

    /// The log table called `name` (oTree's ExtraModel): 1 to 64 letters,
    /// digits, `_` or `-`.
    pub fn table(&self, name: &str) -> Table<'a> {
        Table::new(self.backend, name)
    }
}

delegate_state!(Player, "this player's own state");

/// The caller's group in the current round: its state (oTree's Group
/// fields) and its players.
#[derive(Clone, Copy)]
pub struct Group<'a> {
    id: u32,
    backend: &'a dyn Backend,
}

impl fmt::Debug for Group<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Group").field("id", &self.id).finish()
    }
}

impl<'a> Group<'a> {
    /// 1-based number of the group within its session.
    pub fn id(&self) -> u32 {
        self.id
    }

    /// The group's state.
    pub fn state(&self) -> Scope<'a> {
        Scope::new(self.backend, Owner::Group)
    }

    /// Every player of the group, ordered by id-in-group (oTree's
    /// `group.get_players()`).
    pub fn players(&self) -> Vec<Player<'a>> {
        self.backend
            .players()
            .into_iter()
            .map(|info| Player::new(info, self.backend))
            .collect()
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
        u32::try_from(self.backend.players().len()).unwrap_or(u32::MAX)
    }
}

delegate_state!(Group, "the group's state");
