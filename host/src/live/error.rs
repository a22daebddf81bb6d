//! What can go wrong with a live message, a press of next or a new session;
//! each text is what the participant or researcher is shown, and says what
//! to do.

use crate::runtime::GuestFailure;
use crate::store::StoreError;

/// A live message was not handled; nothing it would have written is kept.
#[derive(Debug, thiserror::Error, Clone)]
pub enum LiveError {
    #[error("{0}")]
    InvalidJson(String),
    #[error("unknown participant code: open the link you were given again")]
    UnknownParticipant,
    #[error("you have finished this experiment: live messages are closed")]
    Finished,
    #[error("the experimenter has closed this session: it takes no more messages")]
    SessionClosed,
    #[error(
        "this message was sent from page {claimed:?}, but you are on page {current:?}: reload the page"
    )]
    NotOnPage { claimed: String, current: String },
    #[error("page {0:?} is not a live page: it does not take live messages")]
    NotLive(String),
    /// The experiment refused the message with its own text.
    #[error("{0}")]
    Refused(String),
    #[error("{0}; nothing was changed")]
    Guest(GuestFailure),
    #[error("the experiment's reply was refused: {0}; nothing was changed")]
    BadReply(String),
    #[error("too many messages are waiting in your group: wait a moment and send again")]
    Busy,
    #[error(
        "{0} of your messages are still being answered, the most one participant may have: wait for an answer before sending more"
    )]
    AsyncCallsOfYours(u32),
    #[error(
        "you have {0} pages of this experiment open already, the most one participant may have: close the others and reload this one"
    )]
    TooManyPages(usize),
    /// A page sent again a message the host had applied (after a
    /// reconnect); it is not applied twice.
    #[error("this message was applied already; it is not applied again")]
    AlreadyApplied,
    /// The participant has moved on to the session's next app (and its
    /// group) while this request was on its way.
    #[error("you have moved on to the next part of the experiment: reload the page")]
    MovedOn,
    #[error("{0}")]
    Session(#[from] SessionError),
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// A press of next did not move the participant.
#[derive(Debug, thiserror::Error, Clone)]
pub enum AdvanceError {
    #[error("the submitted form is not a JSON object of fields")]
    BadForm,
    #[error("you are on a wait page: you move on when your whole group has arrived")]
    Waiting,
    /// before-next refused, with the experiment's text (oTree's error_message).
    #[error("{0}")]
    Refused(String),
    /// The page's form was refused (oTree's field checks and
    /// error_message): shown again with these errors.
    #[error("{0}")]
    Form(FormErrors),
    /// A timeout was claimed for a page whose deadline has not passed (or
    /// that has none, or that the participant has left).
    #[error("this page has not timed out: press next to go on")]
    NotTimedOut,
    #[error("{0}")]
    Live(LiveError),
}

/// Why a submitted form was refused, in oTree's words: each field's
/// messages (a field may have several) and the whole form's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormErrors {
    pub fields: Vec<(String, String)>,
    pub form: Option<String>,
}

impl std::fmt::Display for FormErrors {
    /// What oTree shows above a refused form.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.form {
            Some(text) => f.write_str(text),
            None => f.write_str("Please fix the errors."),
        }
    }
}

impl AdvanceError {
    pub(crate) fn from_live(e: LiveError) -> AdvanceError {
        AdvanceError::Live(e)
    }
}

/// A session could not be created or started.
#[derive(Debug, thiserror::Error, Clone)]
pub enum SessionError {
    #[error("no experiment with SHA {0} is stored: upload it first")]
    UnknownExperiment(String),
    #[error("the stored experiment could not be loaded: {0}")]
    Load(String),
    #[error("a session has at most {max} participants; {asked} were asked for")]
    TooLarge { asked: u32, max: u32 },
    #[error("{0}")]
    Sequence(#[from] super::app_sequence::SequenceError),
    #[error("the experiment has no session config {name:?}; its configs are: {known}")]
    UnknownConfig { name: String, known: String },
    #[error("{0}")]
    BadConfig(String),
    #[error("there is no session {0:?}: `livehost session list` lists the sessions")]
    UnknownSession(String),
    #[error(
        "creating_session of app {app} (round {round}) failed, so no session was created: {error}"
    )]
    CreatingSession {
        app: String,
        round: u32,
        error: String,
    },
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// An experiment's refusal text as the sender sees it: its first line. Any
/// further lines (a Python or JavaScript traceback, with files and lines)
/// are for the researcher: they go to the host's log.
pub(crate) fn refusal(text: String, page: &str) -> String {
    match text.split_once('\n') {
        Some((first, details)) if !details.trim().is_empty() => {
            tracing::warn!(
                page,
                details = details.trim_end(),
                "the experiment refused a call: {first}"
            );
            first.to_string()
        }
        _ => text,
    }
}
