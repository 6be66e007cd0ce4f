//! `VoidCounter`: the VoID statistics of a dataset (triples, distinct
//! subjects and objects, class and property partitions), per graph and in
//! total, counted in one pass over its sorted canonical N-Quads lines.
//! Distinct objects go through a bounded-memory sort; everything else needs
//! only the previous line, since lines arrive sorted by subject.

use std::collections::BTreeMap;

use actorgraph_model::vocab::rdf;

use crate::error::SnapshotError;
use crate::export::split_graph;
use crate::sorted::LineSorter;

/// Counts of one graph, or of the whole dataset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Triples (in the total: distinct triples across graphs).
    pub triples: u64,
    /// Distinct subjects.
    pub subjects: u64,
    /// Distinct objects.
    pub objects: u64,
    /// Class term (N-Triples form) to its number of instances.
    pub classes: BTreeMap<String, u64>,
    /// Property term (N-Triples form) to its number of triples.
    pub properties: BTreeMap<String, u64>,
    last_subject: String,
}

impl Counts {
    fn count(&mut self, subject: &str, predicate: &str, object: &str, rdf_type: &str) {
        self.triples += 1;
        if subject != self.last_subject {
            self.subjects += 1;
            subject.clone_into(&mut self.last_subject);
        }
        *self.properties.entry(predicate.to_owned()).or_default() += 1;
        if predicate == rdf_type {
            *self.classes.entry(object.to_owned()).or_default() += 1;
        }
    }
}

/// Counts VoID statistics from sorted canonical N-Quads lines.
pub(crate) struct VoidCounter {
    total: Counts,
    graphs: BTreeMap<String, Counts>,
    last_triple: String,
    objects: LineSorter,
    rdf_type: String,
}

/// The key distinct objects of the whole dataset are sorted under (graph
/// terms start with `<` or `_`, so it never names a graph).
const TOTAL: &str = "*";

impl VoidCounter {
    pub(crate) fn new() -> Self {
        Self {
            total: Counts::default(),
            graphs: BTreeMap::new(),
            last_triple: String::new(),
            objects: LineSorter::new(),
            rdf_type: rdf::TYPE.to_string(),
        }
    }

    /// Counts one line; lines must come in sorted order.
    pub(crate) fn add(&mut self, line: &str) -> Result<(), SnapshotError> {
        let (triple, graph) =
            split_graph(line).unwrap_or_else(|| (line.strip_suffix(" .").unwrap_or(line), ""));
        let mut parts = triple.splitn(3, ' ');
        let (Some(subject), Some(predicate), Some(object)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Ok(());
        };
        self.graphs.entry(graph.to_owned()).or_default().count(
            subject,
            predicate,
            object,
            &self.rdf_type,
        );
        if triple != self.last_triple {
            self.total.count(subject, predicate, object, &self.rdf_type);
            triple.clone_into(&mut self.last_triple);
        }
        for key in [graph, TOTAL] {
            self.objects
                .push(format!("{key} {object}"))
                .map_err(SnapshotError::Temporary)?;
        }
        Ok(())
    }

    /// The counts in total and per graph (keyed by the graph's term).
    pub(crate) fn finish(mut self) -> Result<(Counts, BTreeMap<String, Counts>), SnapshotError> {
        for line in self.objects.finish().map_err(SnapshotError::Temporary)? {
            let line = line.map_err(SnapshotError::Temporary)?;
            let key = line.split_once(' ').map_or(line.as_str(), |(key, _)| key);
            if key == TOTAL {
                self.total.objects += 1;
            } else if let Some(counts) = self.graphs.get_mut(key) {
                counts.objects += 1;
            }
        }
        Ok((self.total, self.graphs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_graph_and_distinct_in_total() {
        let t = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
        let mut lines = vec![
            format!("<a> {t} <C> <g1> ."),
            format!("<a> {t} <C> <g2> ."),
            "<a> <p> \"x y\" <g1> .".to_owned(),
            "<b> <p> \"x y\" <g2> .".to_owned(),
        ];
        lines.sort();
        let mut counter = VoidCounter::new();
        for line in &lines {
            counter.add(line).unwrap();
        }
        let (total, graphs) = counter.finish().unwrap();
        assert_eq!((total.triples, total.subjects, total.objects), (3, 2, 2));
        assert_eq!(total.classes.get("<C>"), Some(&1));
        assert_eq!(total.properties.get("<p>"), Some(&2));
        let g2 = &graphs["<g2>"];
        assert_eq!((g2.triples, g2.subjects, g2.objects), (2, 2, 2));
    }
}
