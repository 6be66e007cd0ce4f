//! Pushing a store to another engine over the Graph Store Protocol, graph
//! by graph: every source graph, the metadata graph and the merged graph
//! (under [`MERGED_GRAPH`], since the remote's default graph may be the
//! union of all). Only graphs whose content changed since the last push
//! are sent; graphs pushed before whose source is gone are deleted; graphs
//! actorgraph did not push are never touched.
//!
//! What was pushed is known from the push record on the remote
//! ([`PUSH_RECORD`]: each graph's role, SHA-256 of its N-Triples and
//! triple count), written last, as the commit marker. Before any graph is
//! sent, the graphs about to be written are added to a pending list
//! ([`PUSH_PENDING`]), so that a push killed midway and run again also deletes
//! what the killed one wrote for a source unloaded since. Blank nodes go
//! as blank nodes, labelled as the store labels them: within a graph they
//! keep joining the triples they joined; a blank node shared by two graphs
//! (a source's and the merged graph) is two on the remote.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read};

use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedOrBlankNode, Term};
use oxigraph::store::Store;
use sha2::{Digest, Sha256};

use actorgraph_loader::{GraphStore, METADATA_GRAPH, graphs_of};
use actorgraph_model::vocab::layout::{
    MERGED_GRAPH, PUSH_PENDING, PUSH_RECORD, PUSHED_AS, PUSHED_SHA256, PUSHED_TRIPLES,
};
use actorgraph_query::remote::RemoteGraphs;

use crate::error::SnapshotError;

/// What a graph is in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// A source's graph.
    Source,
    /// The metadata graph: the sources' records and the view.
    Metadata,
    /// The merged graph, the store's default graph.
    Merged,
}

impl Role {
    /// How the push record names it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Source => "source",
            Self::Metadata => "metadata",
            Self::Merged => "merged",
        }
    }
}

/// One graph of the store, as pushed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushedGraph {
    /// Its name on the remote.
    pub name: NamedNode,
    /// What it is in the store.
    pub role: Role,
    /// SHA-256 of its N-Triples, as sent.
    pub sha256: String,
    /// Its triple count.
    pub triples: u64,
    /// The size of its N-Triples, in bytes.
    pub bytes: u64,
}

/// What a push will do.
#[derive(Debug, Clone, Default)]
pub struct PushPlan {
    /// Every graph of the store, and whether it will be sent.
    pub graphs: Vec<(PushedGraph, bool)>,
    /// Graphs pushed before (or begun) whose source is gone: deleted.
    pub deletes: Vec<NamedNode>,
    /// Graphs of the store that cannot be named on another engine (TriG
    /// graphs named by a blank node): left out.
    pub skipped: Vec<String>,
    /// Whether the remote had a push record.
    pub pushed_before: bool,
    /// The source graphs the remote's record lists when none of them is
    /// one of this store's: the remote holds another store's push, which
    /// this one would delete.
    pub another_store: Vec<NamedNode>,
}

impl PushPlan {
    /// The graphs that will be sent.
    pub fn sends(&self) -> impl Iterator<Item = &PushedGraph> {
        self.graphs.iter().filter(|(_, send)| *send).map(|(g, _)| g)
    }

    /// Whether the push has nothing to do.
    pub fn is_empty(&self) -> bool {
        self.sends().next().is_none() && self.deletes.is_empty()
    }
}

/// What happened to one graph during a push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushStep {
    /// It is being sent.
    Sending(NamedNode, u64),
    /// It was deleted.
    Deleted(NamedNode),
}

/// A graph's triples as the remote holds them, against the store's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The graph's name on the remote.
    pub name: NamedNode,
    /// Triples in the store.
    pub local: u64,
    /// Triples on the remote (`None`: no such graph there).
    pub remote: Option<u64>,
}

/// Works out what a push of `store` to `remote` sends.
pub fn plan_push(store: &GraphStore, remote: &RemoteGraphs) -> Result<PushPlan, SnapshotError> {
    let record = read_record(remote, PUSH_RECORD.into_owned())?;
    let pending = read_record(remote, PUSH_PENDING.into_owned())?;
    let mut plan = PushPlan {
        pushed_before: !record.is_empty(),
        ..PushPlan::default()
    };
    let mut names = BTreeSet::new();
    for (name, role) in store_graphs(store, &mut plan.skipped)? {
        let (sha256, triples, bytes) =
            fingerprint(store.oxigraph(), local_graph(&name, role).as_ref())?;
        let send = record
            .get(&name)
            .is_none_or(|(_, before, _)| *before != sha256);
        names.insert(name.clone());
        plan.graphs.push((
            PushedGraph {
                name,
                role,
                sha256,
                triples,
                bytes,
            },
            send,
        ));
    }
    let recorded_sources: Vec<NamedNode> = record
        .iter()
        .filter(|(_, (role, _, _))| role == Role::Source.name())
        .map(|(name, _)| name.clone())
        .collect();
    if !recorded_sources.iter().any(|name| names.contains(name)) {
        plan.another_store = recorded_sources;
    }
    plan.deletes = record
        .keys()
        .chain(pending.keys())
        .filter(|name| !names.contains(*name))
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    Ok(plan)
}

/// Carries out `plan`: the pending list, each graph to send, each delete,
/// then the record; `step` hears of each graph as it goes.
pub fn push(
    store: &GraphStore,
    remote: &RemoteGraphs,
    plan: &PushPlan,
    step: &mut dyn FnMut(PushStep),
) -> Result<(), SnapshotError> {
    if plan.is_empty() && plan.pushed_before {
        return Ok(());
    }
    let sends: Vec<&PushedGraph> = plan.sends().collect();
    let pending = record_lines(sends.iter().copied());
    put_text(remote, PUSH_PENDING.into_owned(), &pending)?;
    for graph in sends {
        step(PushStep::Sending(graph.name.clone(), graph.triples));
        let name = graph.name.as_ref();
        if graph.triples == 0 {
            // An empty graph is no graph to most stores (a PUT of nothing
            // is refused by some).
            remote.delete(name)?;
            continue;
        }
        let source = local_graph(&graph.name, graph.role);
        let store = store.oxigraph();
        remote.replace(name, graph.bytes, &mut || {
            Box::new(NTriplesReader::new(store, source.as_ref()))
        })?;
    }
    for name in &plan.deletes {
        remote.delete(name.as_ref())?;
        step(PushStep::Deleted(name.clone()));
    }
    let record = record_lines(plan.graphs.iter().map(|(g, _)| g));
    put_text(remote, PUSH_RECORD.into_owned(), &record)?;
    remote.delete(PUSH_PENDING)?;
    Ok(())
}

/// Counts each graph of `plan` on the remote, against the store.
pub fn verify_push(remote: &RemoteGraphs, plan: &PushPlan) -> Result<Vec<Verified>, SnapshotError> {
    let mut verified = Vec::new();
    for (graph, _) in &plan.graphs {
        let remote_count = match remote.read(graph.name.as_ref())? {
            // Most stores keep no empty graph.
            None if graph.triples == 0 => Some(0),
            None => None,
            Some(triples) => {
                let mut count = 0;
                for triple in triples {
                    triple?;
                    count += 1;
                }
                Some(count)
            }
        };
        verified.push(Verified {
            name: graph.name.clone(),
            local: graph.triples,
            remote: remote_count,
        });
    }
    Ok(verified)
}

/// The store's graphs: each source graph, the metadata graph, the merged
/// graph; graphs named by blank nodes are listed in `skipped`.
fn store_graphs(
    store: &GraphStore,
    skipped: &mut Vec<String>,
) -> Result<Vec<(NamedNode, Role)>, SnapshotError> {
    let mut graphs = Vec::new();
    for graph in graphs_of(&store.sources()?) {
        match graph {
            NamedOrBlankNode::NamedNode(name) => graphs.push((name, Role::Source)),
            NamedOrBlankNode::BlankNode(b) => skipped.push(b.to_string()),
        }
    }
    graphs.push((METADATA_GRAPH.into_owned(), Role::Metadata));
    graphs.push((MERGED_GRAPH.into_owned(), Role::Merged));
    Ok(graphs)
}

/// Where a pushed graph is in the store: the merged graph is its default
/// graph, the others have the same name.
fn local_graph(name: &NamedNode, role: Role) -> GraphName {
    match role {
        Role::Merged => GraphName::DefaultGraph,
        Role::Source | Role::Metadata => name.clone().into(),
    }
}

/// SHA-256 of a graph's N-Triples as a push sends them, its triples and
/// its size in bytes.
fn fingerprint(
    store: &Store,
    graph: GraphNameRef<'_>,
) -> Result<(String, u64, u64), SnapshotError> {
    let mut hash = Sha256::new();
    let mut bytes = 0;
    let mut reader = NTriplesReader::new(store, graph);
    let mut buffer = vec![0; 64 << 10];
    loop {
        let read = reader
            .read(&mut buffer)
            .map_err(|e| SnapshotError::Read(e.to_string()))?;
        if read == 0 {
            break;
        }
        hash.update(&buffer[..read]);
        bytes += read as u64;
    }
    Ok((hex::encode(hash.finalize()), reader.lines, bytes))
}

/// A graph of the store as N-Triples, read as it is written out: one line
/// per triple, in the store's order (the same for the same content).
struct NTriplesReader<'a> {
    quads: oxigraph::store::QuadIter<'a>,
    line: Vec<u8>,
    at: usize,
    lines: u64,
}

impl<'a> NTriplesReader<'a> {
    fn new(store: &'a Store, graph: GraphNameRef<'_>) -> Self {
        Self {
            quads: store.quads_for_pattern(None, None, None, Some(graph)),
            line: Vec::new(),
            at: 0,
            lines: 0,
        }
    }
}

impl Read for NTriplesReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.at == self.line.len() {
            let Some(quad) = self.quads.next() else {
                return Ok(0);
            };
            let quad = quad.map_err(io::Error::other)?;
            self.line.clear();
            self.at = 0;
            self.lines += 1;
            use std::io::Write;
            writeln!(
                self.line,
                "{} {} {} .",
                quad.subject, quad.predicate, quad.object
            )?;
        }
        let n = out.len().min(self.line.len() - self.at);
        out[..n].copy_from_slice(&self.line[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// A push record (or pending list) on the remote: graph → (role,
/// SHA-256, triples). Empty when there is none.
fn read_record(
    remote: &RemoteGraphs,
    name: NamedNode,
) -> Result<BTreeMap<NamedNode, (String, String, u64)>, SnapshotError> {
    let mut record: BTreeMap<NamedNode, (String, String, u64)> = BTreeMap::new();
    let Some(triples) = remote.read(name.as_ref())? else {
        return Ok(record);
    };
    for triple in triples {
        let triple = triple?;
        let NamedOrBlankNode::NamedNode(graph) = triple.subject else {
            continue;
        };
        let Term::Literal(value) = triple.object else {
            continue;
        };
        let entry = record.entry(graph).or_default();
        let p = triple.predicate.as_ref();
        if p == PUSHED_AS {
            entry.0 = value.value().to_owned();
        } else if p == PUSHED_SHA256 {
            entry.1 = value.value().to_owned();
        } else if p == PUSHED_TRIPLES {
            entry.2 = value.value().parse().unwrap_or_default();
        }
    }
    Ok(record)
}

/// A record's N-Triples: each graph's role, SHA-256 and triples.
fn record_lines<'a>(graphs: impl Iterator<Item = &'a PushedGraph>) -> String {
    let mut text = String::new();
    for graph in graphs {
        let name = &graph.name;
        text.push_str(&format!(
            "{name} {PUSHED_AS} \"{}\" .\n{name} {PUSHED_SHA256} \"{}\" .\n{name} {PUSHED_TRIPLES} \"{}\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n",
            graph.role.name(),
            graph.sha256,
            graph.triples
        ));
    }
    text
}

/// Replaces a graph of the remote with N-Triples held in memory (none:
/// deletes it).
fn put_text(remote: &RemoteGraphs, name: NamedNode, text: &str) -> Result<(), SnapshotError> {
    if text.is_empty() {
        remote.delete(name.as_ref())?;
    } else {
        remote.replace(name.as_ref(), text.len() as u64, &mut || {
            Box::new(text.as_bytes())
        })?;
    }
    Ok(())
}
