//! Where a call's clock and randomness come from: the time the experiment's
//! clock reads during the call and the seed of the randomness it draws.
//! A live host gives each call its own time and a fresh seed, and logs both
//! with the call's message-log entry; `livehost bots` gives a fixed
//! sequence (both its plays alike); `livehost replay` gives each call what
//! the recorded call read.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::store::MessageRecord;

/// Which calls draw from one queue of a replay: the group (0 for a hook of
/// the whole session or round) and the round, as the message log records
/// them. Within one group and round, calls run one at a time, so their
/// order in the recording is the order a faithful replay makes them in.
type Stream = (u32, u32);

/// Where calls get their time and seed.
#[derive(Debug, Clone, Default)]
pub enum CallEntropySource {
    /// The host's clock and fresh randomness.
    #[default]
    Live,
    /// A fixed sequence, the same in every run that makes the same calls in
    /// the same order.
    Fixed {
        /// The time of the first call (ms since the Unix epoch); each next
        /// call's is a millisecond later.
        start_ms: u64,
        /// Calls drawn so far.
        drawn: Arc<AtomicU64>,
    },
    /// The times and seeds of a recorded session's calls.
    Replay(Arc<RecordedEntropy>),
}

/// A recorded session's calls' times and seeds, queued by group and round
/// in the order of the message log.
///
/// A call peeks at its queue's front when it starts and the entry is taken
/// off only when the call is logged: calls that are not logged (a page
/// shown without writing anything, a wait page asking is_displayed) read
/// the values of the next logged call of their group, which they cannot
/// change, since what they do is not kept.
#[derive(Debug, Default)]
pub struct RecordedEntropy {
    queues: std::sync::Mutex<HashMap<Stream, VecDeque<(u64, u64)>>>,
}

impl RecordedEntropy {
    /// The entries of a message log that recorded a seed, in log order.
    pub fn new<'a>(log: impl IntoIterator<Item = &'a MessageRecord>) -> RecordedEntropy {
        let mut queues: HashMap<Stream, VecDeque<(u64, u64)>> = HashMap::new();
        for entry in log {
            if let Some(seed) = entry.seed {
                queues
                    .entry((entry.group_id, entry.round))
                    .or_default()
                    .push_back((entry.time_ms, seed));
            }
        }
        RecordedEntropy {
            queues: std::sync::Mutex::new(queues),
        }
    }

    fn queues(&self) -> std::sync::MutexGuard<'_, HashMap<Stream, VecDeque<(u64, u64)>>> {
        self.queues.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn peek(&self, stream: Stream) -> Option<(u64, u64)> {
        self.queues().get(&stream).and_then(|q| q.front().copied())
    }

    fn take(&self, stream: Stream) {
        if let Some(q) = self.queues().get_mut(&stream) {
            q.pop_front();
        }
    }
}

impl CallEntropySource {
    /// A fixed sequence from `start_ms`.
    pub fn fixed(start_ms: u64) -> CallEntropySource {
        CallEntropySource::Fixed {
            start_ms,
            drawn: Arc::default(),
        }
    }

    /// The time and seed of the next call of group `group_id` in `round`
    /// (`time_ms`: when the host started it).
    pub(super) fn draw(&self, time_ms: u64, group_id: u32, round: u32) -> (u64, u64) {
        match self {
            CallEntropySource::Live => (time_ms, rand::random()),
            CallEntropySource::Fixed { start_ms, drawn } => {
                let n = drawn.fetch_add(1, Ordering::Relaxed);
                (start_ms + n, mix(n))
            }
            // A call the recording does not have (the experiment changed)
            // gets the host's time and a seed of its own.
            CallEntropySource::Replay(recorded) => recorded
                .peek((group_id, round))
                .unwrap_or_else(|| (time_ms, rand::random())),
        }
    }

    /// The call of group `group_id` in `round` that last drew was logged:
    /// its group's next call draws the next recorded values.
    pub fn logged(&self, group_id: u32, round: u32) {
        if let CallEntropySource::Replay(recorded) = self {
            recorded.take((group_id, round));
        }
    }
}

/// SplitMix64's output function: well-spread seeds from a counter.
fn mix(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MessageKind;

    fn entry(group_id: u32, round: u32, time_ms: u64, seed: Option<u64>) -> MessageRecord {
        MessageRecord {
            kind: MessageKind::Live,
            time_ms,
            run_us: 0,
            participant_id: 1,
            group_id,
            round,
            page: String::new(),
            data: String::new(),
            replies: Vec::new(),
            error: None,
            segment: 0,
            seed,
        }
    }

    #[test]
    fn a_replay_gives_each_group_its_recorded_calls_in_order() {
        let log = [
            entry(1, 1, 100, Some(11)),
            entry(2, 1, 101, Some(21)),
            entry(1, 1, 102, None),
            entry(1, 1, 103, Some(12)),
        ];
        let source = CallEntropySource::Replay(Arc::new(RecordedEntropy::new(&log)));
        // A call that is not logged reads the next logged one's values.
        assert_eq!(source.draw(5, 1, 1), (100, 11));
        assert_eq!(source.draw(5, 1, 1), (100, 11));
        source.logged(1, 1);
        assert_eq!(source.draw(5, 2, 1), (101, 21));
        assert_eq!(source.draw(5, 1, 1), (103, 12));
        source.logged(1, 1);
        // Past the recording: the host's time.
        assert_eq!(source.draw(7, 1, 1).0, 7);
        assert_eq!(source.draw(7, 3, 2).0, 7);
    }

    #[test]
    fn a_fixed_sequence_is_the_same_in_every_run() {
        let a = CallEntropySource::fixed(1000);
        let b = CallEntropySource::fixed(1000);
        let draws = |s: &CallEntropySource| (0..3).map(|_| s.draw(0, 1, 1)).collect::<Vec<_>>();
        let first = draws(&a);
        assert_eq!(first, draws(&b));
        assert_eq!(first[2].0, 1002);
        assert_ne!(first[0].1, first[1].1);
    }
}
