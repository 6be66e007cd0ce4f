//! Compressed files: a `.gz` or `.zst` name means gzip or Zstandard, read and
//! written through `flate2` and `zstd`; any other name is plain bytes.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use crate::format::Format;

/// How a file's bytes are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Not compressed.
    None,
    /// gzip (`.gz`).
    Gzip,
    /// Zstandard (`.zst`).
    Zstd,
}

impl Compression {
    /// The compression a file name's last extension says.
    pub fn from_path(path: &Path) -> Self {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("gz") => Self::Gzip,
            Some(e) if e.eq_ignore_ascii_case("zst") => Self::Zstd,
            _ => Self::None,
        }
    }

    /// The file name extension, without its dot (empty when uncompressed).
    pub fn extension(self) -> &'static str {
        match self {
            Self::None => "",
            Self::Gzip => "gz",
            Self::Zstd => "zst",
        }
    }

    /// The IANA media type of the compression, for DCAT's `compressFormat`.
    pub fn media_type(self) -> Option<&'static str> {
        match self {
            Self::None => None,
            Self::Gzip => Some("application/gzip"),
            Self::Zstd => Some("application/zstd"),
        }
    }

    /// Opens `path` for reading, decompressing as its name says.
    pub(crate) fn open(path: &Path) -> io::Result<Box<dyn BufRead>> {
        let file = File::open(path)?;
        let buffered = BufReader::with_capacity(1 << 16, file);
        Ok(match Self::from_path(path) {
            Self::None => Box::new(buffered),
            Self::Gzip => Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(
                buffered,
            ))),
            Self::Zstd => Box::new(BufReader::new(zstd::Decoder::with_buffer(buffered)?)),
        })
    }

    /// Wraps `output` so that what is written to it is compressed.
    pub fn writer<'w, W: Write + 'w>(self, output: W) -> io::Result<Encoder<'w, W>> {
        Ok(match self {
            Self::None => Encoder::Plain(output),
            Self::Gzip => Encoder::Gzip(flate2::write::GzEncoder::new(
                output,
                flate2::Compression::default(),
            )),
            Self::Zstd => Encoder::Zstd(zstd::Encoder::new(output, 0)?),
        })
    }
}

/// The RDF format of a possibly compressed file, from its name (`x.nq.gz`
/// is N-Quads).
pub fn format_of(path: &Path) -> Option<Format> {
    match Compression::from_path(path) {
        Compression::None => Format::from_path(path),
        _ => Format::from_path(&PathBuf::from(path.file_stem()?)),
    }
}

/// A writer that compresses, or not; [`Encoder::finish`] ends the stream.
pub enum Encoder<'w, W: Write> {
    /// Uncompressed.
    Plain(W),
    /// gzip.
    Gzip(flate2::write::GzEncoder<W>),
    /// Zstandard.
    Zstd(zstd::Encoder<'w, W>),
}

impl<W: Write> Encoder<'_, W> {
    /// Writes the compressed stream's end and hands back the inner writer.
    pub fn finish(self) -> io::Result<W> {
        match self {
            Self::Plain(mut w) => {
                w.flush()?;
                Ok(w)
            }
            Self::Gzip(e) => e.finish(),
            Self::Zstd(e) => e.finish(),
        }
    }
}

impl<W: Write> Write for Encoder<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Self::Plain(w) => w.write(buf),
            Self::Gzip(e) => e.write(buf),
            Self::Zstd(e) => e.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Self::Plain(w) => w.flush(),
            Self::Gzip(e) => e.flush(),
            Self::Zstd(e) => e.flush(),
        }
    }
}
