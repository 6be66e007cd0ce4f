//! Validation with a store: its data graphs (all, or one), files before
//! they are loaded (read into a store in memory), and a file checked
//! together with what the store already holds before it may be loaded.

use std::collections::HashMap;

use oxigraph::model::{Dataset, GraphName, NamedOrBlankNode, Quad, QuadRef, Term};

use actorgraph_model::vocab::{rdfs, schema, skos};

use actorgraph_shacl::{DataView, Layer, Scope, Shapes, ValidationReport, validate};

use crate::error::LoadError;
use crate::read::LoadOptions;
use crate::read::input::Input;
use crate::store::GraphStore;
use crate::store::load::{LoadReport, Progress};
use crate::store::view::View;

/// A validation report with what people need to find each problem.
#[derive(Debug, Clone)]
pub struct Validation {
    /// The SHACL report.
    pub report: ValidationReport,
    /// The name and sources of each focus node that has results.
    pub entities: HashMap<Term, Entity>,
}

/// What the data says about an entity with problems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Its `schema:name`, else its `skos:prefLabel`, else its `rdfs:label`.
    pub name: Option<String>,
    /// The paths of the sources that hold triples about it.
    pub sources: Vec<String>,
}

/// What `load_validated` did.
#[derive(Debug, Clone)]
pub enum Checked {
    /// The data conformed and was loaded.
    Loaded(LoadReport),
    /// The data would not conform: nothing was written.
    Refused(Validation),
}

impl GraphStore {
    /// The store's data graphs (only `graph` when given, none of `except`),
    /// each with the path of its source.
    fn layer(
        &self,
        graph: Option<&str>,
        except: &[NamedOrBlankNode],
    ) -> Result<Layer<'_>, LoadError> {
        let mut graphs = Vec::new();
        for record in self.sources()? {
            for name in record.graphs {
                let shown = name.to_string();
                if except.contains(&name)
                    || graph.is_some_and(|g| g != shown.trim_matches(['<', '>']))
                {
                    continue;
                }
                graphs.push((GraphName::from(name), record.path.clone()));
            }
        }
        if let Some(graph) = graph
            && graphs.is_empty()
        {
            return Err(LoadError::UnknownGraph(graph.to_owned()));
        }
        Ok(Layer::new(self.oxigraph(), graphs))
    }

    /// The merged graph: the sources as queries see them, aligned and
    /// with merged entities as one.
    fn merged_layer(&self) -> Layer<'_> {
        Layer::new(self.oxigraph(), [(GraphName::DefaultGraph, String::new())])
    }

    /// Validates the store as queries see it (the merged graph: the
    /// sources' data, what the alignments derive from it, entities merged
    /// by `owl:sameAs` as one), or only `graph`, as its source states it.
    pub fn validate(&self, shapes: &Shapes, graph: Option<&str>) -> Result<Validation, LoadError> {
        let sources = DataView::new(vec![self.layer(graph, &[])?]);
        match graph {
            Some(_) => explain(shapes, &sources, &sources, Scope::All),
            None => {
                let data = DataView::new(vec![self.merged_layer()]);
                explain(shapes, &data, &sources, Scope::All)
            }
        }
    }

    /// Loads `input` only if its data, together with what the store already
    /// holds (less the source's own previous version), conforms to
    /// `shapes`. Only nodes the input says something about are checked;
    /// references to entities already stored resolve. A refused input
    /// leaves the store as it was: nothing is written before the check.
    pub fn load_validated(
        &self,
        input: &Input,
        options: &LoadOptions,
        shapes: &Shapes,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Checked, LoadError> {
        let input = input.readable(options)?;
        let (path, shown, options) = (input.path.as_path(), input.shown, &input.options);
        let fresh = GraphStore::in_memory()?;
        let record = fresh.load_file(path, shown, options, &mut |_| {})?.source;
        let previous = self.sources()?.into_iter().find(|s| s.iri == record.iri);
        // The input as queries will see it (aligned), with what the store
        // holds: as queries see it too when the input is new, and as its
        // other sources state it when the input replaces one of them (the
        // merged graph still shows the old version).
        let mut replaced = record.graphs.clone();
        let stored = match previous {
            None => self.merged_layer(),
            Some(previous) => {
                replaced.extend(previous.graphs);
                self.layer(None, &replaced)?
            }
        };
        let data = DataView::new(vec![fresh.merged_layer(), stored]);
        let sources = DataView::new(vec![fresh.layer(None, &[])?, self.layer(None, &replaced)?]);
        let validation = explain(shapes, &data, &sources, Scope::FirstLayer)?;
        if validation.report.has_violations() {
            return Ok(Checked::Refused(validation));
        }
        Ok(Checked::Loaded(
            self.load_file(path, shown, options, progress)?,
        ))
    }
}

/// Validates files without a store: each is read as its own source into
/// one dataset in memory, keeping every term exactly as written (a store
/// would make `"01"^^xsd:byte` the integer 1), shown as a store would show
/// them (what the built-in alignments and the files' own axioms derive,
/// entities their `owl:sameAs` links make one), and their union is
/// validated.
pub fn validate_inputs(
    inputs: &[Input],
    options: &LoadOptions,
    shapes: &Shapes,
) -> Result<Validation, LoadError> {
    // An empty store stands for "nothing loaded yet", so that each input
    // is prepared and checked exactly as a load would do it.
    let scratch = GraphStore::in_memory()?;
    let mut dataset = Dataset::new();
    let mut graphs = Vec::new();
    for input in inputs {
        let input = input.readable(options)?;
        let mut source = scratch.prepare(&input.path, input.shown, &input.options)?;
        source.read(&input.path, input.shown, &mut |_| {}, |quads| {
            for quad in quads {
                dataset.insert(&quad?);
            }
            Ok(())
        })?;
        let record = &source.record;
        graphs.extend(
            record
                .graphs
                .iter()
                .map(|graph| (GraphName::from(graph.clone()), record.path.clone())),
        );
    }
    // What the view derives from each file's triples, added to its graph:
    // the files as a store would show them, terms still as written.
    let view = View::of_dataset(&dataset)?;
    let stated: Vec<Quad> = dataset.iter().map(QuadRef::into_owned).collect();
    for quad in &stated {
        for shown in view.project(quad.as_ref()) {
            dataset.insert(QuadRef::new(
                &shown.subject,
                &shown.predicate,
                &shown.object,
                quad.graph_name.as_ref(),
            ));
        }
    }
    let data = DataView::new(vec![Layer::from_dataset(&dataset, graphs)]);
    explain(shapes, &data, &data, Scope::All)
}

/// Validates `data` and looks up the name of each entity with results, and
/// in `sources` the sources that state something about it.
fn explain(
    shapes: &Shapes,
    data: &DataView<'_>,
    sources: &DataView<'_>,
    scope: Scope,
) -> Result<Validation, LoadError> {
    let report = validate(shapes, data, scope)?;
    let mut entities = HashMap::new();
    for result in &report.results {
        if !entities.contains_key(&result.focus_node) {
            let mut name = None;
            for predicate in [schema::NAME, skos::PREF_LABEL, rdfs::LABEL] {
                name = data.literal(&result.focus_node, predicate)?;
                if name.is_some() {
                    break;
                }
            }
            let entity = Entity {
                name,
                sources: sources.sources_of(&result.focus_node)?,
            };
            entities.insert(result.focus_node.clone(), entity);
        }
    }
    Ok(Validation { report, entities })
}
