//! `ModelError`: why a value or an entity breaks the model's rules.

use thiserror::Error;

/// A value or an entity that breaks the rules of the actor/event model.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ModelError {
    /// A string that should be an absolute IRI is not one.
    #[error("'{value}' is not a valid absolute IRI: {reason}")]
    InvalidIri {
        /// The rejected text.
        value: String,
        /// Why it was rejected.
        reason: String,
    },
    /// A literal does not have the datatype or lexical form the property needs.
    #[error("<{entity}> {property}: '{value}' is not {expected}")]
    InvalidValue {
        /// The entity holding the value.
        entity: String,
        /// The property (IRI) of the value.
        property: String,
        /// The rejected value, as written.
        value: String,
        /// What the property expects, in words.
        expected: &'static str,
    },
    /// A property that the model requires is missing.
    #[error("<{entity}> has no {property}, which a {class} requires")]
    Missing {
        /// The entity lacking the property.
        entity: String,
        /// The property (IRI) that is missing.
        property: String,
        /// The class whose rule requires it.
        class: &'static str,
    },
    /// A property that the model allows only once is given several times.
    #[error("<{entity}> has {count} values for {property}, which a {class} allows once")]
    TooMany {
        /// The entity holding the values.
        entity: String,
        /// The property (IRI) repeated.
        property: String,
        /// How many values it has.
        count: usize,
        /// The class whose rule allows only one.
        class: &'static str,
    },
    /// The entity is not typed with the class it is read as.
    #[error("<{entity}> is not typed as a {class}")]
    NotOfClass {
        /// The entity read.
        entity: String,
        /// The class expected.
        class: &'static str,
    },
    /// A name or text is empty.
    #[error("<{entity}> has an empty {property}")]
    Empty {
        /// The entity holding the value.
        entity: String,
        /// The property (IRI) whose value is empty.
        property: String,
    },
    /// An end date falls before its start date.
    #[error("<{entity}> ends ({end}) before it starts ({start})")]
    EndBeforeStart {
        /// The entity whose dates are inverted.
        entity: String,
        /// The start date as written.
        start: String,
        /// The end date as written.
        end: String,
    },
}
