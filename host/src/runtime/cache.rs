//! The compiled-component cache: compiling a component takes tens of
//! milliseconds (seconds for Python and JavaScript guests), loading a
//! compiled one well under one.
//!
//! Layout: one file per component in the cache directory, named
//! `<sha256 of the component>-<engine hash>.cwasm`, where the engine hash
//! covers wasmtime's version and every engine setting that changes compiled
//! code. A file is written under a temporary name and renamed into place,
//! so a reader never sees half of one; a file that fails to load is
//! recompiled and replaced.
//!
//! Loading a compiled artifact is `unsafe` in wasmtime: it is machine code.
//! The cache directory must be writable only by the user livehost runs as.

use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use sha2::{Digest, Sha256};
use wasmtime::Engine;
use wasmtime::component::Component;

use super::CompileError;

pub struct CompiledCache {
    dir: PathBuf,
    engine_hash: String,
}

/// SHA-256 of `bytes`, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl CompiledCache {
    pub fn new(engine: &Engine, dir: PathBuf) -> CompiledCache {
        // The compatibility hash covers wasmtime's version and the engine's
        // settings; DefaultHasher's fixed keys make it stable for one build
        // (another Rust version at worst misses the cache).
        let mut h = std::collections::hash_map::DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut h);
        let engine_hash = format!("{:016x}", h.finish());
        CompiledCache { dir, engine_hash }
    }

    fn path(&self, sha: &str) -> PathBuf {
        self.dir.join(format!("{sha}-{}.cwasm", self.engine_hash))
    }

    /// The compiled component whose SHA-256 is `sha`, if this engine's
    /// cache holds it.
    pub fn cached(&self, engine: &Engine, sha: &str) -> Option<Component> {
        let path = self.path(sha);
        if !path.exists() {
            return None;
        }
        // SAFETY: files in the cache directory were written by
        // `Component::serialize` of this engine configuration (the name
        // says so) and the directory is the host's own.
        match unsafe { Component::deserialize_file(engine, &path) } {
            Ok(c) => Some(c),
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "cached compiled component is unusable; recompiling");
                None
            }
        }
    }

    /// The compiled component for `bytes` (whose SHA-256 is `sha`), from
    /// the cache if it is there, else compiled and stored.
    pub fn get_or_compile(
        &self,
        engine: &Engine,
        sha: &str,
        bytes: &[u8],
    ) -> Result<Component, CompileError> {
        if let Some(c) = self.cached(engine, sha) {
            return Ok(c);
        }
        let component = Component::new(engine, bytes)
            .map_err(|e| CompileError::NotAComponent(format!("{e:#}")))?;
        if let Err(e) = self.store(&self.path(sha), &component) {
            // The cache only saves time; running without it is correct.
            tracing::warn!(sha, error = %e, "cannot write the compiled-component cache");
        }
        Ok(component)
    }

    fn store(&self, path: &std::path::Path, component: &Component) -> anyhow::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let bytes = component.serialize().map_err(|e| anyhow::anyhow!("{e}"))?;
        let mut tmp = tempfile::NamedTempFile::new_in(&self.dir)?;
        std::io::Write::write_all(&mut tmp, &bytes)?;
        tmp.persist(path)?;
        Ok(())
    }
}
