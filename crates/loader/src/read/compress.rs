//! Compressed files: a `.gz`, `.zst` or `.bz2` name means gzip, Zstandard or
//! bzip2, read and written through `flate2`, `zstd` and `bzip2`, in a
//! stream; any other name is plain bytes.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use actorgraph_model::Format;

/// How a file's bytes are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Not compressed.
    None,
    /// gzip (`.gz`).
    Gzip,
    /// Zstandard (`.zst`).
    Zstd,
    /// bzip2 (`.bz2`), as many public dumps come.
    Bzip2,
}

impl Compression {
    /// The compression a file name's last extension says.
    pub fn from_path(path: &Path) -> Self {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("gz") => Self::Gzip,
            Some(e) if e.eq_ignore_ascii_case("zst") => Self::Zstd,
            Some(e) if e.eq_ignore_ascii_case("bz2") => Self::Bzip2,
            _ => Self::None,
        }
    }

    /// The file name extension, without its dot (empty when uncompressed).
    pub fn extension(self) -> &'static str {
        match self {
            Self::None => "",
            Self::Gzip => "gz",
            Self::Zstd => "zst",
            Self::Bzip2 => "bz2",
        }
    }

    /// The IANA media type of the compression, for DCAT's `compressFormat`.
    pub fn media_type(self) -> Option<&'static str> {
        match self {
            Self::None => None,
            Self::Gzip => Some("application/gzip"),
            Self::Zstd => Some("application/zstd"),
            Self::Bzip2 => Some("application/x-bzip2"),
        }
    }

    /// Opens `path` for reading, decompressing as its name says.
    pub fn open(path: &Path) -> io::Result<Box<dyn BufRead>> {
        let file = File::open(path)?;
        Self::from_path(path).decoder(BufReader::with_capacity(1 << 16, file))
    }

    /// The decompressed bytes of `compressed`.
    pub(crate) fn decoder<'r>(
        self,
        compressed: impl BufRead + 'r,
    ) -> io::Result<Box<dyn BufRead + 'r>> {
        Ok(match self {
            Self::None => Box::new(compressed),
            Self::Gzip => Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(
                compressed,
            ))),
            Self::Zstd => Box::new(BufReader::new(zstd::Decoder::with_buffer(compressed)?)),
            Self::Bzip2 => Box::new(BufReader::new(bzip2::bufread::MultiBzDecoder::new(
                compressed,
            ))),
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
            Self::Bzip2 => Encoder::Bzip2(bzip2::write::BzEncoder::new(
                output,
                bzip2::Compression::default(),
            )),
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
    /// bzip2.
    Bzip2(bzip2::write::BzEncoder<W>),
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
            Self::Bzip2(e) => e.finish(),
        }
    }
}

impl<W: Write> Write for Encoder<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Self::Plain(w) => w.write(buf),
            Self::Gzip(e) => e.write(buf),
            Self::Zstd(e) => e.write(buf),
            Self::Bzip2(e) => e.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Self::Plain(w) => w.flush(),
            Self::Gzip(e) => e.flush(),
            Self::Zstd(e) => e.flush(),
            Self::Bzip2(e) => e.flush(),
        }
    }
}
