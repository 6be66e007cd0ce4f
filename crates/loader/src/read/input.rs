//! `Input`: what the user asked to read — files, folders walked recursively,
//! or standard input spooled to a temporary file so that every input can be
//! hashed before loading and re-read for error excerpts.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::LoadError;
use crate::read::compress::format_of;

/// One input to load or convert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file on disk.
    File(PathBuf),
    /// Standard input (named `-`).
    Stdin,
}

impl Input {
    /// `-` is standard input; anything else is a path.
    pub fn from_arg(arg: &Path) -> Self {
        if arg == Path::new("-") {
            Self::Stdin
        } else {
            Self::File(arg.to_owned())
        }
    }

    /// How the input is named in messages.
    pub fn shown(&self) -> &Path {
        match self {
            Self::File(path) => path,
            Self::Stdin => Path::new("-"),
        }
    }
}

/// What walking the command line's paths found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// An input to read.
    Input(Input),
    /// A file inside a folder that was skipped, and why.
    Skipped(PathBuf, &'static str),
}

/// Expands folders (recursively, in name order) into the RDF files they
/// hold. Files inside folders without an RDF extension are skipped with a
/// note; files named directly are always kept, so a wrong name gives an error.
pub fn expand(args: &[PathBuf]) -> Result<Vec<Found>, LoadError> {
    let mut found = Vec::new();
    for arg in args {
        let input = Input::from_arg(arg);
        match &input {
            Input::File(path) if path.is_dir() => walk(path, &mut found)?,
            _ => found.push(Found::Input(input)),
        }
    }
    Ok(found)
}

fn walk(dir: &Path, found: &mut Vec<Found>) -> Result<(), LoadError> {
    let io = |source| LoadError::Io {
        path: dir.to_owned(),
        source,
    };
    let mut entries = fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<Vec<_>>>()
        .map_err(io)?;
    entries.sort();
    for path in entries {
        let is_link = fs::symlink_metadata(&path)
            .map(|m| m.file_type().is_symlink())
            .unwrap_or(false);
        if path.is_dir() {
            // Linked folders are not followed: they could loop.
            if is_link {
                found.push(Found::Skipped(path, "a linked folder"));
            } else {
                walk(&path, found)?;
            }
        } else if format_of(&path).is_some() {
            found.push(Found::Input(Input::File(path)));
        } else {
            found.push(Found::Skipped(path, "no RDF file extension"));
        }
    }
    Ok(())
}

/// Copies standard input into a temporary file, in a stream.
pub(crate) fn spool_stdin() -> Result<tempfile::NamedTempFile, LoadError> {
    let io = |source| LoadError::Io {
        path: PathBuf::from("-"),
        source,
    };
    let mut spool = tempfile::NamedTempFile::new().map_err(io)?;
    io::copy(&mut io::stdin().lock(), &mut spool).map_err(io)?;
    Ok(spool)
}
