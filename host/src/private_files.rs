//! Files only livehost's own user may read: the data file (it holds the
//! participants' codes, the sessions' allowlists with their API keys, and
//! everything the experiments stored) and the admin token livehost
//! generates. Created mode 0600, their folders 0700, whatever the umask;
//! a folder or file that exists already keeps the mode its owner gave it.

use std::io;
use std::path::Path;

/// Creates `dir` and the folders above it that are missing, mode 0700.
pub fn create_folder(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Creates `path` empty, mode 0600, if it does not exist.
pub fn create_file(path: &Path) -> io::Result<()> {
    match open_new(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Writes `text` to `path`, which must not exist yet, mode 0600.
pub fn write_new(path: &Path, text: &str) -> io::Result<()> {
    let mut file = open_new(path)?;
    io::Write::write_all(&mut file, text.as_bytes())?;
    file.sync_all()
}

fn open_new(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}
