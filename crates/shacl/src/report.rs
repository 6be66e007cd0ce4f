//! The validation report: one result per problem found, as SHACL defines
//! them, and the report as RDF (a `sh:ValidationReport`).

use oxigraph::model::{BlankNode, Literal, NamedNode, Term, Triple};

use actorgraph_model::vocab::{rdf, sh, xsd};

use crate::path::Path;

/// One problem: a focus node that does not meet a constraint of a shape.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationResult {
    /// The node the problem is about.
    pub focus_node: Term,
    /// The path from the focus node to the offending value, if any.
    pub path: Option<Path>,
    /// The offending value, when there is one.
    pub value: Option<Term>,
    /// The shape that was not met.
    pub source_shape: Term,
    /// The constraint component that was not met (`sh:MinCountConstraintComponent`…).
    pub component: NamedNode,
    /// `sh:Violation`, `sh:Warning`, `sh:Info` (or a severity of the shapes' own).
    pub severity: NamedNode,
    /// What is wrong, for people: the shape's `sh:message`, or a generated one.
    pub messages: Vec<Literal>,
}

impl ValidationResult {
    /// The message to show: English or untagged first.
    pub fn message(&self) -> &str {
        self.messages
            .iter()
            .find(|m| matches!(m.language(), None | Some("en")))
            .or(self.messages.first())
            .map(Literal::value)
            .unwrap_or_default()
    }

    /// The severity's local name (`Violation`, `Warning`, `Info`…).
    pub fn severity_name(&self) -> &str {
        let iri = self.severity.as_str();
        iri.rsplit(['#', '/']).next().unwrap_or(iri)
    }

    /// The component's short name (`MinCount`, `Datatype`…).
    pub fn component_name(&self) -> &str {
        let iri = self.component.as_str();
        let local = iri.rsplit(['#', '/']).next().unwrap_or(iri);
        local.strip_suffix("ConstraintComponent").unwrap_or(local)
    }
}

/// The outcome of validating data against shapes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValidationReport {
    /// Every problem found, in the order found.
    pub results: Vec<ValidationResult>,
    /// How many distinct focus nodes the shapes targeted.
    pub focus_nodes: usize,
}

impl ValidationReport {
    /// Whether the data conforms: SHACL says so when there is no result at
    /// all, whatever its severity.
    pub fn conforms(&self) -> bool {
        self.results.is_empty()
    }

    /// Whether any result is a violation: warnings and infos point at data
    /// worth a look that is still valid, so only violations refuse data.
    pub fn has_violations(&self) -> bool {
        self.count("Violation") > 0
    }

    /// How many results have the severity named `name` (`Violation`…).
    pub fn count(&self, name: &str) -> usize {
        self.results
            .iter()
            .filter(|r| r.severity_name() == name)
            .count()
    }

    /// The report as a W3C `sh:ValidationReport` graph.
    pub fn to_triples(&self) -> Vec<Triple> {
        let mut triples = Vec::new();
        let report = BlankNode::default();
        triples.push(Triple::new(
            report.clone(),
            rdf::TYPE.into_owned(),
            sh::VALIDATION_REPORT.into_owned(),
        ));
        triples.push(Triple::new(
            report.clone(),
            sh::CONFORMS.into_owned(),
            Literal::new_typed_literal(self.conforms().to_string(), xsd::BOOLEAN),
        ));
        for result in &self.results {
            let node = BlankNode::default();
            triples.push(Triple::new(
                report.clone(),
                sh::RESULT.into_owned(),
                node.clone(),
            ));
            let mut add = |predicate: oxigraph::model::NamedNodeRef<'_>, object: Term| {
                triples.push(Triple::new(node.clone(), predicate.into_owned(), object));
            };
            add(rdf::TYPE, sh::VALIDATION_RESULT.into_owned().into());
            add(sh::FOCUS_NODE, result.focus_node.clone());
            add(sh::RESULT_SEVERITY, result.severity.clone().into());
            add(
                sh::SOURCE_CONSTRAINT_COMPONENT,
                result.component.clone().into(),
            );
            add(sh::SOURCE_SHAPE, result.source_shape.clone());
            if let Some(value) = &result.value {
                add(sh::VALUE, value.clone());
            }
            for message in &result.messages {
                add(sh::RESULT_MESSAGE, message.clone().into());
            }
            if let Some(path) = &result.path {
                let mut path_triples = Vec::new();
                let head = path.to_rdf(&mut path_triples);
                triples.push(Triple::new(
                    node.clone(),
                    sh::RESULT_PATH.into_owned(),
                    head,
                ));
                triples.extend(path_triples);
            }
        }
        triples
    }
}
