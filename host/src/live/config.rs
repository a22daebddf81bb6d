//! How a [`Livehost`](super::Livehost) is set up: its data file, the
//! compiled-component cache, and the limits on guests, groups and sockets.

use std::path::PathBuf;

use super::SocketLimits;
use crate::runtime::Limits;

/// How the library is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// The redb data file.
    pub data_file: PathBuf,
    /// Where compiled components are kept between runs.
    pub cache_dir: PathBuf,
    /// Limits on guest code.
    pub limits: Limits,
    /// Messages waiting per group before new ones are refused.
    pub group_queue: usize,
    /// Limits on participants' sockets.
    pub sockets: SocketLimits,
    /// Bytes of the data file's page cache.
    pub data_cache: usize,
    /// Where calls get their guests' time and randomness.
    pub entropy: crate::runtime::CallEntropySource,
    /// Whether the host runs its own timers: pages timed out at their
    /// deadlines, grouping rules asked again (off in `livehost replay`,
    /// which makes them where the recording did).
    pub page_timers: bool,
    /// How often an app's group_by_arrival_time_method is asked again
    /// while players wait on its page (oTree's page reloads itself every
    /// 10 to 70 s, and each load asks), so a rule that uses the clock
    /// decides without anyone reloading.
    pub arrival_recheck: std::time::Duration,
    /// This host's node id in a cluster: the codes it makes start with it.
    pub node: Option<super::node::NodeId>,
}

impl Config {
    /// Defaults for a data file: the cache sits next to it.
    pub fn new(data_file: impl Into<PathBuf>) -> Config {
        let data_file = data_file.into();
        let cache_dir = std::env::var_os("LIVEHOST_CACHE_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                data_file
                    .parent()
                    .unwrap_or(std::path::Path::new("."))
                    .join("livehost-cache")
            });
        Config {
            data_file,
            cache_dir,
            limits: Limits::default(),
            group_queue: 1024,
            sockets: SocketLimits::default(),
            data_cache: crate::store::DEFAULT_CACHE_BYTES,
            entropy: Default::default(),
            page_timers: true,
            arrival_recheck: std::time::Duration::from_secs(10),
            node: None,
        }
    }
}
