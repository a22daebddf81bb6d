//! The SDK's error type: one human-readable message, which becomes the WIT
//! `err(string)` a live method or before-next returns.

use std::fmt;

/// An error to show to the participant whose call failed.
///
/// A live method that returns it refuses the message: nothing the call wrote
/// is kept and the sender's page gets the text. A `before_next` that returns
/// it keeps the player on the page and shows them the text.
///
/// `?` converts into it from the SDK's own state and log errors (they already
/// are this type), from [`serde_json::Error`], and from `String` / `&str`, so
/// `return Err("Bid is too high".into())` works. [`bail!`](crate::bail)
/// formats one and returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    message: String,
}

/// `Result` with the SDK's [`Error`] as the default error type.
pub type Result<T = (), E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        Error {
            message: message.into(),
        }
    }

    /// The message, as the participant will see it.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The same error with `context` put in front: `"{context}: {message}"`.
    pub fn context(self, context: impl fmt::Display) -> Self {
        Error {
            message: format!("{context}: {}", self.message),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<String> for Error {
    fn from(message: String) -> Self {
        Error { message }
    }
}

impl From<&str> for Error {
    fn from(message: &str) -> Self {
        Error::new(message)
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::new(format!("JSON error: {e}"))
    }
}

impl From<Error> for String {
    fn from(e: Error) -> Self {
        e.message
    }
}

/// Return early with an [`Error`] made from a format string.
///
/// ```
/// use livehost_guest::{bail, Result};
/// fn check(bid: f64) -> Result<()> {
///     if bid < 0.0 {
///         bail!("a bid must not be negative, got {bid}");
///     }
///     Ok(())
/// }
/// assert_eq!(check(-1.0).unwrap_err().message(), "a bid must not be negative, got -1");
/// ```
#[macro_export]
macro_rules! bail {
    ($($arg:tt)*) => {
        return ::core::result::Result::Err($crate::Error::new(::std::format!($($arg)*)).into())
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_keep_the_message() {
        let e: Error = "stay".into();
        assert_eq!(e.to_string(), "stay");
        let e: Error = String::from("go").into();
        assert_eq!(e.message(), "go");
        let s: String = Error::new("x").context("state group.n").into();
        assert_eq!(s, "state group.n: x");
        let json = serde_json::from_str::<u32>("\"a\"").unwrap_err();
        assert!(
            Error::from(json)
                .message()
                .starts_with("JSON error: invalid type")
        );
    }
}
