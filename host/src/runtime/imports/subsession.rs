//! The `subsession` import: oTree's session model seen from a call (any
//! player, group and round of the caller's app, any participant), in the
//! call's transaction ([`Call`]) like `state`.

use super::CallContext;
use crate::runtime::bindings::app_world::livehost::experiment::subsession;
use crate::runtime::bindings::{Player, Whose};

impl subsession::Host for CallContext {
    #[tracing::instrument(level = "trace", name = "subsession.get", skip(self))]
    fn get(&mut self, whose: Whose, key: String) -> Result<Option<String>, String> {
        self.call()?
            .get_whose(whose, &key)
            .map_err(|e| e.to_string())
    }

    #[tracing::instrument(level = "trace", name = "subsession.set", skip(self, value))]
    fn set(&mut self, whose: Whose, key: String, value: String) -> Result<(), String> {
        self.call()?
            .set_whose(whose, key, value)
            .map_err(|e| e.to_string())
    }

    #[tracing::instrument(level = "trace", name = "subsession.delete", skip(self))]
    fn delete(&mut self, whose: Whose, key: String) -> Result<(), String> {
        self.call()?
            .delete_whose(whose, key)
            .map_err(|e| e.to_string())
    }

    #[tracing::instrument(level = "trace", name = "subsession.groups", skip(self))]
    fn groups(&mut self, round: u32) -> Result<Vec<Vec<Player>>, String> {
        self.call()?.groups(round).map_err(|e| e.to_string())
    }

    #[tracing::instrument(level = "trace", name = "subsession.participant-code", skip(self))]
    fn participant_code(&mut self, participant_id: u32) -> Result<String, String> {
        self.call()?
            .participant_code(participant_id)
            .map_err(|e| e.to_string())
    }

    #[tracing::instrument(level = "trace", name = "subsession.session-code", skip(self))]
    fn session_code(&mut self) -> String {
        self.call().map(|c| c.session_code()).unwrap_or_default()
    }

    #[tracing::instrument(level = "trace", name = "subsession.set-groups", skip(self, groups))]
    fn set_groups(&mut self, round: u32, groups: Vec<Vec<u32>>) -> Result<(), String> {
        self.call()?
            .set_groups(round, groups)
            .map_err(|e| e.to_string())
    }
}
