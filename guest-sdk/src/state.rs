//! Typed access to the host's state: JSON values by key, owned by the
//! session, the caller's group, a player or a participant (oTree's model
//! fields and `participant.vars`), named from the caller (`state`'s
//! [`Owner`]) or from the session (the subsession's [`Whose`]).

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::backend::Backend;
use crate::error::{Error, Result};
use crate::subsession::Whose;

/// Whose state a value belongs to, seen from the calling player (the WIT
/// `owner`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    /// Shared by every participant of the session.
    Session,
    /// The caller's group, in the current round.
    Group,
    /// A player of the caller's group (by id-in-group), in the current round.
    Player(u32),
    /// A participant of the caller's group (by id-in-group), across rounds.
    Participant(u32),
}

impl fmt::Display for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Owner::Session => f.write_str("session"),
            Owner::Group => f.write_str("group"),
            Owner::Player(id) => write!(f, "player {id}"),
            Owner::Participant(id) => write!(f, "participant {id}"),
        }
    }
}

/// The state of one owner: get, set and delete serde values by key.
///
/// Values are stored as JSON; any `Serialize` goes in and any
/// `DeserializeOwned` comes out. Reads see the writes made earlier in the
/// same call; writes are kept only if the call succeeds.
///
/// Get one from [`Player::session`](crate::Player::session),
/// [`Player::state`](crate::Player::state),
/// [`Player::participant`](crate::Player::participant) or
/// [`Group::state`](crate::Group::state); [`Player`](crate::Player) and
/// [`Group`](crate::Group) also have these methods directly.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    backend: &'a dyn Backend,
    address: Address,
}

/// Where a scope's values are: a `state` owner, a `subsession` owner, or
/// the fields of a subsession (session keys `subsession.<round>.<name>`, as
/// the Python SDK keeps them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Address {
    Owner(Owner),
    Whose(Whose),
    Subsession(u32),
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Address::Owner(owner) => owner.fmt(f),
            Address::Whose(whose) => whose.fmt(f),
            Address::Subsession(round) => write!(f, "subsession of round {round}"),
        }
    }
}

impl fmt::Debug for Scope<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scope")
            .field("address", &self.address)
            .finish()
    }
}

impl<'a> Scope<'a> {
    pub(crate) fn new(backend: &'a dyn Backend, owner: Owner) -> Self {
        Self::at(backend, Address::Owner(owner))
    }

    pub(crate) fn at(backend: &'a dyn Backend, address: Address) -> Self {
        Scope { backend, address }
    }

    /// Whose state this is, as the caller names it (`state`'s owner); none
    /// for a scope reached through the subsession (see [`Scope::whose`]).
    pub fn owner(&self) -> Option<Owner> {
        match self.address {
            Address::Owner(owner) => Some(owner),
            Address::Subsession(_) => Some(Owner::Session),
            Address::Whose(_) => None,
        }
    }

    /// Whose state this is, as the subsession names it; none for a scope
    /// named from the caller (see [`Scope::owner`]).
    pub fn whose(&self) -> Option<Whose> {
        match self.address {
            Address::Whose(whose) => Some(whose),
            _ => None,
        }
    }

    /// The value under `key`, or `None` if nothing is stored there. Fails if
    /// the stored JSON is not a `T`.
    pub fn get<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        let Some(text) = self.get_raw(key)? else {
            return Ok(None);
        };
        serde_json::from_str(&text).map(Some).map_err(|e| {
            Error::new(format!(
                "state {} holds {text}, which is not a {}: {e}",
                self.name(key),
                std::any::type_name::<T>()
            ))
        })
    }

    /// The value under `key`, or `default` if nothing is stored there.
    pub fn get_or<T: DeserializeOwned>(&self, key: &str, default: T) -> Result<T> {
        Ok(self.get(key)?.unwrap_or(default))
    }

    /// The value under `key`, or `T::default()` if nothing is stored there.
    pub fn get_or_default<T: DeserializeOwned + Default>(&self, key: &str) -> Result<T> {
        Ok(self.get(key)?.unwrap_or_default())
    }

    /// Store `value` under `key`, replacing what was there.
    pub fn set<T: Serialize + ?Sized>(&self, key: &str, value: &T) -> Result<()> {
        let text = serde_json::to_string(value).map_err(|e| {
            Error::new(format!(
                "state {}: cannot store the value: {e}",
                self.name(key)
            ))
        })?;
        self.set_raw(key, &text)
    }

    /// Remove `key`. Removing a key that is not there is fine.
    pub fn delete(&self, key: &str) -> Result<()> {
        match self.address {
            Address::Owner(owner) => self.backend.delete(owner, key),
            Address::Whose(whose) => self.backend.delete_whose(whose, key),
            Address::Subsession(round) => self
                .backend
                .delete(Owner::Session, &subsession_key(round, key)),
        }
        .map_err(|e| self.error("delete", key, e))
    }

    /// The JSON text stored under `key`, as the host has it.
    pub fn get_raw(&self, key: &str) -> Result<Option<String>> {
        match self.address {
            Address::Owner(owner) => self.backend.get(owner, key),
            Address::Whose(whose) => self.backend.get_whose(whose, key),
            Address::Subsession(round) => self
                .backend
                .get(Owner::Session, &subsession_key(round, key)),
        }
        .map_err(|e| self.error("get", key, e))
    }

    /// Store JSON text you already have under `key`, as it is. The host
    /// refuses text that is not valid JSON.
    pub fn set_raw(&self, key: &str, json: &str) -> Result<()> {
        match self.address {
            Address::Owner(owner) => self.backend.set(owner, key, json),
            Address::Whose(whose) => self.backend.set_whose(whose, key, json),
            Address::Subsession(round) => {
                self.backend
                    .set(Owner::Session, &subsession_key(round, key), json)
            }
        }
        .map_err(|e| self.error("set", key, e))
    }

    /// Read `key` (or `default`), change it with `change`, store it and
    /// return the new value.
    ///
    /// ```ignore
    /// let n = player.group().update("num_messages", 0u32, |n| *n += 1)?;
    /// ```
    pub fn update<T, F>(&self, key: &str, default: T, change: F) -> Result<T>
    where
        T: Serialize + DeserializeOwned,
        F: FnOnce(&mut T),
    {
        let mut value = self.get_or(key, default)?;
        change(&mut value);
        self.set(key, &value)?;
        Ok(value)
    }

    fn name(&self, key: &str) -> String {
        format!("{}.{key}", self.address)
    }

    fn error(&self, op: &str, key: &str, host: String) -> Error {
        Error::new(format!("state {op} {}: {host}", self.name(key)))
    }
}

/// The session key of a subsession field (as the Python SDK names it).
fn subsession_key(round: u32, key: &str) -> String {
    format!("subsession.{round}.{key}")
}

/// Give a type the state methods of the [`Scope`] its `state()` returns.
macro_rules! delegate_state {
    ($ty:ident, $whose:literal) => {
        impl<'a> $ty<'a> {
            #[doc = concat!("The value under `key` in ", $whose, ", or `None`; see [`Scope::get`](crate::Scope::get).")]
            pub fn get<T: serde::de::DeserializeOwned>(
                &self,
                key: &str,
            ) -> $crate::Result<Option<T>> {
                self.state().get(key)
            }

            #[doc = concat!("The value under `key` in ", $whose, ", or `default`; see [`Scope::get_or`](crate::Scope::get_or).")]
            pub fn get_or<T: serde::de::DeserializeOwned>(
                &self,
                key: &str,
                default: T,
            ) -> $crate::Result<T> {
                self.state().get_or(key, default)
            }

            #[doc = concat!("The value under `key` in ", $whose, ", or `T::default()`; see [`Scope::get_or_default`](crate::Scope::get_or_default).")]
            pub fn get_or_default<T: serde::de::DeserializeOwned + Default>(
                &self,
                key: &str,
            ) -> $crate::Result<T> {
                self.state().get_or_default(key)
            }

            #[doc = concat!("Store `value` under `key` in ", $whose, "; see [`Scope::set`](crate::Scope::set).")]
            pub fn set<T: serde::Serialize + ?Sized>(
                &self,
                key: &str,
                value: &T,
            ) -> $crate::Result<()> {
                self.state().set(key, value)
            }

            #[doc = concat!("Remove `key` from ", $whose, "; see [`Scope::delete`](crate::Scope::delete).")]
            pub fn delete(&self, key: &str) -> $crate::Result<()> {
                self.state().delete(key)
            }

            #[doc = concat!("Read, change and store `key` in ", $whose, "; see [`Scope::update`](crate::Scope::update).")]
            pub fn update<T, F>(&self, key: &str, default: T, change: F) -> $crate::Result<T>
            where
                T: serde::Serialize + serde::de::DeserializeOwned,
                F: FnOnce(&mut T),
            {
                self.state().update(key, default, change)
            }
        }
    };
}
pub(crate) use delegate_state;
