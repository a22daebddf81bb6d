//! The admin token: the bearer credential of the admin API.
//!
//! A lab sets it with `--admin-token`, `LIVEHOST_ADMIN_TOKEN` or
//! `--admin-token-file` (at least [`MIN_LEN`] characters); otherwise the
//! first start generates one (256 random bits), writes it to a file only
//! livehost's user may read (its path is printed; the token never goes to
//! the log), and keeps only its SHA-256 in the data file's `meta` table.
//! Requests are checked by comparing SHA-256 digests, so the comparison's
//! timing says nothing about the token.

use hyper::header::HeaderValue;
use rand::RngExt;
use sha2::{Digest, Sha256};

use crate::Livehost;
use crate::store::StoreError;

const META_KEY: &str = "admin_token_sha256";

/// The fewest characters a token a lab gives may have: a short one could
/// be guessed by trying.
pub const MIN_LEN: usize = 32;

/// What the admin API checks tokens against.
#[derive(Clone)]
pub struct AdminToken {
    sha256: [u8; 32],
    /// The console's login key ([`super::console_login`]), when this start
    /// was given the token itself: the same on every node given it.
    login_key: Option<[u8; 32]>,
}

/// Why a request was not let into the admin API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error(
        "this request has no admin token: send the header `Authorization: Bearer <token>` (the token in the file livehost named at its first start, `<data file>.admin-token`, or the one it was started with)"
    )]
    Missing,
    #[error(
        "the admin token is wrong: use the token in the file livehost named at its first start (`<data file>.admin-token`), or the one it was started with"
    )]
    Wrong,
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// A new random token: 64 hex digits.
pub fn generate() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    hex::encode(bytes)
}

impl AdminToken {
    /// The token given to this start.
    pub fn from_token(token: &str) -> AdminToken {
        use hmac::Mac;
        let login_key = <hmac::Hmac<Sha256> as Mac>::new_from_slice(token.as_bytes())
            .ok()
            .map(|mut mac| {
                mac.update(b"livehost console login key");
                mac.finalize().into_bytes().into()
            });
        AdminToken {
            sha256: digest(token),
            login_key,
        }
    }

    /// The key the console's logins are signed with, if this start knows one
    /// that outlives it.
    pub fn login_key(&self) -> Option<[u8; 32]> {
        self.login_key
    }

    /// The token for this start: `given` if set (refused if shorter than
    /// [`MIN_LEN`]); else the one whose hash the data file keeps; else a new
    /// one, handed to `keep` (which writes it where the lab can read it)
    /// before its hash is stored, so that a token that could not be kept is
    /// never the only way in.
    pub fn resolve(
        host: &Livehost,
        given: Option<&str>,
        keep: impl FnOnce(&str) -> anyhow::Result<()>,
    ) -> anyhow::Result<AdminToken> {
        if let Some(token) = given {
            if token.chars().count() < MIN_LEN {
                anyhow::bail!(
                    "the admin token is {} characters long, and it must have at least {MIN_LEN}: give a long random one (e.g. `openssl rand -hex 32`), or none to have one generated",
                    token.chars().count()
                );
            }
            return Ok(AdminToken::from_token(token));
        }
        if let Some(stored) = host.setting(META_KEY)? {
            let mut sha256 = [0u8; 32];
            hex::decode_to_slice(stored.trim(), &mut sha256)
                .map_err(|e| StoreError::Corrupt(format!("the stored admin token hash: {e}")))?;
            return Ok(AdminToken {
                sha256,
                login_key: None,
            });
        }
        let token = generate();
        keep(&token)?;
        host.set_setting(META_KEY, &hex::encode(digest(&token)))?;
        // Its next start knows only the hash: logins end with this start.
        Ok(AdminToken {
            sha256: digest(&token),
            login_key: None,
        })
    }

    /// Checks an `Authorization` header.
    pub fn check(&self, header: Option<&HeaderValue>) -> Result<(), AuthError> {
        let value = header
            .and_then(|h| h.to_str().ok())
            .map(str::trim)
            .ok_or(AuthError::Missing)?;
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .ok_or(AuthError::Missing)?;
        if self.matches(token) {
            Ok(())
        } else {
            Err(AuthError::Wrong)
        }
    }

    /// Whether `token` is the admin token (the console's login form).
    pub fn matches(&self, token: &str) -> bool {
        digest(token.trim()) == self.sha256
    }
}
