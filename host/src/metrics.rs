//! What the host counts for its operators: Prometheus's text format at
//! `GET /metrics` (behind the admin token), and the same figures of one
//! session on its console page.
//!
//! Counted where things happen: a page view's live message when it arrives
//! and when its answer is queued after its commit
//! ([`crate::live::participant_socket`], `live::answer`), the guest's call
//! (`live::group::live_call`), each commit (the store's committer, whose
//! histograms are registered here). Levels (instances, page views, queues,
//! async calls, the data file's size) are read when Prometheus asks.
//!
//! The live-message figures carry a `session` label: a lab watches one
//! session, and Grafana sums them for the host. A closed session's series
//! are dropped, so the label's values stay the sessions in play.

use std::time::Duration;

use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue, LabelValueEncoder};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::{Registry, Unit};
use serde::Serialize;

use crate::live::LiveError;
use crate::store::CommitFigures;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SessionLabel {
    session: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ErrorLabel {
    session: String,
    kind: ErrorKind,
}

/// Why a live message was not applied, as the metrics name it.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Larger than `--max-message-bytes`.
    TooLarge,
    /// Not a live message's JSON, or a binary frame.
    Malformed,
    /// Over the participant's rate.
    RateLimited,
    /// The experiment refused it with its own text.
    Refused,
    /// The experiment's code failed (a trap, a budget, an exception).
    GuestFailed,
    /// The experiment's reply was not one livehost can send.
    BadReply,
    /// The group's queue, or the async calls' caps, were full.
    Busy,
    /// Sent from another page than the participant's, or a page that takes
    /// none, or after they finished or the session closed.
    WrongPage,
    /// The data file refused it (the host is stopping, or a commit failed).
    Store,
    Other,
}

impl ErrorKind {
    pub fn of(e: &LiveError) -> ErrorKind {
        match e {
            LiveError::InvalidJson(_) => ErrorKind::Malformed,
            LiveError::Refused(_) => ErrorKind::Refused,
            LiveError::Guest(_) => ErrorKind::GuestFailed,
            LiveError::BadReply(_) => ErrorKind::BadReply,
            LiveError::Busy | LiveError::AsyncCallsOfYours(_) | LiveError::TooManyPages(_) => {
                ErrorKind::Busy
            }
            LiveError::NotOnPage { .. }
            | LiveError::NotLive(_)
            | LiveError::Finished
            | LiveError::SessionClosed
            | LiveError::MovedOn
            | LiveError::UnknownParticipant => ErrorKind::WrongPage,
            LiveError::Store(_) => ErrorKind::Store,
            LiveError::AlreadyApplied | LiveError::Session(_) => ErrorKind::Other,
        }
    }

    /// Its label value (and its name on the console).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::TooLarge => "too_large",
            ErrorKind::Malformed => "malformed",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::Refused => "refused",
            ErrorKind::GuestFailed => "guest_failed",
            ErrorKind::BadReply => "bad_reply",
            ErrorKind::Busy => "busy",
            ErrorKind::WrongPage => "wrong_page",
            ErrorKind::Store => "store",
            ErrorKind::Other => "other",
        }
    }

    const ALL: [ErrorKind; 10] = [
        ErrorKind::TooLarge,
        ErrorKind::Malformed,
        ErrorKind::RateLimited,
        ErrorKind::Refused,
        ErrorKind::GuestFailed,
        ErrorKind::BadReply,
        ErrorKind::Busy,
        ErrorKind::WrongPage,
        ErrorKind::Store,
        ErrorKind::Other,
    ];
}

impl EncodeLabelValue for ErrorKind {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> std::fmt::Result {
        std::fmt::Write::write_str(encoder, self.as_str())
    }
}

/// Seconds from 50 us to about 13 s, doubling: a Rust guest's call to an
/// async call's whole wait.
fn seconds_buckets() -> impl Iterator<Item = f64> {
    exponential_buckets(0.000_05, 2.0, 19)
}

/// The host's figures.
pub struct Metrics {
    registry: Registry,
    messages: Family<SessionLabel, Counter>,
    replies: Family<SessionLabel, Counter>,
    errors: Family<ErrorLabel, Counter>,
    latency: Family<SessionLabel, Histogram>,
    guest_call: Family<SessionLabel, Histogram>,
    levels: Levels,
}

/// The gauges set when Prometheus asks.
#[derive(Default)]
struct Levels {
    group_queue: Gauge,
    commit_queue: Gauge,
    instances_live: Gauge,
    instances_made: Counter,
    page_views_open: Gauge,
    async_calls: Gauge,
    data_file_bytes: Gauge,
}

/// What [`Metrics::encode`] reads from the host.
pub struct Now {
    pub group_queue: u64,
    pub instances_live: u64,
    pub instances_made: u64,
    pub page_views_open: u64,
    pub async_calls: u64,
    pub data_file_bytes: u64,
    pub commits: CommitFigures,
}

/// One session's figures, for its console page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SessionFigures {
    pub messages: u64,
    pub replies: u64,
    /// Messages not applied, by kind (only kinds seen).
    pub errors: Vec<(ErrorKind, u64)>,
    /// Mean time from a message's arrival to its answer, in ms.
    pub mean_latency_ms: Option<f64>,
    /// Mean time of the experiment's live_method, in ms.
    pub mean_guest_call_ms: Option<f64>,
}

/// A page view's handle on its session's live-message figures.
#[derive(Clone)]
pub struct LiveFigures {
    session: String,
    messages: Counter,
    replies: Counter,
    latency: Histogram,
    errors: Family<ErrorLabel, Counter>,
}

impl LiveFigures {
    /// A live message arrived.
    pub fn received(&self) {
        self.messages.inc();
    }

    /// A live message was answered after `took`, with `replies` frames to
    /// page views, or refused.
    pub fn answered(&self, took: Duration, outcome: Result<usize, &LiveError>) {
        self.latency.observe(took.as_secs_f64());
        match outcome {
            Ok(replies) => {
                self.replies.inc_by(replies as u64);
            }
            Err(LiveError::AlreadyApplied) => {}
            Err(e) => self.refused(ErrorKind::of(e)),
        }
    }

    /// Figures of `session` counted nowhere (a unit test's page view).
    #[cfg(test)]
    pub fn detached(session: &str) -> LiveFigures {
        LiveFigures {
            session: session.to_string(),
            messages: Counter::default(),
            replies: Counter::default(),
            latency: Histogram::new(seconds_buckets()),
            errors: Family::default(),
        }
    }

    /// A live message was refused before it reached its group.
    pub fn refused(&self, kind: ErrorKind) {
        self.errors
            .get_or_create(&ErrorLabel {
                session: self.session.clone(),
                kind,
            })
            .inc();
    }
}

impl Metrics {
    /// The registry, with the committer's histograms of `commits`.
    pub fn new(commits: &CommitFigures) -> Metrics {
        let mut registry = Registry::with_prefix("livehost");
        let messages = Family::<SessionLabel, Counter>::default();
        let replies = Family::<SessionLabel, Counter>::default();
        let errors = Family::<ErrorLabel, Counter>::default();
        let latency = Family::<SessionLabel, Histogram>::new_with_constructor(
            (|| Histogram::new(seconds_buckets())) as fn() -> Histogram,
        );
        let guest_call = Family::<SessionLabel, Histogram>::new_with_constructor(
            (|| Histogram::new(seconds_buckets())) as fn() -> Histogram,
        );
        let levels = Levels::default();
        registry.register(
            "live_messages",
            "Live messages received from page views",
            messages.clone(),
        );
        registry.register(
            "live_replies",
            "Replies sent to page views (one per recipient view)",
            replies.clone(),
        );
        registry.register(
            "live_errors",
            "Live messages not applied, by kind",
            errors.clone(),
        );
        registry.register_with_unit(
            "live_message_latency",
            "From a live message's arrival to its answer, after its commit",
            Unit::Seconds,
            latency.clone(),
        );
        registry.register_with_unit(
            "guest_call",
            "The experiment's live_method, per message",
            Unit::Seconds,
            guest_call.clone(),
        );
        registry.register_with_unit(
            "commit",
            "A commit of the data file: writing and syncing",
            Unit::Seconds,
            commits.seconds.clone(),
        );
        registry.register(
            "commit_batch_calls",
            "Calls carried by one commit",
            commits.batch.clone(),
        );
        registry.register(
            "group_queue_messages",
            "Messages waiting in their groups' queues",
            levels.group_queue.clone(),
        );
        registry.register(
            "commit_queue_calls",
            "Calls waiting for the committer",
            levels.commit_queue.clone(),
        );
        registry.register(
            "instances_live",
            "Guest instances live (idle, in use or being made)",
            levels.instances_live.clone(),
        );
        registry.register(
            "instances_made",
            "Guest instances made since the start",
            levels.instances_made.clone(),
        );
        registry.register(
            "page_views_open",
            "Participants' page views (websockets) open",
            levels.page_views_open.clone(),
        );
        registry.register(
            "async_calls_in_flight",
            "Async live methods awaiting",
            levels.async_calls.clone(),
        );
        registry.register_with_unit(
            "data_file_size",
            "The data file's size",
            Unit::Bytes,
            levels.data_file_bytes.clone(),
        );
        Metrics {
            registry,
            messages,
            replies,
            errors,
            latency,
            guest_call,
            levels,
        }
    }

    /// The live-message figures of `session`, for one page view.
    pub fn live(&self, session: &str) -> LiveFigures {
        let label = SessionLabel {
            session: session.to_string(),
        };
        LiveFigures {
            messages: self.messages.get_or_create_owned(&label),
            replies: self.replies.get_or_create_owned(&label),
            latency: self.latency.get_or_create_owned(&label),
            errors: self.errors.clone(),
            session: label.session,
        }
    }

    /// The guest took `took` for one of `session`'s live messages.
    pub fn guest_call(&self, session: &str, took: Duration) {
        self.guest_call
            .get_or_create(&SessionLabel {
                session: session.to_string(),
            })
            .observe(took.as_secs_f64());
    }

    /// Drops a closed session's series.
    pub fn forget(&self, session: &str) {
        let label = SessionLabel {
            session: session.to_string(),
        };
        self.messages.remove(&label);
        self.replies.remove(&label);
        self.latency.remove(&label);
        self.guest_call.remove(&label);
        for kind in ErrorKind::ALL {
            self.errors.remove(&ErrorLabel {
                session: label.session.clone(),
                kind,
            });
        }
    }

    /// One session's figures now.
    pub fn session(&self, session: &str) -> SessionFigures {
        let label = SessionLabel {
            session: session.to_string(),
        };
        let mean_ms = |h: Option<Histogram>| {
            h.filter(|h| h.count() > 0)
                .map(|h| h.sum() * 1000.0 / h.count() as f64)
        };
        let errors = ErrorKind::ALL
            .into_iter()
            .filter_map(|kind| {
                let n = self
                    .errors
                    .get(&ErrorLabel {
                        session: label.session.clone(),
                        kind,
                    })?
                    .get();
                Some((kind, n)).filter(|_| n > 0)
            })
            .collect();
        SessionFigures {
            messages: self.messages.get(&label).map_or(0, |c| c.get()),
            replies: self.replies.get(&label).map_or(0, |c| c.get()),
            errors,
            mean_latency_ms: mean_ms(self.latency.get(&label).map(|h| h.clone())),
            mean_guest_call_ms: mean_ms(self.guest_call.get(&label).map(|h| h.clone())),
        }
    }

    /// Prometheus's text format (OpenMetrics), with the levels as they are
    /// `now`.
    pub fn encode(&self, now: &Now) -> Result<String, std::fmt::Error> {
        let l = &self.levels;
        let gauge = |g: &Gauge, v: u64| {
            g.set(i64::try_from(v).unwrap_or(i64::MAX));
        };
        gauge(&l.group_queue, now.group_queue);
        gauge(&l.commit_queue, now.commits.queued);
        gauge(&l.instances_live, now.instances_live);
        gauge(&l.page_views_open, now.page_views_open);
        gauge(&l.async_calls, now.async_calls);
        gauge(&l.data_file_bytes, now.data_file_bytes);
        // A counter only goes up: add what was made since the last ask.
        let made = l.instances_made.get();
        l.instances_made
            .inc_by(now.instances_made.saturating_sub(made));
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

/// The content type of [`Metrics::encode`]'s text.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[cfg(test)]
mod tests {
    use super::*;

    fn now(commits: CommitFigures) -> Now {
        Now {
            group_queue: 3,
            instances_live: 2,
            instances_made: 5,
            page_views_open: 4,
            async_calls: 1,
            data_file_bytes: 4096,
            commits,
        }
    }

    fn commits() -> CommitFigures {
        CommitFigures {
            queued: 7,
            seconds: Histogram::new(seconds_buckets()),
            batch: Histogram::new(exponential_buckets(1.0, 2.0, 13)),
        }
    }

    #[test]
    fn a_sessions_messages_are_counted_and_forgotten_when_it_closes() {
        let c = commits();
        c.seconds.observe(0.0002);
        c.batch.observe(12.0);
        let m = Metrics::new(&c);
        let live = m.live("s1");
        live.received();
        live.received();
        live.answered(Duration::from_millis(2), Ok(3));
        live.answered(Duration::from_millis(4), Err(&LiveError::Busy));
        live.refused(ErrorKind::RateLimited);
        m.guest_call("s1", Duration::from_micros(500));
        let f = m.session("s1");
        assert_eq!((f.messages, f.replies), (2, 3));
        assert_eq!(
            f.errors,
            vec![(ErrorKind::RateLimited, 1), (ErrorKind::Busy, 1)]
        );
        assert!((f.mean_latency_ms.unwrap() - 3.0).abs() < 1e-9);
        assert!((f.mean_guest_call_ms.unwrap() - 0.5).abs() < 1e-9);

        let text = m.encode(&now(c)).unwrap();
        for line in [
            "livehost_live_messages_total{session=\"s1\"} 2",
            "livehost_live_replies_total{session=\"s1\"} 3",
            "livehost_live_errors_total{session=\"s1\",kind=\"busy\"} 1",
            "livehost_live_message_latency_seconds_count{session=\"s1\"} 2",
            "livehost_commit_seconds_count 1",
            "livehost_commit_batch_calls_sum 12.0",
            "livehost_commit_queue_calls 7",
            "livehost_group_queue_messages 3",
            "livehost_instances_made_total 5",
            "livehost_data_file_size_bytes 4096",
            "# EOF",
        ] {
            assert!(text.contains(line), "{line:?} in:\n{text}");
        }
        m.forget("s1");
        let text = m.encode(&now(commits())).unwrap();
        assert!(!text.contains("s1"), "{text}");
        assert_eq!(m.session("s1").messages, 0);
    }
}
