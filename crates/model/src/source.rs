//! The documents facts come from (`schema:NewsArticle`).

use crate::describe::{Reader, Writer};
use crate::entity::{Entity, check_not_blank};
use crate::error::ModelError;
use crate::term::{Iri, Text, When};
use crate::vocab::schema;
use oxrdf::{Graph, NamedNodeRef, Triple};
use serde::{Deserialize, Serialize};

/// A source document, such as a press release, that facts are derived from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// The document's IRI.
    pub id: Iri,
    /// `schema:headline`, required.
    pub headline: Text,
    /// `schema:datePublished`, required.
    pub published: When,
    /// `schema:publisher`: the organization that published it.
    #[serde(default)]
    pub publisher: Option<Iri>,
    /// `schema:about`: topics of the document.
    #[serde(default)]
    pub about: Vec<Iri>,
}

impl Entity for Source {
    const CLASS: NamedNodeRef<'static> = schema::NEWS_ARTICLE;

    fn id(&self) -> &Iri {
        &self.id
    }

    fn to_triples(&self) -> Result<Vec<Triple>, ModelError> {
        check_not_blank(&self.id, schema::HEADLINE, &self.headline)?;
        let mut w = Writer::new(&self.id, &[Self::CLASS]);
        w.text(schema::HEADLINE, &self.headline)?
            .when(schema::DATE_PUBLISHED, self.published)
            .iris(schema::PUBLISHER, &self.publisher)
            .iris(schema::ABOUT, &self.about);
        Ok(w.finish())
    }

    fn from_graph(graph: &Graph, id: NamedNodeRef<'_>) -> Result<Self, ModelError> {
        let r = Reader::new(graph, id, Self::CLASS)?;
        Ok(Self {
            id: r.id(),
            headline: r.text(schema::HEADLINE)?,
            published: r.when(schema::DATE_PUBLISHED)?,
            publisher: r.opt_iri(schema::PUBLISHER)?,
            about: r.iris(schema::ABOUT)?,
        })
    }
}
