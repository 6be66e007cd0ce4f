//! Writing a snapshot: a folder holding the canonical N-Quads of every data
//! graph (compressed on request) and `manifest.ttl`, which describes them
//! with VoID (counts per graph and in total, class and property partitions)
//! and DCAT (the file, its media type, size and SHA-256) and lists the
//! sources with their records. The folder is built beside its destination
//! and renamed into place, so a failed snapshot leaves nothing behind.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};
use sha2::{Digest, Sha256};

use actorgraph_loader::{Compression, GraphStore, SourceRecord, graphs_of};
use actorgraph_model::vocab::{dcat, dcterms, prov, rdf, sd, spdx, void, xsd};
use actorgraph_model::{Format, PrefixMap};

use crate::canonical::Canonical;
use crate::error::SnapshotError;
use crate::export::{canonical_graphs, prefixes_of};
use crate::void::{Counts, VoidCounter};

/// The manifest's file name inside a snapshot folder.
pub const MANIFEST: &str = "manifest.ttl";

/// The dataset file's name inside a snapshot folder, before compression.
const DATASET: &str = "dataset.nq";

/// The manifest's node for the snapshot, relative to the manifest.
const DATASET_NODE: &str = "#dataset";

/// The tool, as manifests and records name it.
pub(crate) const TOOL: &str = concat!("actorgraph ", env!("CARGO_PKG_VERSION"));

/// Choices for a snapshot.
#[derive(Debug, Clone)]
pub struct SnapshotOptions {
    /// How to compress the dataset file.
    pub compression: Compression,
    /// The creation time recorded in the manifest, as an `xsd:dateTime`.
    pub created: String,
}

/// The dataset file's name in a snapshot folder.
pub(crate) fn dataset_file_name(compression: Compression) -> String {
    match compression {
        Compression::None => DATASET.to_owned(),
        other => format!("{DATASET}.{}", other.extension()),
    }
}

/// What a snapshot wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotReport {
    /// The dataset file.
    pub dataset: PathBuf,
    /// The manifest file.
    pub manifest: PathBuf,
    /// Quads in the dataset.
    pub quads: u64,
    /// The dataset file's size in bytes.
    pub bytes: u64,
    /// The dataset file's SHA-256, lowercase hex.
    pub sha256: String,
    /// Sources the snapshot holds.
    pub sources: usize,
}

/// Writes a snapshot of every data graph into the new (or empty)
/// folder `dir`. `progress` hears how many quads have been read.
pub fn snapshot(
    store: &GraphStore,
    dir: &Path,
    options: &SnapshotOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<SnapshotReport, SnapshotError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| SnapshotError::Io { path, source }
    };
    if dir.exists() && fs::read_dir(dir).map_err(io(dir))?.next().is_some() {
        return Err(SnapshotError::NotEmpty {
            dir: dir.to_owned(),
        });
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent).map_err(io(parent))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".actorgraph-snapshot-");
    // A snapshot is for sharing: the folder gets the usual mode (0777
    // less the umask), not a temporary folder's private one.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o777));
    let staging = builder.tempdir_in(parent).map_err(io(parent))?;

    let compression = options.compression;
    let file_name = dataset_file_name(compression);
    let staged_file = staging.path().join(&file_name);
    let file = File::create(&staged_file).map_err(io(&staged_file))?;
    let mut encoder = compression
        .writer(Hashing::new(BufWriter::with_capacity(1 << 16, file)))
        .map_err(io(&staged_file))?;
    // The source records are read once: for the graphs, the manifest
    // and its prefixes.
    let sources = store.sources()?;
    let graphs = graphs_of(&sources);
    let mut counter = VoidCounter::new();
    let mut quads = 0;
    let Canonical {
        lines,
        graph_labels,
    } = canonical_graphs(store, &graphs, progress)?;
    for line in lines {
        let line = line.map_err(SnapshotError::Temporary)?;
        counter.add(&line)?;
        encoder
            .write_all(line.as_bytes())
            .and_then(|()| encoder.write_all(b"\n"))
            .map_err(io(&staged_file))?;
        quads += 1;
    }
    let hashing = encoder.finish().map_err(io(&staged_file))?;
    let (sha256, bytes) = hashing.finish().map_err(io(&staged_file))?;
    let (total, per_graph) = counter.finish()?;
    // A graph named by a blank node is listed under its label in the
    // dataset file, the canonical one.
    let sources: Vec<SourceRecord> = sources
        .into_iter()
        .map(|source| {
            source.with_blank_graphs_renamed(|blank| {
                graph_labels
                    .get(blank)
                    .cloned()
                    .unwrap_or_else(|| blank.clone())
            })
        })
        .collect();

    let distribution = Distribution {
        file_name: file_name.clone(),
        compression,
        bytes,
        sha256: sha256.clone(),
    };
    let manifest = Manifest {
        created: &options.created,
        total: &total,
        per_graph: &per_graph,
        distribution: &distribution,
        sources: &sources,
    };
    let staged_manifest = staging.path().join(MANIFEST);
    write_manifest(&manifest.quads(), &prefixes_of(&sources), &staged_manifest)?;

    if dir.exists() {
        fs::remove_dir(dir).map_err(io(dir))?;
    }
    let staged = staging.keep();
    fs::rename(&staged, dir).map_err(io(dir))?;
    Ok(SnapshotReport {
        dataset: dir.join(file_name),
        manifest: dir.join(MANIFEST),
        quads,
        bytes,
        sha256,
        sources: sources.len(),
    })
}

/// The dataset file as the manifest describes it.
struct Distribution {
    file_name: String,
    compression: Compression,
    bytes: u64,
    sha256: String,
}

/// Everything the manifest says.
struct Manifest<'a> {
    created: &'a str,
    total: &'a Counts,
    per_graph: &'a BTreeMap<String, Counts>,
    distribution: &'a Distribution,
    sources: &'a [SourceRecord],
}

impl Manifest<'_> {
    /// The manifest as triples. Its own nodes are relative IRIs (`#dataset`,
    /// `dataset.nq`), resolved against wherever the manifest is read from.
    fn quads(&self) -> Vec<Quad> {
        let mut quads = Vec::new();
        let dataset = relative(DATASET_NODE);
        let mut add = |s: &NamedNode, p: NamedNodeRef<'_>, o: Term| {
            quads.push(Quad::new(s.clone(), p, o, GraphName::DefaultGraph));
        };
        add(&dataset, rdf::TYPE, dcat::DATASET.into());
        add(&dataset, rdf::TYPE, void::DATASET.into());
        add(
            &dataset,
            dcterms::CREATED,
            Literal::new_typed_literal(self.created, xsd::DATE_TIME).into(),
        );
        add(&dataset, dcterms::CREATOR, Literal::from(TOOL).into());
        describe_counts(&mut add, &dataset, self.total, "#");
        let width = self.per_graph.len().to_string().len();
        for (index, (graph, counts)) in self.per_graph.iter().enumerate() {
            let subset = relative(&format!("#graph-{:0width$}", index + 1));
            add(&dataset, void::SUBSET, subset.clone().into());
            add(&subset, rdf::TYPE, void::DATASET.into());
            if let Some(name) = iri_of(graph) {
                add(&subset, sd::NAME, name.into());
            }
            describe_counts(&mut add, &subset, counts, &format!("{}-", subset.as_str()));
        }
        let file = relative(&self.distribution.file_name);
        let checksum = relative("#checksum");
        add(&dataset, dcat::DISTRIBUTION_OF, file.clone().into());
        add(&file, rdf::TYPE, dcat::DISTRIBUTION.into());
        add(&file, dcat::DOWNLOAD_URL, file.clone().into());
        add(
            &file,
            dcat::MEDIA_TYPE,
            Literal::from(Format::NQuads.media_type()).into(),
        );
        if let Some(media_type) = self.distribution.compression.media_type() {
            add(
                &file,
                dcat::COMPRESS_FORMAT,
                Literal::from(media_type).into(),
            );
        }
        add(
            &file,
            dcat::BYTE_SIZE,
            Literal::new_typed_literal(
                self.distribution.bytes.to_string(),
                xsd::NON_NEGATIVE_INTEGER,
            )
            .into(),
        );
        add(&file, spdx::CHECKSUM, checksum.clone().into());
        add(&checksum, spdx::ALGORITHM, spdx::SHA256.into());
        add(
            &checksum,
            spdx::CHECKSUM_VALUE,
            Literal::new_typed_literal(&self.distribution.sha256, xsd::HEX_BINARY).into(),
        );
        let mut records = Vec::new();
        for source in self.sources {
            add(&dataset, prov::WAS_DERIVED_FROM, source.iri.clone().into());
            records.extend(source.quads_in(GraphName::DefaultGraph));
        }
        quads.extend(records);
        quads
    }
}

/// Adds the VoID counts of `node`; its partitions are named `{prefix}class-N`
/// and `{prefix}property-N`.
fn describe_counts(
    add: &mut impl FnMut(&NamedNode, NamedNodeRef<'_>, Term),
    node: &NamedNode,
    counts: &Counts,
    prefix: &str,
) {
    let number = |n: u64| Term::from(Literal::from(n));
    add(node, void::TRIPLES, number(counts.triples));
    add(node, void::DISTINCT_SUBJECTS, number(counts.subjects));
    add(node, void::DISTINCT_OBJECTS, number(counts.objects));
    let partitions = [
        (
            void::CLASS_PARTITION,
            void::CLASS,
            void::ENTITIES,
            "class",
            &counts.classes,
        ),
        (
            void::PROPERTY_PARTITION,
            void::PROPERTY,
            void::TRIPLES,
            "property",
            &counts.properties,
        ),
    ];
    for (partition, kind, measure, label, map) in partitions {
        let named: Vec<_> = map
            .iter()
            .filter_map(|(term, n)| Some((iri_of(term)?, *n)))
            .collect();
        let width = named.len().to_string().len();
        for (index, (iri, n)) in named.into_iter().enumerate() {
            let part = relative(&format!("{prefix}{label}-{:0width$}", index + 1));
            add(node, partition, part.clone().into());
            add(&part, kind, iri.into());
            add(&part, measure, number(n));
        }
    }
}

/// The IRI of a term in N-Triples form, when it is one.
fn iri_of(term: &str) -> Option<NamedNode> {
    let iri = term.strip_prefix('<')?.strip_suffix('>')?;
    NamedNode::new(iri).ok()
}

/// A node of the manifest, named relative to the manifest itself.
fn relative(reference: &str) -> NamedNode {
    // Written as is between angle brackets; resolved when read.
    NamedNode::new_unchecked(reference)
}

/// Writes the manifest as Turtle, grouped by subject in a fixed order.
fn write_manifest(quads: &[Quad], prefixes: &PrefixMap, path: &Path) -> Result<(), SnapshotError> {
    let io = |source| SnapshotError::Io {
        path: path.to_owned(),
        source,
    };
    let mut lines: Vec<&Quad> = quads.iter().collect();
    lines.sort_by_cached_key(|q| (subject_rank(q), q.to_string()));
    let mut serializer = RdfSerializer::from_format(RdfFormat::Turtle);
    for (name, namespace) in prefixes.sorted() {
        if let Ok(with) = serializer.clone().with_prefix(&name, &namespace) {
            serializer = with;
        }
    }
    let file = File::create(path).map_err(io)?;
    let mut writer = serializer.for_writer(BufWriter::new(file));
    for quad in lines {
        writer.serialize_quad(quad).map_err(io)?;
    }
    let mut file = writer.finish().map_err(io)?;
    file.flush().map_err(io)
}

/// The snapshot first, then its parts, then the sources.
fn subject_rank(quad: &Quad) -> u8 {
    let subject = quad.subject.to_string();
    if subject == format!("<{DATASET_NODE}>") {
        0
    } else if subject.starts_with("<#") || !subject.contains(':') {
        1
    } else {
        2
    }
}

/// A writer that hashes and counts the bytes going through it.
struct Hashing<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Hashing<W> {
    fn new(inner: W) -> Self {
        Self {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    /// Flushes, and returns the SHA-256 (lowercase hex) and the byte count.
    fn finish(mut self) -> io::Result<(String, u64)> {
        self.inner.flush()?;
        Ok((hex::encode(self.hasher.finalize()), self.bytes))
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.hasher.update(&buf[..written]);
        self.bytes += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
