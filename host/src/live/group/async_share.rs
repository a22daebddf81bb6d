//! A group's share of the host's async calls (each holds one of the
//! host's `Limits::max_async_calls` slots while it runs): at most
//! `Limits::max_async_calls_per_group` of the group's calls in flight at
//! once, and `Limits::max_async_calls_per_participant` of one member's, so
//! that one participant sending as fast as they can (or one group) cannot
//! take every slot and leave the other groups' calls refused.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::live::LiveError;
use crate::runtime::Limits;

/// The group's calls in flight, in all and by member.
#[derive(Default)]
pub(super) struct AsyncShare {
    group: Arc<AtomicU32>,
    members: HashMap<Arc<str>, Arc<AtomicU32>>,
}

/// One call's place in its group's share, given back when the call ends.
pub(crate) struct AsyncPlace {
    group: Arc<AtomicU32>,
    member: Arc<AtomicU32>,
}

impl AsyncShare {
    /// A place for a call of the member with `code`, if both the group's
    /// and the member's share have room.
    pub(super) fn take(
        &mut self,
        code: &Arc<str>,
        limits: &Limits,
    ) -> Result<AsyncPlace, LiveError> {
        self.members.retain(|_, n| n.load(Ordering::Acquire) > 0);
        let member = self.members.entry(code.clone()).or_default().clone();
        if member.load(Ordering::Acquire) >= limits.max_async_calls_per_participant {
            return Err(LiveError::AsyncCallsOfYours(
                limits.max_async_calls_per_participant,
            ));
        }
        if self.group.load(Ordering::Acquire) >= limits.max_async_calls_per_group {
            return Err(LiveError::Busy);
        }
        member.fetch_add(1, Ordering::AcqRel);
        self.group.fetch_add(1, Ordering::AcqRel);
        Ok(AsyncPlace {
            group: self.group.clone(),
            member,
        })
    }
}

impl Drop for AsyncPlace {
    fn drop(&mut self) {
        self.member.fetch_sub(1, Ordering::AcqRel);
        self.group.fetch_sub(1, Ordering::AcqRel);
    }
}
