//! Helpers that write an entity as triples and read it back from a graph,
//! so that each entity's mapping is a short list of property lines.

use crate::error::ModelError;
use crate::term::{Iri, Text, When};
use crate::vocab::{rdf, xsd};
use oxrdf::{Graph, Literal, NamedNodeRef, TermRef, Triple};

/// Collects the triples describing one subject.
pub(crate) struct Writer {
    subject: Iri,
    triples: Vec<Triple>,
}

impl Writer {
    /// Starts the description of `subject`, typed with `classes`.
    pub(crate) fn new(subject: &Iri, classes: &[NamedNodeRef<'_>]) -> Self {
        let mut writer = Self {
            subject: subject.clone(),
            triples: Vec::new(),
        };
        for class in classes {
            writer.push(rdf::TYPE, class.into_owned());
        }
        writer
    }

    fn push(&mut self, predicate: NamedNodeRef<'_>, object: impl Into<oxrdf::Term>) {
        self.triples.push(Triple::new(
            self.subject.as_ref().into_owned(),
            predicate.into_owned(),
            object,
        ));
    }

    pub(crate) fn iri(&mut self, predicate: NamedNodeRef<'_>, object: &Iri) -> &mut Self {
        self.push(predicate, object.as_ref().into_owned());
        self
    }

    pub(crate) fn iris<'a>(
        &mut self,
        predicate: NamedNodeRef<'_>,
        objects: impl IntoIterator<Item = &'a Iri>,
    ) -> &mut Self {
        for object in objects {
            self.iri(predicate, object);
        }
        self
    }

    pub(crate) fn text(
        &mut self,
        predicate: NamedNodeRef<'_>,
        text: &Text,
    ) -> Result<&mut Self, ModelError> {
        let literal = text.to_literal()?;
        self.push(predicate, literal);
        Ok(self)
    }

    pub(crate) fn texts<'a>(
        &mut self,
        predicate: NamedNodeRef<'_>,
        texts: impl IntoIterator<Item = &'a Text>,
    ) -> Result<&mut Self, ModelError> {
        for text in texts {
            self.text(predicate, text)?;
        }
        Ok(self)
    }

    pub(crate) fn when(&mut self, predicate: NamedNodeRef<'_>, when: When) -> &mut Self {
        self.push(predicate, when.to_literal());
        self
    }

    pub(crate) fn literal(&mut self, predicate: NamedNodeRef<'_>, literal: Literal) -> &mut Self {
        self.push(predicate, literal);
        self
    }

    pub(crate) fn finish(self) -> Vec<Triple> {
        self.triples
    }
}

/// Reads the properties of one subject out of a graph, with errors that
/// name the subject, the property and the rule.
pub(crate) struct Reader<'a> {
    graph: &'a Graph,
    subject: NamedNodeRef<'a>,
    class: &'static str,
}

impl<'a> Reader<'a> {
    /// Reads `subject`, which must be typed with `class`.
    pub(crate) fn new(
        graph: &'a Graph,
        subject: NamedNodeRef<'a>,
        class: NamedNodeRef<'static>,
    ) -> Result<Self, ModelError> {
        let reader = Self {
            graph,
            subject,
            class: class.as_str(),
        };
        if !reader.has_type(class) {
            return Err(ModelError::NotOfClass {
                entity: subject.as_str().to_owned(),
                class: reader.class,
            });
        }
        Ok(reader)
    }

    pub(crate) fn id(&self) -> Iri {
        self.subject.into()
    }

    pub(crate) fn has_type(&self, class: NamedNodeRef<'_>) -> bool {
        self.graph
            .contains(oxrdf::TripleRef::new(self.subject, rdf::TYPE, class))
    }

    /// The types of the subject other than the ones the entity implies.
    pub(crate) fn other_types(&self, implied: &[NamedNodeRef<'_>]) -> Vec<Iri> {
        let mut types: Vec<Iri> = self
            .objects(rdf::TYPE)
            .filter_map(|o| match o {
                TermRef::NamedNode(n) if !implied.contains(&n) => Some(n.into()),
                _ => None,
            })
            .collect();
        types.sort();
        types
    }

    fn objects(&self, predicate: NamedNodeRef<'a>) -> impl Iterator<Item = TermRef<'a>> + 'a {
        self.graph
            .objects_for_subject_predicate(self.subject, predicate)
    }

    fn invalid(
        &self,
        predicate: NamedNodeRef<'_>,
        value: TermRef<'_>,
        expected: &'static str,
    ) -> ModelError {
        ModelError::InvalidValue {
            entity: self.subject.as_str().to_owned(),
            property: predicate.as_str().to_owned(),
            value: value.to_string(),
            expected,
        }
    }

    fn at_most_one<T>(
        &self,
        predicate: NamedNodeRef<'_>,
        mut values: Vec<T>,
    ) -> Result<Option<T>, ModelError> {
        if values.len() > 1 {
            return Err(ModelError::TooMany {
                entity: self.subject.as_str().to_owned(),
                property: predicate.as_str().to_owned(),
                count: values.len(),
                class: self.class,
            });
        }
        Ok(values.pop())
    }

    fn required<T>(&self, predicate: NamedNodeRef<'_>, value: Option<T>) -> Result<T, ModelError> {
        value.ok_or_else(|| ModelError::Missing {
            entity: self.subject.as_str().to_owned(),
            property: predicate.as_str().to_owned(),
            class: self.class,
        })
    }

    pub(crate) fn iris(&self, predicate: NamedNodeRef<'a>) -> Result<Vec<Iri>, ModelError> {
        let mut iris = self
            .objects(predicate)
            .map(|o| match o {
                TermRef::NamedNode(n) => Ok(n.into()),
                other => Err(self.invalid(predicate, other, "an IRI")),
            })
            .collect::<Result<Vec<Iri>, _>>()?;
        iris.sort();
        Ok(iris)
    }

    pub(crate) fn opt_iri(&self, predicate: NamedNodeRef<'a>) -> Result<Option<Iri>, ModelError> {
        let iris = self.iris(predicate)?;
        self.at_most_one(predicate, iris)
    }

    pub(crate) fn iri(&self, predicate: NamedNodeRef<'a>) -> Result<Iri, ModelError> {
        let iri = self.opt_iri(predicate)?;
        self.required(predicate, iri)
    }

    pub(crate) fn texts(&self, predicate: NamedNodeRef<'a>) -> Result<Vec<Text>, ModelError> {
        let mut texts = self
            .objects(predicate)
            .map(|o| match o {
                TermRef::Literal(l) => Text::from_literal(l).ok_or_else(|| {
                    self.invalid(predicate, o, "a string or language-tagged string")
                }),
                other => Err(self.invalid(predicate, other, "a string literal")),
            })
            .collect::<Result<Vec<_>, _>>()?;
        texts.sort_by(|a, b| (&a.lang, &a.value).cmp(&(&b.lang, &b.value)));
        Ok(texts)
    }

    pub(crate) fn opt_text(&self, predicate: NamedNodeRef<'a>) -> Result<Option<Text>, ModelError> {
        let texts = self.texts(predicate)?;
        let text = self.at_most_one(predicate, texts)?;
        if text.as_ref().is_some_and(|t| t.value.trim().is_empty()) {
            return Err(ModelError::Empty {
                entity: self.subject.as_str().to_owned(),
                property: predicate.as_str().to_owned(),
            });
        }
        Ok(text)
    }

    pub(crate) fn text(&self, predicate: NamedNodeRef<'a>) -> Result<Text, ModelError> {
        let text = self.opt_text(predicate)?;
        self.required(predicate, text)
    }

    pub(crate) fn opt_when(&self, predicate: NamedNodeRef<'a>) -> Result<Option<When>, ModelError> {
        let values = self
            .objects(predicate)
            .map(|o| match o {
                TermRef::Literal(l) => When::from_literal(l)
                    .ok_or_else(|| self.invalid(predicate, o, "a valid xsd:date or xsd:dateTime")),
                other => Err(self.invalid(predicate, other, "a date literal")),
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.at_most_one(predicate, values)
    }

    pub(crate) fn when(&self, predicate: NamedNodeRef<'a>) -> Result<When, ModelError> {
        let when = self.opt_when(predicate)?;
        self.required(predicate, when)
    }

    pub(crate) fn opt_count(&self, predicate: NamedNodeRef<'a>) -> Result<Option<u64>, ModelError> {
        let values = self
            .objects(predicate)
            .map(|o| match o {
                TermRef::Literal(l) if is_integer_type(l.datatype()) => l
                    .value()
                    .trim_start_matches('+')
                    .parse::<u64>()
                    .map_err(|_| self.invalid(predicate, o, "a non-negative integer")),
                other => Err(self.invalid(predicate, other, "an xsd:integer")),
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.at_most_one(predicate, values)
    }

    pub(crate) fn flag(&self, predicate: NamedNodeRef<'a>) -> Result<bool, ModelError> {
        let values = self
            .objects(predicate)
            .map(|o| match o {
                TermRef::Literal(l) if l.datatype() == xsd::BOOLEAN => match l.value() {
                    "true" | "1" => Ok(true),
                    "false" | "0" => Ok(false),
                    _ => Err(self.invalid(predicate, o, "an xsd:boolean")),
                },
                other => Err(self.invalid(predicate, other, "an xsd:boolean")),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(self.at_most_one(predicate, values)?.unwrap_or(false))
    }
}

fn is_integer_type(datatype: NamedNodeRef<'_>) -> bool {
    [
        xsd::INTEGER,
        xsd::NON_NEGATIVE_INTEGER,
        xsd::POSITIVE_INTEGER,
        xsd::INT,
        xsd::LONG,
        xsd::UNSIGNED_INT,
        xsd::UNSIGNED_LONG,
    ]
    .contains(&datatype)
}
