//! Converting between RDF formats without a store: the loader's parsers in,
//! Oxigraph's serializers out, one quad at a time.

use std::io::Write;
use std::path::Path;

use oxigraph::io::RdfSerializer;
use oxigraph::model::{GraphName, Quad};

use crate::error::LoadError;
use crate::read::compress::Compression;
use crate::read::guard;
use crate::read::input::Input;
use crate::read::parse::{ParseOptions, parse};
use crate::read::{LoadOptions, failure, resolve_format};
use actorgraph_model::Format;
use actorgraph_model::{PrefixMap, file_iri};

/// What a conversion wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConvertReport {
    /// Triples (or quads) written.
    pub quads: u64,
    /// Of those, how many were in named graphs and were merged into the
    /// default graph because the target format has no graphs.
    pub merged: u64,
}

/// Parses `input` and writes it to `output` as `to`.
pub fn convert(
    input: &Input,
    options: &LoadOptions,
    to: Format,
    output: &mut dyn Write,
) -> Result<ConvertReport, LoadError> {
    let readable = input.readable(options)?;
    let (path, shown) = (readable.path.as_path(), readable.shown);
    let format = resolve_format(path, shown, options)?;
    let base = match (&options.base, input) {
        (Some(base), _) => Some(base.clone()),
        (None, Input::File(path)) => path.canonicalize().ok().map(|p| file_iri(&p).into_string()),
        (None, Input::Stdin) => None,
    };
    let parse_options = ParseOptions {
        format,
        base,
        blank_node_prefix: String::new(),
        default_graph: GraphName::DefaultGraph,
        prefixes: Default::default(),
    };
    guard::check(path, format).map_err(|f| failure(f, path, shown))?;
    let reader = Compression::open(path).map_err(|source| LoadError::Io {
        path: shown.to_owned(),
        source,
    })?;
    let quads = parse(reader, &parse_options).map_err(|f| failure(f, path, shown))?;
    let mut serializer = RdfSerializer::from_format(to.oxigraph());
    if matches!(to, Format::Turtle | Format::TriG | Format::RdfXml) {
        for (prefix, namespace) in PrefixMap::builtin().sorted() {
            serializer = serializer
                .with_prefix(&prefix, &namespace)
                .expect("the built-in prefixes are valid IRIs");
        }
    }
    let write_error = |source| LoadError::Io {
        path: Path::new("output").to_owned(),
        source,
    };
    let mut writer = serializer.for_writer(output);
    let mut report = ConvertReport {
        quads: 0,
        merged: 0,
    };
    for quad in quads {
        let mut quad: Quad = quad.map_err(|f| failure(f, path, shown))?;
        if !to.supports_datasets() && !quad.graph_name.is_default_graph() {
            quad.graph_name = GraphName::DefaultGraph;
            report.merged += 1;
        }
        writer.serialize_quad(&quad).map_err(write_error)?;
        report.quads += 1;
    }
    writer.finish().map_err(write_error)?;
    Ok(report)
}
