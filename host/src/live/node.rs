//! Which host of a cluster this is: its node id (`--node`), which every
//! code it makes carries, so that a proxy can send a session's requests to
//! the host that keeps the session with a rule on the path alone
//! (docs/cluster.md).
//!
//! A code made on node `a` is `a-` followed by the 20 random characters of
//! [`super::session::random_code`]; the dash is not in the codes' alphabet,
//! so the node id is everything before the first dash. A host without a
//! node id makes bare codes, as a single host always has.
//!
//! The data file records the node id its codes carry (meta key `node`), and
//! a start with another one is refused: a session's codes were handed out
//! with the id in them, and a host answering them under another id would
//! never be reached.

use std::fmt;
use std::sync::Arc;

use crate::store::{Store, StoreError};

const META_KEY: &str = "node";

/// Most characters of a node id: codes stay short.
pub const MAX_LEN: usize = 12;

/// A node id: 1 to [`MAX_LEN`] lowercase ASCII letters and digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeId(Arc<str>);

/// Why a node id was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    #[error(
        "{0:?} is not a node id: use 1 to {MAX_LEN} lowercase letters and digits (a proxy reads it from the start of every code this host makes), like `a` or `lab2`"
    )]
    Malformed(String),
    #[error(
        "this data file belongs to node {stored:?}: the codes of its sessions start with `{stored}-`, so the proxy sends their requests to that node; start it with --node {stored}"
    )]
    Other { stored: String },
    #[error(
        "this data file has {0} session(s) made without a node id, whose codes carry none, so a proxy could not route them to this host: give this node a new data file, or run it without --node"
    )]
    HasBareSessions(usize),
    #[error("reading the node id recorded in the data file: {0}")]
    Store(#[from] StoreError),
}

impl NodeId {
    pub fn parse(text: &str) -> Result<NodeId, NodeError> {
        let ok = !text.is_empty()
            && text.len() <= MAX_LEN
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if ok {
            Ok(NodeId(Arc::from(text)))
        } else {
            Err(NodeError::Malformed(text.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The node a code was made on, if it carries one.
    pub fn of_code(code: &str) -> Option<&str> {
        code.split_once('-').map(|(node, _)| node)
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for NodeId {
    type Err = NodeError;
    fn from_str(s: &str) -> Result<NodeId, NodeError> {
        NodeId::parse(s)
    }
}

/// Checks `given` against the node id the data file records, and records
/// it on the first start with one.
pub(crate) fn settle(store: &Store, given: Option<&NodeId>) -> Result<(), NodeError> {
    let stored = store.meta(META_KEY)?;
    match (stored, given) {
        (Some(stored), Some(given)) if stored == given.as_str() => Ok(()),
        (Some(stored), _) => Err(NodeError::Other { stored }),
        (None, None) => Ok(()),
        (None, Some(given)) => {
            let sessions = store.sessions()?.len();
            if sessions > 0 {
                return Err(NodeError::HasBareSessions(sessions));
            }
            store.set_meta(META_KEY, given.as_str())?;
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_ids_are_short_lowercase_words() {
        for ok in ["a", "lab2", "n0", "abcdefghijkl"] {
            assert_eq!(NodeId::parse(ok).unwrap().as_str(), ok);
        }
        for bad in ["", "A", "a-b", "a b", "abcdefghijklm", "ü", "a/b"] {
            assert!(NodeId::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(NodeId::of_code("lab2-abcdefghij"), Some("lab2"));
        assert_eq!(NodeId::of_code("abcdefghij"), None);
    }

    #[test]
    fn a_data_file_keeps_its_node_id() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("d.redb")).unwrap();
        let a = NodeId::parse("a").unwrap();
        settle(&store, Some(&a)).unwrap();
        settle(&store, Some(&a)).unwrap();
        let b = NodeId::parse("b").unwrap();
        let other = settle(&store, Some(&b)).unwrap_err().to_string();
        assert!(other.contains("--node a"), "{other}");
        assert!(settle(&store, None).is_err(), "a node's file needs --node");
    }
}
