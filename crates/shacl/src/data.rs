//! The data graph the validator reads: the union of chosen graphs of one or
//! more "layers", looked up one pattern at a time (never a SPARQL query per
//! node). Each graph knows the source file it came from, for reports.
//!
//! A layer reads either an Oxigraph store (on disk or in memory), through
//! its indexes, or an in-memory [`Dataset`]. They differ in the literals
//! they give back:
//!
//! - A dataset keeps every term exactly as it was written, so files are
//!   validated as they are: `"55"^^xsd:integer` is not an `xsd:byte`, and a
//!   result's `sh:value` is the very term of the data.
//! - A store keeps the values of literals of the XSD datatypes it knows, not
//!   their lexical forms, and gives back a canonical literal: every integer
//!   datatype (`xsd:byte`, `xsd:long`, `xsd:nonNegativeInteger`…) becomes
//!   `xsd:integer` and `xsd:dateTimeStamp` becomes `xsd:dateTime`; `"01"`
//!   reads back as `"1"`, `"1.0"^^xsd:decimal` as `"1"`, `"0"^^xsd:boolean`
//!   as `"false"`. Validating loaded data therefore checks values: when the
//!   view reads a store, `sh:datatype xsd:long` accepts an `xsd:integer`
//!   whose value fits a long (the datatype the data was written with is
//!   lost), length and pattern constraints see the canonical lexical form,
//!   a shape's own terms (`sh:in`, `sh:hasValue`…) match a stored literal
//!   only when written in canonical form, and results name the canonical
//!   literal, which may differ from the data as written.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;
use std::rc::Rc;

use oxigraph::model::{
    Dataset, GraphName, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad, Term, TermRef,
};
use oxigraph::store::{StorageError, Store};

use actorgraph_model::vocab::{rdf, rdfs};

/// Where a layer reads its quads from.
enum Backing<'a> {
    /// An Oxigraph store: literals as canonical values.
    Store(&'a Store),
    /// An in-memory dataset: terms exactly as written.
    Dataset(&'a Dataset),
}

/// Some graphs of one store or dataset, each with the path of the source
/// it holds.
pub struct Layer<'a> {
    backing: Backing<'a>,
    sources: HashMap<GraphName, String>,
}

impl<'a> Layer<'a> {
    /// The graphs of `store` named in `sources`, with their source paths.
    /// Literals are read back as the store keeps them (see the module
    /// documentation).
    pub fn new(store: &'a Store, sources: impl IntoIterator<Item = (GraphName, String)>) -> Self {
        Self {
            backing: Backing::Store(store),
            sources: sources.into_iter().collect(),
        }
    }

    /// The graphs of `dataset` named in `sources`, with their source paths.
    /// Terms are read exactly as the dataset holds them: the layer for
    /// files validated as written.
    pub fn from_dataset(
        dataset: &'a Dataset,
        sources: impl IntoIterator<Item = (GraphName, String)>,
    ) -> Self {
        Self {
            backing: Backing::Dataset(dataset),
            sources: sources.into_iter().collect(),
        }
    }

    /// Whether the layer reads a store, whose literals are canonical values.
    fn is_store(&self) -> bool {
        matches!(self.backing, Backing::Store(_))
    }

    /// Calls `out` with each quad of this layer's graphs matching the
    /// pattern, until it breaks.
    fn scan(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        out: &mut dyn FnMut(Quad) -> ControlFlow<()>,
    ) -> Result<(), StorageError> {
        // One graph is looked up directly; several through all graphs at
        // once, keeping the chosen ones (one index seek instead of many).
        let only = match self.sources.len() {
            0 => return Ok(()),
            1 => self.sources.keys().next().map(GraphName::as_ref),
            _ => None,
        };
        let mut keep = |quad: Quad| {
            if only.is_some() || self.sources.contains_key(&quad.graph_name) {
                out(quad)
            } else {
                ControlFlow::Continue(())
            }
        };
        match self.backing {
            Backing::Store(store) => {
                for quad in store.quads_for_pattern(subject, predicate, object, only) {
                    if keep(quad?).is_break() {
                        break;
                    }
                }
            }
            Backing::Dataset(dataset) => {
                for quad in dataset.quads_for_pattern(subject, predicate, object, only) {
                    if keep(quad.into_owned()).is_break() {
                        break;
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether this layer's graphs hold a quad matching the pattern.
    fn any(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
    ) -> Result<bool, StorageError> {
        let mut found = false;
        self.scan(subject, predicate, None, &mut |_| {
            found = true;
            ControlFlow::Break(())
        })?;
        Ok(found)
    }

    /// The quads of this layer's graphs matching the pattern.
    fn quads(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        out: &mut dyn FnMut(Quad),
    ) -> Result<(), StorageError> {
        self.scan(subject, predicate, object, &mut |quad| {
            out(quad);
            ControlFlow::Continue(())
        })
    }
}

/// How many (subject, predicate) lookups the view remembers before it
/// forgets them all: shapes ask the same ones again and again (an event's
/// name is checked by three shapes, a place's type by every event held
/// there). Measured on a million triples: a third less time.
const REMEMBERED: usize = 100_000;

/// Remembered lookups: (subject, predicate) to the values found.
type Lookups = HashMap<(Term, NamedNode), Rc<Vec<Term>>>;

/// The union of some layers, as one data graph.
pub struct DataView<'a> {
    layers: Vec<Layer<'a>>,
    superclasses: RefCell<HashMap<Term, Rc<HashSet<Term>>>>,
    objects: RefCell<Lookups>,
    /// Whether each predicate asked about occurs in the data at all: shapes
    /// check many optional properties that the data never uses.
    used: RefCell<HashMap<NamedNode, bool>>,
}

/// Adds `term` to `list` unless `seen` already holds it.
fn push_new(list: &mut Vec<Term>, seen: &mut HashSet<Term>, term: Term) {
    if seen.insert(term.clone()) {
        list.push(term);
    }
}

/// The term as a subject, when it can be one.
fn as_subject(term: &Term) -> Option<NamedOrBlankNodeRef<'_>> {
    match term {
        Term::NamedNode(n) => Some(n.as_ref().into()),
        Term::BlankNode(b) => Some(b.as_ref().into()),
        Term::Literal(_) => None,
    }
}

impl<'a> DataView<'a> {
    /// The union of `layers`; the first is the one [`Scope::FirstLayer`]
    /// means.
    ///
    /// [`Scope::FirstLayer`]: crate::Scope::FirstLayer
    pub fn new(layers: Vec<Layer<'a>>) -> Self {
        Self {
            layers,
            superclasses: RefCell::default(),
            objects: RefCell::default(),
            used: RefCell::default(),
        }
    }

    fn each(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        out: &mut dyn FnMut(Quad),
    ) -> Result<(), StorageError> {
        for layer in &self.layers {
            layer.quads(subject, predicate, object, out)?;
        }
        Ok(())
    }

    /// The values of `predicate` on `subject`, each once.
    pub(crate) fn objects(
        &self,
        subject: &Term,
        predicate: NamedNodeRef<'_>,
    ) -> Result<Vec<Term>, StorageError> {
        let Some(s) = as_subject(subject) else {
            return Ok(Vec::new());
        };
        if !self.is_used(predicate)? {
            return Ok(Vec::new());
        }
        let key = (subject.clone(), predicate.into_owned());
        if let Some(known) = self.objects.borrow().get(&key) {
            return Ok(known.to_vec());
        }
        let (mut list, mut seen) = (Vec::new(), HashSet::new());
        self.each(Some(s), Some(predicate), None, &mut |q| {
            push_new(&mut list, &mut seen, q.object)
        })?;
        let mut remembered = self.objects.borrow_mut();
        if remembered.len() >= REMEMBERED {
            remembered.clear();
        }
        remembered.insert(key, Rc::new(list.clone()));
        Ok(list)
    }

    /// Whether any triple of the data has `predicate`.
    fn is_used(&self, predicate: NamedNodeRef<'_>) -> Result<bool, StorageError> {
        if let Some(&known) = self.used.borrow().get(&predicate.into_owned()) {
            return Ok(known);
        }
        let mut used = false;
        for layer in &self.layers {
            if layer.any(None, Some(predicate))? {
                used = true;
                break;
            }
        }
        self.used.borrow_mut().insert(predicate.into_owned(), used);
        Ok(used)
    }

    /// The nodes whose `predicate` has `object` as a value, each once.
    pub(crate) fn subjects(
        &self,
        predicate: NamedNodeRef<'_>,
        object: &Term,
    ) -> Result<Vec<Term>, StorageError> {
        let (mut list, mut seen) = (Vec::new(), HashSet::new());
        self.each(None, Some(predicate), Some(object.as_ref()), &mut |q| {
            push_new(&mut list, &mut seen, q.subject.into())
        })?;
        Ok(list)
    }

    /// Every subject (or, with `objects`, every object) of `predicate`.
    pub(crate) fn ends_of(
        &self,
        predicate: NamedNodeRef<'_>,
        objects: bool,
    ) -> Result<Vec<Term>, StorageError> {
        let (mut list, mut seen) = (Vec::new(), HashSet::new());
        self.each(None, Some(predicate), None, &mut |q| {
            let end = if objects { q.object } else { q.subject.into() };
            push_new(&mut list, &mut seen, end)
        })?;
        Ok(list)
    }

    /// Every (predicate, value) of `subject`.
    pub(crate) fn properties(
        &self,
        subject: &Term,
    ) -> Result<Vec<(NamedNode, Term)>, StorageError> {
        let Some(s) = as_subject(subject) else {
            return Ok(Vec::new());
        };
        let mut list = Vec::new();
        let mut seen = HashSet::new();
        self.each(Some(s), None, None, &mut |q| {
            if seen.insert((q.predicate.clone(), q.object.clone())) {
                list.push((q.predicate, q.object));
            }
        })?;
        Ok(list)
    }

    /// `class` and its subclasses (through `rdfs:subClassOf*`).
    fn subclasses(&self, class: &Term) -> Result<Vec<Term>, StorageError> {
        let mut all = vec![class.clone()];
        let mut seen: HashSet<Term> = all.iter().cloned().collect();
        let mut next = 0;
        while next < all.len() {
            let current = all[next].clone();
            next += 1;
            for sub in self.subjects(rdfs::SUB_CLASS_OF, &current)? {
                push_new(&mut all, &mut seen, sub);
            }
        }
        Ok(all)
    }

    /// The SHACL instances of `class`: nodes typed with it or a subclass.
    pub(crate) fn instances(&self, class: &Term) -> Result<Vec<Term>, StorageError> {
        let (mut list, mut seen) = (Vec::new(), HashSet::new());
        for class in self.subclasses(class)? {
            for node in self.subjects(rdf::TYPE, &class)? {
                push_new(&mut list, &mut seen, node);
            }
        }
        Ok(list)
    }

    /// `class` and its superclasses, remembered per class.
    fn superclasses(&self, class: &Term) -> Result<Rc<HashSet<Term>>, StorageError> {
        if let Some(known) = self.superclasses.borrow().get(class) {
            return Ok(Rc::clone(known));
        }
        let mut all = vec![class.clone()];
        let mut seen: HashSet<Term> = all.iter().cloned().collect();
        let mut next = 0;
        while next < all.len() {
            let current = all[next].clone();
            next += 1;
            for sup in self.objects(&current, rdfs::SUB_CLASS_OF)? {
                push_new(&mut all, &mut seen, sup);
            }
        }
        let set = Rc::new(seen);
        self.superclasses
            .borrow_mut()
            .insert(class.clone(), Rc::clone(&set));
        Ok(set)
    }

    /// Whether `node` is a SHACL instance of `class`.
    pub(crate) fn is_instance(&self, node: &Term, class: &Term) -> Result<bool, StorageError> {
        for class_of_node in self.objects(node, rdf::TYPE)? {
            if self.superclasses(&class_of_node)?.contains(class) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether some layer reads a store, whose literals are canonical values
    /// rather than the terms written (see the module documentation).
    pub(crate) fn has_canonical_literals(&self) -> bool {
        self.layers.iter().any(Layer::is_store)
    }

    /// Whether `node` is the subject of a triple in the first layer.
    pub(crate) fn is_subject_in_first_layer(&self, node: &Term) -> Result<bool, StorageError> {
        let (Some(layer), Some(s)) = (self.layers.first(), as_subject(node)) else {
            return Ok(false);
        };
        layer.any(Some(s), None)
    }

    /// The paths of the sources holding triples about `node`, each once.
    pub fn sources_of(&self, node: &Term) -> Result<Vec<String>, StorageError> {
        let Some(s) = as_subject(node) else {
            return Ok(Vec::new());
        };
        let mut paths: Vec<String> = Vec::new();
        for layer in &self.layers {
            let mut graphs = HashSet::<GraphName>::new();
            layer.quads(Some(s), None, None, &mut |q| {
                graphs.insert(q.graph_name);
            })?;
            for graph in graphs {
                if let Some(path) = layer.sources.get(&graph)
                    && !paths.contains(path)
                {
                    paths.push(path.clone());
                }
            }
        }
        paths.sort();
        Ok(paths)
    }

    /// The first value of `predicate` on `subject` that is a literal.
    pub fn literal(
        &self,
        subject: &Term,
        predicate: NamedNodeRef<'_>,
    ) -> Result<Option<String>, StorageError> {
        Ok(self
            .objects(subject, predicate)?
            .into_iter()
            .find_map(|t| match t {
                Term::Literal(l) => Some(l.value().to_owned()),
                _ => None,
            }))
    }
}
