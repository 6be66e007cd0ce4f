//! Canonical N-Quads: the W3C canonical form of a dataset, with blank nodes
//! labelled by RDF Dataset Canonicalization (RDFC-1.0, `oxrdf`'s
//! implementation) and lines in code point order. Quads without blank nodes
//! stream through a bounded-memory sort; only quads that mention a blank
//! node are held in memory, since their labels depend on each other.
//!
//! # Bounded work
//!
//! RDFC-1.0 labels most blank nodes by the hash of their own quads (their
//! *first-degree hash*). Blank nodes that share one are told apart by
//! *N-degree hashing*, which tries every permutation of the look-alike
//! blank nodes around them and recurses into each: four cliques of ten
//! blank nodes linked by one property would take about an hour, and a long
//! chain of look-alikes recurses deep enough to overflow the stack. `oxrdf`
//! has no way to stop it, so before calling it [`canonical_lines`] counts
//! the steps N-degree hashing would take, on the dataset's own shape:
//!
//! - blank nodes are grouped by first-degree hash as RDFC-1.0 groups them
//!   (by their quads with blank nodes hidden), and the groups of more than
//!   one, hashed with SHA-256, are walked in RDFC-1.0's order;
//! - each N-degree hash of a blank node costs a copy of the issuer (one
//!   step per identifier issued so far), one step per related blank node,
//!   and one per quad of those without a label, whose first-degree hash
//!   `oxrdf` computes again; each group of `k` look-alike related blank
//!   nodes costs `k!` permutations, each a copy of the issuer and a path of
//!   `k` labels; and each permutation's recursions are counted as if none
//!   were cut short.
//!
//! Counting every permutation in full, rather than replaying `oxrdf`'s
//! early exits, makes the count an upper bound of its work that depends on
//! the data's shape only, never on the blank nodes' labels or on the order
//! the quads were read in, so the same content is always accepted or
//! always refused. Counting is cheap: a step counted costs about a
//! nanosecond, against 50 to 150 ns for `oxrdf` 0.3.5 to take it (measured
//! on cliques, cycles, trees, lists and random regular graphs of blank
//! nodes), and it stops as soon as the limit is passed. Grouping the blank
//! nodes beforehand costs less than half of what RDFC-1.0's own
//! first-degree hashing does.
//!
//! The limit is [`WORK_ALLOWANCE`] steps (about a second) plus
//! [`WORK_PER_BLANK_NODE`] per blank node, so work that merely grows with
//! the data is never refused, and recursion at most [`DEPTH_LIMIT`] blank
//! nodes deep. Ordinary data stays far below it and gets the exact
//! RDFC-1.0 labels: blank nodes that hang off named resources or carry
//! their own literals have first-degree hashes of their own and need no
//! N-degree hashing at all, and small symmetric groups (four cliques of
//! six blank nodes, one of seven, two copies of a 500-item list) take a
//! few million steps. Four cliques of ten are refused within 10 ms (release
//! build).
//!
//! # Refused, not relabelled
//!
//! Past the limit, [`canonical_lines`] fails with [`TooSymmetric`], naming
//! how many blank nodes look alike and the graphs that hold them. Another
//! labelling could have been used instead (the first-degree hash with a
//! tie-break), but a tie-break between look-alikes can only come from
//! their labels, which change each time a file is loaded: such a fallback
//! would give different bytes for the same content, so snapshot checksums
//! and diffs would report changes that are not there, while presenting the
//! output as canonical. A labelling that does not depend on the labels is
//! the very search RDFC-1.0 does. So exports, snapshots and diffs stop,
//! quickly, and say which data to fix: give those blank nodes IRIs in their
//! source, or leave that source or graph out.

use oxigraph::model::{
    BlankNode, BlankNodeRef, GraphName, GraphNameRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad,
    QuadRef, Term, TermRef,
};
use oxrdf::Dataset;
use oxrdf::dataset::{CanonicalizationAlgorithm, CanonicalizationHashAlgorithm};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::error::{CanonicalError, SnapshotError, TooSymmetric};
use crate::sorted::{LineSorter, SortedLines};

/// How often, in quads read, progress is reported.
const PROGRESS_EVERY: usize = 100_000;

/// Steps of N-degree hashing any dataset may take (see the module
/// documentation): about a second, enough for any ordinary data and for
/// small symmetric groups, and reached within milliseconds by hostile
/// ones.
pub(crate) const WORK_ALLOWANCE: u64 = 10_000_000;

/// Steps of N-degree hashing allowed on top of [`WORK_ALLOWANCE`] for
/// each blank node, so that many small look-alike groups (pairs of blank
/// nodes linked to each other, say) cost in proportion to the data, as the
/// rest of an export does.
pub(crate) const WORK_PER_BLANK_NODE: u64 = 100;

/// How deep N-degree hashing may recurse, in blank nodes. `oxrdf` takes
/// 1.3 KB of stack per level (1.5 KB when built with `opt-level = 1`):
/// 512 levels stay under 1 MB, inside the 2 MB stack of a spawned thread,
/// where two copies of a 2,000-item list would overflow it.
pub(crate) const DEPTH_LIMIT: usize = 512;

/// A dataset in canonical form.
pub(crate) struct Canonical {
    /// Its canonical N-Quads lines (without line breaks), sorted, each
    /// distinct quad once.
    pub(crate) lines: SortedLines,
    /// The canonical label of each blank node that names a graph, by the
    /// label it had.
    pub(crate) graph_labels: HashMap<BlankNode, BlankNode>,
}

/// The canonical form of `quads`.
/// `progress` hears how many quads have been read, now and then.
/// Fails with [`TooSymmetric`], before any canonicalization, if the blank
/// nodes would take more than the limit to label.
pub(crate) fn canonical_lines(
    quads: impl Iterator<Item = Result<Quad, SnapshotError>>,
    progress: &mut dyn FnMut(u64),
) -> Result<Canonical, CanonicalError> {
    let mut sorter = LineSorter::new();
    let mut with_blank_nodes = Dataset::new();
    for (read, quad) in quads.enumerate() {
        if read % PROGRESS_EVERY == 0 {
            progress(read as u64);
        }
        let quad = quad?;
        if mentions_blank_node(quad.as_ref()) {
            with_blank_nodes.insert(&quad);
        } else {
            sorter
                .push(line(quad.as_ref()))
                .map_err(SnapshotError::Temporary)?;
        }
    }
    check_work(&with_blank_nodes)?;
    let labels = with_blank_nodes.canonicalize_blank_nodes(CanonicalizationAlgorithm::Rdfc10 {
        hash_algorithm: CanonicalizationHashAlgorithm::Sha256,
    });
    let labels: HashMap<String, BlankNode> = labels
        .into_iter()
        .map(|(from, to)| (from.as_str().to_owned(), to))
        .collect();
    let relabel = |blank: &BlankNode| {
        labels
            .get(blank.as_str())
            .cloned()
            .unwrap_or_else(|| blank.clone())
    };
    let mut graph_labels = HashMap::new();
    for quad in &with_blank_nodes {
        if let GraphNameRef::BlankNode(graph) = quad.graph_name {
            let graph = graph.into_owned();
            let label = relabel(&graph);
            graph_labels.insert(graph, label);
        }
        let quad = map_blank_nodes(quad.into_owned(), relabel);
        sorter
            .push(line(quad.as_ref()))
            .map_err(SnapshotError::Temporary)?;
    }
    Ok(Canonical {
        lines: sorter.finish().map_err(SnapshotError::Temporary)?,
        graph_labels,
    })
}

/// The quad with each blank node replaced by `map`'s choice.
pub(crate) fn map_blank_nodes(mut quad: Quad, map: impl Fn(&BlankNode) -> BlankNode) -> Quad {
    if let NamedOrBlankNode::BlankNode(b) = &quad.subject {
        quad.subject = map(b).into();
    }
    if let Term::BlankNode(b) = &quad.object {
        quad.object = map(b).into();
    }
    if let GraphName::BlankNode(b) = &quad.graph_name {
        quad.graph_name = map(b).into();
    }
    quad
}

/// One quad as a canonical N-Quads line, without its line break.
fn line(quad: QuadRef<'_>) -> String {
    format!("{quad} .")
}

/// Whether `quad` has a blank node for subject, object or graph name.
fn mentions_blank_node(quad: QuadRef<'_>) -> bool {
    quad.subject.is_blank_node() || quad.object.is_blank_node() || quad.graph_name.is_blank_node()
}

/// Fails if RDFC-1.0 could take more than the limit to label the blank
/// nodes of `dataset` (see the module documentation).
fn check_work(dataset: &Dataset) -> Result<(), TooSymmetric> {
    let shape = Shape::of(dataset);
    let work_limit =
        WORK_ALLOWANCE.saturating_add(WORK_PER_BLANK_NODE.saturating_mul(shape.nodes.len() as u64));
    let mut count = WorkCount::new(&shape, work_limit);
    let Err(class) = count.run() else {
        return Ok(());
    };
    let blank_nodes = count.reach(class);
    let graphs: BTreeMap<String, GraphName> = blank_nodes
        .iter()
        .flat_map(|&node| shape.quads_of(node))
        .map(|quad| (quad.graph_name.to_string(), quad.graph_name.into_owned()))
        .collect();
    Err(TooSymmetric {
        blank_nodes: blank_nodes.len(),
        graphs: graphs.into_values().collect(),
        work_limit,
        depth_limit: DEPTH_LIMIT,
    })
}

/// The blank nodes of a dataset, numbered, as RDFC-1.0's N-degree hashing
/// sees them.
struct Shape<'a> {
    /// The blank nodes, in the order of their labels.
    nodes: Vec<BlankNodeRef<'a>>,
    /// The quads of each blank node, node after node.
    quads: Vec<QuadRef<'a>>,
    /// Where the quads of each blank node start in `quads`, and where they
    /// end.
    starts: Vec<usize>,
    /// The classes of blank nodes that share a first-degree hash, in hash
    /// order: the blank nodes that need N-degree hashing.
    look_alikes: Vec<Vec<usize>>,
    /// For each look-alike blank node: the blank nodes it shares a quad
    /// with, grouped and ordered as RDFC-1.0 groups them while none of them
    /// has a label (by the hash of their position, predicate and
    /// first-degree hash), each group sorted, each node once.
    groups: Vec<Vec<Vec<usize>>>,
    /// For each look-alike blank node: the blank node each of its quads
    /// relates it to, once per quad and position.
    related: Vec<Vec<usize>>,
}

/// A term as the first-degree hash of a blank node sees it: other blank
/// nodes are all alike.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Seen<'a> {
    /// An IRI.
    Named(&'a str),
    /// The blank node hashed, or another one.
    Blank {
        /// Whether it is the blank node hashed.
        itself: bool,
    },
    /// A literal: its value, datatype and language.
    Literal(&'a str, &'a str, Option<&'a str>),
    /// The default graph.
    DefaultGraph,
}

/// A quad as the first-degree hash of a blank node sees it: subject,
/// predicate, object, graph name.
type SeenQuad<'a> = (Seen<'a>, &'a str, Seen<'a>, Seen<'a>);

impl<'a> Shape<'a> {
    /// The shape of `dataset`'s blank nodes.
    fn of(dataset: &'a Dataset) -> Self {
        let all_quads: Vec<QuadRef<'a>> = dataset.iter().collect();
        let mut mentions: Vec<(BlankNodeRef<'a>, usize)> = Vec::new();
        for (index, &quad) in all_quads.iter().enumerate() {
            let blank_nodes = blank_nodes_of(quad);
            for (i, &node) in blank_nodes.iter().enumerate() {
                // A quad counts once for a blank node it mentions twice.
                if let Some(node) = node
                    && !blank_nodes[..i].contains(&Some(node))
                {
                    mentions.push((node, index));
                }
            }
        }
        mentions.sort_unstable_by(|(a, _), (b, _)| a.as_str().cmp(b.as_str()));
        let mut shape = Self {
            nodes: Vec::new(),
            quads: Vec::with_capacity(mentions.len()),
            starts: Vec::new(),
            look_alikes: Vec::new(),
            groups: Vec::new(),
            related: Vec::new(),
        };
        for (node, index) in mentions {
            if shape.nodes.last() != Some(&node) {
                shape.nodes.push(node);
                shape.starts.push(shape.quads.len());
            }
            shape.quads.push(all_quads[index]);
        }
        shape.starts.push(shape.quads.len());
        let mut first_degree = vec![None; shape.nodes.len()];
        let look_alikes = shape.look_alikes(&mut first_degree);
        shape.groups = vec![Vec::new(); shape.nodes.len()];
        shape.related = vec![Vec::new(); shape.nodes.len()];
        for &node in look_alikes.iter().flatten() {
            shape.relate(node, &mut first_degree);
        }
        shape.look_alikes = look_alikes;
        shape
    }

    /// The quads of the `node`th blank node.
    fn quads_of(&self, node: usize) -> &[QuadRef<'a>] {
        &self.quads[self.starts[node]..self.starts[node + 1]]
    }

    /// The number of a blank node.
    fn number(&self, node: BlankNodeRef<'_>) -> Option<usize> {
        self.nodes
            .binary_search_by(|other| other.as_str().cmp(node.as_str()))
            .ok()
    }

    /// The RDFC-1.0 first-degree hash of the `node`th blank node, computed
    /// once into `first_degree`.
    fn first_degree<'h>(&self, node: usize, first_degree: &'h mut [Option<String>]) -> &'h str {
        first_degree[node]
            .get_or_insert_with(|| first_degree_hash(self.nodes[node], self.quads_of(node)))
    }

    /// The classes of blank nodes that share a first-degree hash, in hash
    /// order; their hashes go into `first_degree`.
    fn look_alikes(&self, first_degree: &mut [Option<String>]) -> Vec<Vec<usize>> {
        // Blank nodes share a first-degree hash when they have the same
        // quads once blank nodes are hidden: sorted so, only those that
        // share one need hashing.
        let mut seen: Vec<(Vec<SeenQuad<'a>>, usize)> = (0..self.nodes.len())
            .map(|node| {
                let mut quads: Vec<SeenQuad<'a>> = self
                    .quads_of(node)
                    .iter()
                    .map(|&quad| seen_quad(quad, self.nodes[node]))
                    .collect();
                quads.sort_unstable();
                (quads, node)
            })
            .collect();
        seen.sort_unstable();
        let mut look_alikes: Vec<(String, Vec<usize>)> = seen
            .chunk_by(|(a, _), (b, _)| a == b)
            .filter(|class| class.len() > 1)
            .map(|class| {
                let class: Vec<usize> = class.iter().map(|&(_, node)| node).collect();
                let hash = self.first_degree(class[0], first_degree).to_owned();
                for &node in &class {
                    first_degree[node] = Some(hash.clone());
                }
                (hash, class)
            })
            .collect();
        look_alikes.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
        look_alikes.into_iter().map(|(_, class)| class).collect()
    }

    /// Records what the `node`th blank node is related to, and how
    /// RDFC-1.0 groups those; first-degree hashes come from and go into
    /// `first_degree`.
    fn relate(&mut self, node: usize, first_degree: &mut [Option<String>]) {
        let mut related = Vec::new();
        let mut by_related_hash: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &quad in self.quads_of(node) {
            for (position, other) in related_of(quad, self.nodes[node]) {
                let Some(other) = self.number(other) else {
                    continue;
                };
                related.push(other);
                let other_hash = self.first_degree(other, first_degree);
                let hash = sha256_hex(&format!("{position}{other_hash}"));
                by_related_hash.entry(hash).or_default().push(other);
            }
        }
        self.related[node] = related;
        self.groups[node] = by_related_hash
            .into_values()
            .map(|mut group| {
                group.sort_unstable();
                group.dedup();
                group
            })
            .collect();
    }
}

/// `quad` as the first-degree hash of `node` sees it.
fn seen_quad<'a>(quad: QuadRef<'a>, node: BlankNodeRef<'a>) -> SeenQuad<'a> {
    let blank = |other: BlankNodeRef<'a>| Seen::Blank {
        itself: other == node,
    };
    let subject = match quad.subject {
        NamedOrBlankNodeRef::NamedNode(named) => Seen::Named(named.as_str()),
        NamedOrBlankNodeRef::BlankNode(other) => blank(other),
    };
    let object = match quad.object {
        TermRef::NamedNode(named) => Seen::Named(named.as_str()),
        TermRef::BlankNode(other) => blank(other),
        TermRef::Literal(literal) => Seen::Literal(
            literal.value(),
            literal.datatype().as_str(),
            literal.language(),
        ),
    };
    let graph_name = match quad.graph_name {
        GraphNameRef::NamedNode(named) => Seen::Named(named.as_str()),
        GraphNameRef::BlankNode(other) => blank(other),
        GraphNameRef::DefaultGraph => Seen::DefaultGraph,
    };
    (subject, quad.predicate.as_str(), object, graph_name)
}

/// The blank nodes of `quad` (subject, object, graph name), if blank.
fn blank_nodes_of(quad: QuadRef<'_>) -> [Option<BlankNodeRef<'_>>; 3] {
    [
        match quad.subject {
            NamedOrBlankNodeRef::BlankNode(node) => Some(node),
            NamedOrBlankNodeRef::NamedNode(_) => None,
        },
        match quad.object {
            TermRef::BlankNode(node) => Some(node),
            _ => None,
        },
        match quad.graph_name {
            GraphNameRef::BlankNode(node) => Some(node),
            _ => None,
        },
    ]
}

/// The blank nodes of `quad` other than `node`, each with the prefix
/// RDFC-1.0 hashes for its position (Hash Related Blank Node, steps 1-2).
fn related_of<'a>(
    quad: QuadRef<'a>,
    node: BlankNodeRef<'a>,
) -> impl Iterator<Item = (String, BlankNodeRef<'a>)> {
    let [subject, object, graph] = blank_nodes_of(quad);
    let predicate = quad.predicate.as_str();
    [
        subject.map(|related| (format!("s<{predicate}>"), related)),
        object.map(|related| (format!("o<{predicate}>"), related)),
        graph.map(|related| ("g".to_owned(), related)),
    ]
    .into_iter()
    .flatten()
    .filter(move |(_, related)| *related != node)
}

/// RDFC-1.0's first-degree hash of `node`, whose quads are `quads`: the
/// SHA-256 of their sorted N-Quads, `node` written `_:a` and other blank
/// nodes `_:z`.
fn first_degree_hash(node: BlankNodeRef<'_>, quads: &[QuadRef<'_>]) -> String {
    let hide = |blank: BlankNodeRef<'_>| {
        BlankNodeRef::new_unchecked(if blank == node { "a" } else { "z" })
    };
    let mut lines: Vec<String> = quads
        .iter()
        .map(|quad| {
            let subject = match quad.subject {
                NamedOrBlankNodeRef::BlankNode(blank) => hide(blank).into(),
                subject => subject,
            };
            let object = match quad.object {
                TermRef::BlankNode(blank) => hide(blank).into(),
                object => object,
            };
            let graph_name = match quad.graph_name {
                GraphNameRef::BlankNode(blank) => hide(blank).into(),
                graph_name => graph_name,
            };
            format!(
                "{} .\n",
                QuadRef::new(subject, quad.predicate, object, graph_name)
            )
        })
        .collect();
    lines.sort_unstable();
    sha256_hex(&lines.concat())
}

/// The SHA-256 of `text`, in lowercase hex, as RDFC-1.0 writes hashes.
fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Counts the steps of RDFC-1.0's N-degree hashing over a [`Shape`], up to
/// a limit.
struct WorkCount<'s, 'a> {
    /// The blank nodes.
    shape: &'s Shape<'a>,
    /// Whether each blank node has its canonical label yet.
    labelled: Vec<bool>,
    /// The blank nodes the current temporary issuer has labelled, in order.
    /// The issuers of the hashes under way are nested (each starts from a
    /// copy of its caller's), so each is a beginning of this list.
    issued: Vec<usize>,
    /// Whether each blank node is in `issued`.
    is_issued: Vec<bool>,
    /// Steps counted so far.
    steps: u64,
    /// Steps allowed.
    limit: u64,
}

/// The work limit was passed.
struct OverLimit;

impl<'s, 'a> WorkCount<'s, 'a> {
    /// A count over `shape`, allowed `limit` steps.
    fn new(shape: &'s Shape<'a>, limit: u64) -> Self {
        let nodes = shape.nodes.len();
        Self {
            shape,
            labelled: vec![false; nodes],
            issued: Vec::new(),
            is_issued: vec![false; nodes],
            steps: 0,
            limit,
        }
    }

    /// Walks RDFC-1.0's steps 4 and 5: blank nodes with a first-degree
    /// hash of their own are labelled; then, class by class in hash order,
    /// each blank node not labelled yet is N-degree hashed, and every blank
    /// node those hashes reached is labelled. Fails with the class at which
    /// the limit was passed.
    fn run(&mut self) -> Result<(), &'s [usize]> {
        let shape = self.shape;
        self.labelled.fill(true);
        for &node in shape.look_alikes.iter().flatten() {
            self.labelled[node] = false;
        }
        for class in &shape.look_alikes {
            let mut reached = Vec::new();
            for &node in class {
                if self.labelled[node] {
                    continue;
                }
                self.issue(node);
                self.n_degree(node, 1, 1)
                    .map_err(|OverLimit| class.as_slice())?;
                reached.extend_from_slice(&self.issued);
                self.forget_from(0);
            }
            for node in reached {
                self.labelled[node] = true;
            }
        }
        Ok(())
    }

    /// The blank nodes without a label yet that the N-degree hashes of
    /// `class` reach: those of the class, and the look-alikes linked to
    /// them.
    fn reach(&self, class: &[usize]) -> HashSet<usize> {
        let mut reached = HashSet::new();
        let mut next: Vec<usize> = class
            .iter()
            .copied()
            .filter(|&node| !self.labelled[node])
            .collect();
        while let Some(node) = next.pop() {
            if reached.insert(node) {
                next.extend(
                    self.shape.groups[node]
                        .iter()
                        .flatten()
                        .filter(|&&related| !self.labelled[related]),
                );
            }
        }
        reached
    }

    /// Gives `node` a temporary label, unless it has one.
    fn issue(&mut self, node: usize) {
        if !self.is_issued[node] {
            self.is_issued[node] = true;
            self.issued.push(node);
        }
    }

    /// Takes back the temporary labels from the `len`th issued on.
    fn forget_from(&mut self, len: usize) {
        for node in self.issued.drain(len..) {
            self.is_issued[node] = false;
        }
    }

    /// Whether `node` has no label, neither canonical nor temporary.
    fn is_open(&self, node: usize) -> bool {
        !self.labelled[node] && !self.is_issued[node]
    }

    /// Counts `steps`, `weight` times.
    fn spend(&mut self, weight: u64, steps: u64) -> Result<(), OverLimit> {
        self.steps = self.steps.saturating_add(weight.saturating_mul(steps));
        if self.steps > self.limit {
            Err(OverLimit)
        } else {
            Ok(())
        }
    }

    /// Counts RDFC-1.0's Hash N-Degree Quads of `node`, `weight` times,
    /// `depth` calls deep, with the issuer as it is (`node` labelled), and
    /// leaves the issuer as that hash leaves it. Which blank nodes it has
    /// labelled then does not depend on the permutations chosen: all that
    /// `node` reaches through blank nodes without a label.
    fn n_degree(&mut self, node: usize, weight: u64, depth: usize) -> Result<(), OverLimit> {
        if depth > DEPTH_LIMIT {
            return Err(OverLimit);
        }
        let shape = self.shape;
        let issued = self.issued.len() as u64;
        // A copy of the issuer, a hash for each related blank node, and
        // before it the first-degree hash of those without a label, which
        // `oxrdf` computes again.
        let rehashed = shape.related[node]
            .iter()
            .filter(|&&related| self.is_open(related))
            .fold(0, |steps: u64, &related| {
                steps.saturating_add(shape.quads_of(related).len() as u64)
            });
        let call = issued + shape.related[node].len() as u64 + 1;
        self.spend(weight, call.saturating_add(rehashed))?;
        // Related blank nodes with a label each make a group of their own,
        // hashed with that label: one permutation, no recursion.
        let mut open_groups = Vec::new();
        for group in &shape.groups[node] {
            let (open, labelled): (Vec<usize>, Vec<usize>) =
                group.iter().partition(|&&related| self.is_open(related));
            self.spend(weight, (labelled.len() as u64).saturating_mul(issued + 2))?;
            if !open.is_empty() {
                open_groups.push(open);
            }
        }
        for group in open_groups {
            // Each permutation: a copy of the issuer and a path of labels.
            let permutations = factorial(group.len());
            let per_permutation = (2 * group.len() + self.issued.len()) as u64;
            self.spend(weight, permutations.saturating_mul(per_permutation))?;
            // Recursion into those still without a label (earlier groups
            // may have reached some), each order of them standing for the
            // permutations that differ only in where the others are.
            let mut order: Vec<usize> = group
                .iter()
                .copied()
                .filter(|&related| !self.is_issued[related])
                .collect();
            if order.is_empty() {
                continue;
            }
            let weight = weight.saturating_mul(permutations / factorial(order.len()));
            for &related in &order {
                self.issue(related);
            }
            let with_group = self.issued.len();
            loop {
                self.forget_from(with_group);
                for &related in &order {
                    self.n_degree(related, weight, depth + 1)?;
                }
                if !next_permutation(&mut order) {
                    break;
                }
            }
        }
        Ok(())
    }
}

/// `n!`, or `u64::MAX` if larger.
fn factorial(n: usize) -> u64 {
    (2..=n as u64).fold(1, u64::saturating_mul)
}

/// Rearranges `items` into the next permutation in lexicographic order;
/// false, leaving them as they are, after the last one.
fn next_permutation(items: &mut [usize]) -> bool {
    let Some(pivot) = items.windows(2).rposition(|pair| pair[0] < pair[1]) else {
        return false;
    };
    let Some(successor) = items.iter().rposition(|&item| item > items[pivot]) else {
        return false;
    };
    items.swap(pivot, successor);
    items[pivot + 1..].reverse();
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfParser};

    /// The hostile fixture: four cliques of ten blank nodes.
    const HOSTILE: &str = include_str!("../../../tests/fixtures/hostile-blank-cliques.ttl");

    /// Where the hostile fixture is, to write it again.
    const HOSTILE_PATH: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/hostile-blank-cliques.ttl"
    );

    /// The hostile fixture's generator: Turtle with `cliques` cliques of
    /// `size` blank nodes, each node linked to the others by one property.
    fn cliques_turtle(cliques: usize, size: usize) -> String {
        let mut turtle = format!(
            "# Hostile input for canonical N-Quads (crates/snapshot/src/canonical.rs):\n\
             # {cliques} cliques of {size} blank nodes, each node linked to the other {}\n\
             # by <http://example.org/knows>: {} triples. RDFC-1.0 cannot tell the\n\
             # nodes of a clique apart and would try every permutation of them.\n\
             # Written by `cliques_turtle` in that file's tests: change it there and\n\
             # run them with ACTORGRAPH_WRITE_FIXTURES=1.\n\
             @prefix ex: <http://example.org/> .\n",
            size - 1,
            cliques * size * (size - 1),
        );
        for clique in 0..cliques {
            turtle.push('\n');
            for node in 0..size {
                let others: Vec<String> = (0..size)
                    .filter(|&other| other != node)
                    .map(|other| format!("_:c{clique}n{other}"))
                    .collect();
                turtle.push_str(&format!(
                    "_:c{clique}n{node} ex:knows {} .\n",
                    others.join(", ")
                ));
            }
        }
        turtle
    }

    /// The quads of a TriG (or Turtle) document, each blank node with a
    /// fresh random label if `rename`.
    fn parse(trig: &str, rename: bool) -> Vec<Quad> {
        let parser = RdfParser::from_format(RdfFormat::TriG);
        let parser = if rename {
            parser.rename_blank_nodes()
        } else {
            parser
        };
        parser
            .for_slice(trig)
            .collect::<Result<_, _>>()
            .expect("valid TriG")
    }

    /// `canonical_lines` of `quads`, as lines.
    fn canonical(quads: &[Quad]) -> Result<Vec<String>, CanonicalError> {
        let canonical = canonical_lines(quads.iter().cloned().map(Ok), &mut |_| {})?;
        Ok(canonical
            .lines
            .map(|line| line.expect("sorted line"))
            .collect())
    }

    /// `canonical_lines`'s refusal of `quads`.
    #[track_caller]
    fn refusal(quads: &[Quad]) -> TooSymmetric {
        match canonical(quads) {
            Err(CanonicalError::TooSymmetric(refusal)) => refusal,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    /// The canonical N-Quads lines `oxrdf`'s RDFC-1.0 gives `quads`.
    fn rdfc10(quads: &[Quad]) -> Vec<String> {
        let mut dataset: Dataset = quads.iter().collect();
        dataset.canonicalize(CanonicalizationAlgorithm::Rdfc10 {
            hash_algorithm: CanonicalizationHashAlgorithm::Sha256,
        });
        let mut lines: Vec<String> = dataset.iter().map(line).collect();
        lines.sort_unstable();
        lines
    }

    /// Two copies of one list of `items` distinct literals, under one
    /// subject and predicate: a chain of pairs of look-alike blank nodes.
    fn twin_lists(items: usize) -> String {
        let list: Vec<String> = (0..items).map(|item| format!("\"{item}\"")).collect();
        let list = list.join(" ");
        format!("<http://example.org/s> <http://example.org/p> ( {list} ), ( {list} ) .")
    }

    #[test]
    fn the_hostile_fixture_is_what_its_generator_writes() {
        let generated = cliques_turtle(4, 10);
        if std::env::var_os("ACTORGRAPH_WRITE_FIXTURES").is_some() {
            std::fs::write(HOSTILE_PATH, &generated).expect("fixture written");
        } else {
            assert!(
                HOSTILE == generated,
                "{HOSTILE_PATH} differs from cliques_turtle(4, 10): run with ACTORGRAPH_WRITE_FIXTURES=1"
            );
        }
    }

    #[test]
    fn hostile_cliques_are_refused_before_canonicalization() {
        let quads = parse(HOSTILE, false);
        assert_eq!(quads.len(), 360);
        let refusal = refusal(&quads);
        assert_eq!(
            refusal,
            TooSymmetric {
                blank_nodes: 40,
                graphs: vec![GraphName::DefaultGraph],
                work_limit: 10_004_000,
                depth_limit: DEPTH_LIMIT,
            }
        );
        assert_eq!(
            refusal.to_string(),
            "40 blank nodes in the default graph are too alike to be given canonical labels: \
             RDFC-1.0 would take more than 10004000 steps, or recurse deeper than 512 blank \
             nodes, to tell them apart. Give those blank nodes IRIs in their source, or leave \
             that source out"
        );
    }

    #[test]
    fn the_refusal_names_the_graphs() {
        // One clique stated in five graphs (blank node labels span a TriG
        // document), beside a blank node that is not involved.
        let clique = cliques_turtle(1, 10)
            .replace("@prefix ex: <http://example.org/> .", "")
            .replace("ex:knows", "<http://example.org/knows>");
        let mut trig = String::from("_:g { _:alone <http://example.org/p> \"alone\" . }\n");
        for graph in 1..=5 {
            trig.push_str(&format!("<http://example.org/g{graph}> {{\n{clique}}}\n"));
        }
        let refusal = refusal(&parse(&trig, false));
        assert_eq!(refusal.blank_nodes, 10);
        assert_eq!(refusal.graphs.len(), 5);
        assert_eq!(
            refusal.to_string().split(" are too alike").next(),
            Some(
                "10 blank nodes in graph <http://example.org/g1>, graph <http://example.org/g2>, \
                 graph <http://example.org/g3> and 2 other graphs"
            )
        );
    }

    #[test]
    fn ordinary_blank_nodes_get_the_rdfc10_labels() {
        let documents = [
            // Blank nodes that hang off named resources or carry literals.
            "@prefix ex: <http://example.org/> .
             ex:event ex:participation [ ex:participant ex:alice ; ex:role \"speaker\" ],
                 [ ex:participant ex:bob ; ex:role \"chair\" ] ;
               ex:tags ( \"a\" \"b\" [ ex:label \"c\" ] ) .",
            // Look-alikes: unlinked twins, linked pairs, a blank graph name.
            "@prefix ex: <http://example.org/> .
             _:a ex:p ex:o . _:b ex:p ex:o .
             _:c ex:q _:d . _:d ex:q _:c . _:e ex:q _:f . _:f ex:q _:e .
             _:g { _:x ex:p _:y . _:y ex:p _:x . }
             ex:g { ex:s ex:p [ ex:q [ ex:q [] ] ] , [ ex:q [ ex:q [] ] ] . }",
            // A cycle of twenty look-alikes, and a list of one repeated value.
            &(0..20)
                .map(|i| format!("_:n{i} <http://example.org/next> _:n{} .\n", (i + 1) % 20))
                .collect::<String>(),
            "<http://example.org/s> <http://example.org/p> ( 0 0 0 0 0 0 0 0 0 0 0 0 ) .",
            // Twin lists, and small cliques: symmetric, yet within the limit.
            &twin_lists(100),
            &cliques_turtle(4, 5),
        ];
        for document in documents {
            let quads = parse(document, false);
            assert_eq!(
                canonical(&quads).expect("within the limit"),
                rdfc10(&quads),
                "{document}"
            );
        }
    }

    #[test]
    fn the_same_content_gives_the_same_answer_whatever_the_order() {
        for (document, refused) in [(cliques_turtle(4, 10), true), (cliques_turtle(4, 5), false)] {
            let quads = parse(&document, false);
            let mut reversed = parse(&document, true);
            reversed.reverse();
            let mut rotated = parse(&document, true);
            rotated.rotate_left(quads.len() / 3);
            if refused {
                let expected = refusal(&quads);
                for other in [reversed, rotated] {
                    assert_eq!(refusal(&other), expected);
                }
            } else {
                let expected = canonical(&quads).expect("within the limit");
                for other in [reversed, rotated] {
                    assert_eq!(canonical(&other).expect("within the limit"), expected);
                }
            }
        }
    }

    #[test]
    fn chains_of_look_alikes_deeper_than_the_limit_are_refused() {
        // N-degree hashing recurses along the lists from the item where it
        // starts, over half of them at least: past the depth limit, and
        // well within the work limit.
        let items = 2 * DEPTH_LIMIT + 2;
        let quads = parse(&twin_lists(items), false);
        let dataset: Dataset = quads.iter().collect();
        let shape = Shape::of(&dataset);
        let mut count = WorkCount::new(&shape, WORK_ALLOWANCE);
        assert!(count.run().is_err());
        assert!(count.steps < WORK_ALLOWANCE);
        assert_eq!(refusal(&quads).blank_nodes, 2 * items);
    }
}
