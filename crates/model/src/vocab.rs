//! The vocabulary: every IRI the model uses, written once as a constant.
//!
//! One module per namespace. `rdf`, `rdfs` and `xsd` are Oxigraph's own.

pub use oxrdf::vocab::{rdf, rdfs, xsd};

/// actorgraph's own terms, declared in `data/ontology.ttl`.
pub mod ag {
    use oxrdf::NamedNodeRef;

    /// The namespace IRI.
    pub const NS: &str = "https://w3id.org/actorgraph/ns#";
    /// `ag:Participation`: The taking part of an actor, or a category of actors, in an event.
    pub const PARTICIPATION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#Participation");
    /// `ag:ActorCategory`: A category of actors named without listing them (judges, civil society).
    pub const ACTOR_CATEGORY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#ActorCategory");
    /// `ag:Seminar`: A training or discussion event with an audience (a `schema:EducationEvent`).
    pub const SEMINAR: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#Seminar");
    /// `ag:Presentation`: The public presentation of a document such as a report.
    pub const PRESENTATION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#Presentation");
    /// `ag:Source`: A file loaded into the store; its metadata lives in the metadata graph.
    pub const SOURCE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#Source");
    /// `ag:event`: The event a participation or quotation belongs to.
    pub const EVENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#event");
    /// `ag:participant`: An actor or actor category taking part in a participation.
    pub const PARTICIPANT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#participant");
    /// `ag:role`: The role (a `skos:Concept`: attendee, speaker…) of a participation.
    pub const ROLE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#role");
    /// `ag:headcount`: How many people a participation counted (`xsd:integer`).
    pub const HEADCOUNT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#headcount");
    /// `ag:headcountApproximate`: Deprecated: true reads as `ag:headcountQualifier ag:About`.
    pub const HEADCOUNT_APPROXIMATE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#headcountApproximate");
    /// `ag:followUpOf`: The earlier event this event follows up on.
    pub const FOLLOW_UP_OF: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#followUpOf");
    /// `ag:speakerMembership`: The role the speaker held when a quotation was said.
    pub const SPEAKER_MEMBERSHIP: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#speakerMembership");
    /// `ag:sha256`: The SHA-256 of a source file, as lowercase hex.
    pub const SHA256: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#sha256");
    /// `ag:path`: The path a source was loaded from.
    pub const PATH: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#path");
    /// `ag:loadedAt`: When a source was loaded.
    pub const LOADED_AT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#loadedAt");
    /// `ag:loadedBy`: The actorgraph version that loaded a source.
    pub const LOADED_BY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#loadedBy");
    /// `ag:prefix`: A prefix a source declared, written `NAME=IRI`.
    pub const PREFIX: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#prefix");
    /// `ag:graph`: A named graph whose content came from a source.
    pub const GRAPH: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#graph");
    /// `ag:ReportedStatement`: What a speaker said in the source's own words, not verbatim.
    pub const REPORTED_STATEMENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#ReportedStatement");
    /// `ag:HeadcountQualifier`: How a source states a headcount (exactly, about, more than…).
    pub const HEADCOUNT_QUALIFIER_CLASS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#HeadcountQualifier");
    /// `ag:RoundTable`: A round table (an event).
    pub const ROUND_TABLE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#RoundTable");
    /// `ag:Workshop`: A workshop (a `schema:EducationEvent`).
    pub const WORKSHOP: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#Workshop");
    /// `ag:TrainingCourse`: A training course (a `schema:EducationEvent`).
    pub const TRAINING_COURSE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#TrainingCourse");
    /// `ag:Conference`: A conference (an event).
    pub const CONFERENCE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#Conference");
    /// `ag:Meeting`: A meeting (an event).
    pub const MEETING: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#Meeting");
    /// `ag:Ceremony`: A ceremony (an event).
    pub const CEREMONY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#Ceremony");
    /// `ag:Visit`: A visit, such as a study visit (an event).
    pub const VISIT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#Visit");
    /// `ag:MonitoringMission`: A monitoring mission (an event).
    pub const MONITORING_MISSION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#MonitoringMission");
    /// `ag:Exactly`: The headcount is exact (the default).
    pub const EXACTLY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#Exactly");
    /// `ag:About`: The headcount is a round figure ("some 150").
    pub const ABOUT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#About");
    /// `ag:MoreThan`: More took part than the headcount ("more than thirty").
    pub const MORE_THAN: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#MoreThan");
    /// `ag:Nearly`: Somewhat fewer took part than the headcount ("nearly 100").
    pub const NEARLY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#Nearly");
    /// `ag:UpTo`: At most the headcount took part ("up to 40").
    pub const UP_TO: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#UpTo");
    /// `ag:headcountQualifier`: How the source states a participation's headcount.
    pub const HEADCOUNT_QUALIFIER: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#headcountQualifier");
    /// `ag:subgroupOf`: The participation this one is a subgroup of.
    pub const SUBGROUP_OF: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#subgroupOf");
    /// `ag:organizationCount`: How many organizations the participants came from.
    pub const ORGANIZATION_COUNT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#organizationCount");
    /// `ag:origin`: Where the participants came from (a place).
    pub const ORIGIN: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#origin");
    /// `ag:normalizedFrom`: A namespace a source wrote terms in that were read as actorgraph's own.
    pub const NORMALIZED_FROM: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#normalizedFrom");
    /// `ag:normalizedTerms`: How many of a source's terms were read in actorgraph's namespace.
    pub const NORMALIZED_TERMS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/ns#normalizedTerms");

    /// Every term above, for checks that the ontology declares them all.
    pub const ALL: [NamedNodeRef<'static>; 39] = [
        PREFIX,
        PARTICIPATION,
        ACTOR_CATEGORY,
        SEMINAR,
        PRESENTATION,
        SOURCE,
        EVENT,
        PARTICIPANT,
        ROLE,
        HEADCOUNT,
        HEADCOUNT_APPROXIMATE,
        FOLLOW_UP_OF,
        SPEAKER_MEMBERSHIP,
        SHA256,
        PATH,
        LOADED_AT,
        LOADED_BY,
        GRAPH,
        REPORTED_STATEMENT,
        HEADCOUNT_QUALIFIER_CLASS,
        ROUND_TABLE,
        WORKSHOP,
        TRAINING_COURSE,
        CONFERENCE,
        MEETING,
        CEREMONY,
        VISIT,
        MONITORING_MISSION,
        EXACTLY,
        ABOUT,
        MORE_THAN,
        NEARLY,
        UP_TO,
        HEADCOUNT_QUALIFIER,
        SUBGROUP_OF,
        ORGANIZATION_COUNT,
        ORIGIN,
        NORMALIZED_FROM,
        NORMALIZED_TERMS,
    ];
}

/// schema.org terms for people, places, events and documents.
pub mod schema {
    use oxrdf::NamedNodeRef;

    /// The namespace IRI.
    pub const NS: &str = "http://schema.org/";
    /// `schema:Person`: A person.
    pub const PERSON: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/Person");
    /// `schema:Place`: A place.
    pub const PLACE: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("http://schema.org/Place");
    /// `schema:Event`: An event.
    pub const EVENT: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("http://schema.org/Event");
    /// `schema:EducationEvent`: An educational event.
    pub const EDUCATION_EVENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/EducationEvent");
    /// `schema:NewsArticle`: A news article or press release.
    pub const NEWS_ARTICLE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/NewsArticle");
    /// `schema:Quotation`: A quotation.
    pub const QUOTATION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/Quotation");
    /// `schema:Project`: A project or programme; actorgraph treats it as an organization.
    pub const PROJECT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/Project");
    /// `schema:Country`: A country; acting, a state.
    pub const COUNTRY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/Country");
    /// `schema:funder`: Who funded an event, project or organization.
    pub const FUNDER: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/funder");
    /// `schema:contributor`: A partner ("in co-operation with").
    pub const CONTRIBUTOR: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/contributor");
    /// `schema:eventStatus`: Whether an event is planned, cancelled…; none means it took place.
    pub const EVENT_STATUS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/eventStatus");
    /// `schema:EventScheduled`: The status of a planned event.
    pub const EVENT_SCHEDULED: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/EventScheduled");
    /// `schema:eventAttendanceMode`: Online, offline or mixed.
    pub const EVENT_ATTENDANCE_MODE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/eventAttendanceMode");
    /// `schema:Date`: the datatype schema.org's JSON-LD context gives dates
    /// (read as the XSD type of their form).
    pub const DATE: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("http://schema.org/Date");
    /// `schema:DateTime`: the same for dates with a time.
    pub const DATE_TIME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/DateTime");
    /// `schema:name`: The name of the item.
    pub const NAME: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("http://schema.org/name");
    /// `schema:alternateName`: An alias, such as an acronym.
    pub const ALTERNATE_NAME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/alternateName");
    /// `schema:description`: A description.
    pub const DESCRIPTION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/description");
    /// `schema:startDate`: The start date.
    pub const START_DATE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/startDate");
    /// `schema:endDate`: The end date.
    pub const END_DATE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/endDate");
    /// `schema:location`: Where an event happens.
    pub const LOCATION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/location");
    /// `schema:containedInPlace`: The place that contains this one.
    pub const CONTAINED_IN_PLACE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/containedInPlace");
    /// `schema:organizer`: Who organized an event.
    pub const ORGANIZER: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/organizer");
    /// `schema:sponsor`: Who supported an event.
    pub const SPONSOR: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/sponsor");
    /// `schema:about`: The topic of an event or document.
    pub const ABOUT: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("http://schema.org/about");
    /// `schema:superEvent`: The event this one is part of.
    pub const SUPER_EVENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/superEvent");
    /// `schema:text`: The text of a quotation.
    pub const TEXT: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("http://schema.org/text");
    /// `schema:creator`: Who said or wrote something.
    pub const CREATOR: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/creator");
    /// `schema:headline`: The headline of an article.
    pub const HEADLINE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/headline");
    /// `schema:datePublished`: When a document was published.
    pub const DATE_PUBLISHED: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/datePublished");
    /// `schema:publisher`: Who published a document.
    pub const PUBLISHER: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/publisher");
    /// `schema:url`: The address of the item on the web, such as a home page.
    pub const URL: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("http://schema.org/url");
    /// `schema:givenName`: A person's given name.
    pub const GIVEN_NAME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/givenName");
    /// `schema:familyName`: A person's family name.
    pub const FAMILY_NAME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/familyName");
    /// `schema:duration`: How long an event lasts (`xsd:duration`).
    pub const DURATION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://schema.org/duration");
}

/// The W3C Organization Ontology.
pub mod org {
    use oxrdf::NamedNodeRef;

    /// The namespace IRI.
    pub const NS: &str = "http://www.w3.org/ns/org#";
    /// `org:Organization`: An organization.
    pub const ORGANIZATION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/org#Organization");
    /// `org:FormalOrganization`: A legally recognized organization.
    pub const FORMAL_ORGANIZATION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/org#FormalOrganization");
    /// `org:OrganizationalUnit`: A part of an organization, such as an office.
    pub const ORGANIZATIONAL_UNIT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/org#OrganizationalUnit");
    /// `org:Membership`: A person holding a role in an organization.
    pub const MEMBERSHIP: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/org#Membership");
    /// `org:Role`: A role that can be held.
    pub const ROLE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/org#Role");
    /// `org:unitOf`: The organization a unit belongs to.
    pub const UNIT_OF: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/org#unitOf");
    /// `org:subOrganizationOf`: The parent of an organization.
    pub const SUB_ORGANIZATION_OF: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/org#subOrganizationOf");
    /// `org:classification`: The kind of an organization.
    pub const CLASSIFICATION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/org#classification");
    /// `org:member`: The member in a membership.
    pub const MEMBER: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/org#member");
    /// `org:organization`: The organization in a membership.
    pub const ORGANIZATION_PROPERTY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/org#organization");
    /// `org:role`: The role in a membership.
    pub const ROLE_PROPERTY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/org#role");
    /// `org:memberOf`: An organization a person belongs to, with no role or dates.
    pub const MEMBER_OF: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/org#memberOf");
}

/// SKOS, for topics, kinds and categories.
pub mod skos {
    use oxrdf::NamedNodeRef;

    /// The namespace IRI.
    pub const NS: &str = "http://www.w3.org/2004/02/skos/core#";
    /// `skos:Concept`: A concept.
    pub const CONCEPT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#Concept");
    /// `skos:prefLabel`: The preferred label.
    pub const PREF_LABEL: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#prefLabel");
    /// `skos:altLabel`: An alternative label.
    pub const ALT_LABEL: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#altLabel");
    /// `skos:ConceptScheme`: A set of concepts, such as the participation roles.
    pub const CONCEPT_SCHEME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#ConceptScheme");
    /// `skos:inScheme`: The scheme a concept belongs to.
    pub const IN_SCHEME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#inScheme");
    /// `skos:broader`: A broader concept.
    pub const BROADER: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#broader");
}

/// PROV-O, for where facts came from.
pub mod prov {
    use oxrdf::NamedNodeRef;

    /// The namespace IRI.
    pub const NS: &str = "http://www.w3.org/ns/prov#";
    /// `prov:Entity`: A thing with provenance.
    pub const ENTITY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#Entity");
    /// `prov:wasDerivedFrom`: The source a thing was derived from.
    pub const WAS_DERIVED_FROM: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#wasDerivedFrom");
    /// `prov:wasInformedBy`: An activity that informed another.
    pub const WAS_INFORMED_BY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#wasInformedBy");
    /// `prov:generatedAtTime`: When a thing was generated.
    pub const GENERATED_AT_TIME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#generatedAtTime");
}

/// DCAT, for describing loaded files.
pub mod dcat {
    use oxrdf::NamedNodeRef;

    /// The namespace IRI.
    pub const NS: &str = "http://www.w3.org/ns/dcat#";
    /// `dcat:Distribution`: A file holding a dataset.
    pub const DISTRIBUTION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#Distribution");
    /// `dcat:byteSize`: The size of a file in bytes.
    pub const BYTE_SIZE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#byteSize");
    /// `dcat:mediaType`: The media type of a file.
    pub const MEDIA_TYPE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#mediaType");
    /// `dcat:downloadURL`: Where a file can be read.
    pub const DOWNLOAD_URL: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#downloadURL");
    /// `dcat:Dataset`: A collection of data, published as distributions.
    pub const DATASET: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#Dataset");
    /// `dcat:distribution`: A distribution of a dataset.
    pub const DISTRIBUTION_OF: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#distribution");
    /// `dcat:compressFormat`: The media type of a distribution's compression.
    pub const COMPRESS_FORMAT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/dcat#compressFormat");
}

/// VoID, for counting what a graph holds.
pub mod void {
    use oxrdf::NamedNodeRef;

    /// The namespace IRI.
    pub const NS: &str = "http://rdfs.org/ns/void#";
    /// `void:Dataset`: A set of triples.
    pub const DATASET: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#Dataset");
    /// `void:triples`: How many triples a dataset holds.
    pub const TRIPLES: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#triples");
    /// `void:distinctSubjects`: How many distinct subjects a dataset holds.
    pub const DISTINCT_SUBJECTS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#distinctSubjects");
    /// `void:distinctObjects`: How many distinct objects a dataset holds.
    pub const DISTINCT_OBJECTS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#distinctObjects");
    /// `void:classPartition`: The subset of a dataset about the instances of one class.
    pub const CLASS_PARTITION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#classPartition");
    /// `void:propertyPartition`: The subset of a dataset using one property.
    pub const PROPERTY_PARTITION: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#propertyPartition");
    /// `void:class`: The class of a class partition.
    pub const CLASS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#class");
    /// `void:property`: The property of a property partition.
    pub const PROPERTY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#property");
    /// `void:entities`: How many entities a dataset describes.
    pub const ENTITIES: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#entities");
    /// `void:subset`: A part of a dataset, such as one named graph.
    pub const SUBSET: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://rdfs.org/ns/void#subset");
}

/// Dublin Core terms, for when and by what a snapshot was made.
pub mod dcterms {
    use oxrdf::NamedNodeRef;

    /// The namespace IRI.
    pub const NS: &str = "http://purl.org/dc/terms/";
    /// `dcterms:created`: When a resource was made.
    pub const CREATED: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/created");
    /// `dcterms:creator`: What made a resource.
    pub const CREATOR: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://purl.org/dc/terms/creator");
}

/// SPDX, for the checksums DCAT attaches to distributions.
pub mod spdx {
    use oxrdf::NamedNodeRef;

    /// The namespace IRI.
    pub const NS: &str = "http://spdx.org/rdf/terms#";
    /// `spdx:checksum`: A checksum of a file.
    pub const CHECKSUM: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://spdx.org/rdf/terms#checksum");
    /// `spdx:algorithm`: The algorithm of a checksum.
    pub const ALGORITHM: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://spdx.org/rdf/terms#algorithm");
    /// `spdx:checksumValue`: The value of a checksum, in lowercase hex.
    pub const CHECKSUM_VALUE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://spdx.org/rdf/terms#checksumValue");
    /// `spdx:checksumAlgorithm_sha256`: The SHA-256 algorithm.
    pub const SHA256: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://spdx.org/rdf/terms#checksumAlgorithm_sha256");
}

/// SPARQL service description, for naming the graphs a snapshot holds.
pub mod sd {
    use oxrdf::NamedNodeRef;

    /// The namespace IRI.
    pub const NS: &str = "http://www.w3.org/ns/sparql-service-description#";
    /// `sd:name`: The name of a named graph.
    pub const NAME: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/sparql-service-description#name");
}

/// OWL, for identity links.
pub mod owl {
    use oxrdf::NamedNodeRef;

    /// The namespace IRI.
    pub const NS: &str = "http://www.w3.org/2002/07/owl#";
    /// `owl:sameAs`: The same thing under another IRI (e.g. Wikidata).
    pub const SAME_AS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#sameAs");
    /// `owl:ObjectProperty`: a property whose values are resources.
    pub const OBJECT_PROPERTY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#ObjectProperty");
    /// `owl:DatatypeProperty`: a property whose values are literals.
    pub const DATATYPE_PROPERTY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#DatatypeProperty");
    /// `owl:Class`: a class (a shape that is one targets its instances).
    pub const CLASS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#Class");
    /// `owl:NamedIndividual`: a named value, such as `ag:About`.
    pub const NAMED_INDIVIDUAL: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#NamedIndividual");
    /// `owl:equivalentClass`: the same class under another IRI (an
    /// alignment: read from the subject to the object).
    pub const EQUIVALENT_CLASS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#equivalentClass");
    /// `owl:equivalentProperty`: the same property under another IRI (an
    /// alignment: read from the subject to the object).
    pub const EQUIVALENT_PROPERTY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#equivalentProperty");
    /// `owl:inverseOf`: a property stating the other one backwards.
    pub const INVERSE_OF: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#inverseOf");
}

/// SHACL, the W3C Shapes Constraint Language: the terms of SHACL Core that
/// actorgraph's validator reads in shapes and writes in reports.
pub mod sh {
    use oxrdf::NamedNodeRef;

    /// The namespace IRI.
    pub const NS: &str = "http://www.w3.org/ns/shacl#";

    macro_rules! terms {
        ($($name:ident = $local:literal: $doc:literal;)*) => {
            $(
                #[doc = concat!("`sh:", $local, "`: ", $doc)]
                pub const $name: NamedNodeRef<'static> =
                    NamedNodeRef::new_unchecked(concat!("http://www.w3.org/ns/shacl#", $local));
            )*
        };
    }

    terms! {
        NODE_SHAPE = "NodeShape": "a shape about focus nodes themselves.";
        PROPERTY_SHAPE = "PropertyShape": "a shape about the values of a path.";
        TARGET_CLASS = "targetClass": "targets the instances of a class.";
        TARGET_NODE = "targetNode": "targets one node.";
        TARGET_SUBJECTS_OF = "targetSubjectsOf": "targets the subjects of a property.";
        TARGET_OBJECTS_OF = "targetObjectsOf": "targets the objects of a property.";
        PATH = "path": "the path of a property shape.";
        INVERSE_PATH = "inversePath": "a path followed backwards.";
        ALTERNATIVE_PATH = "alternativePath": "any of a list of paths.";
        ZERO_OR_MORE_PATH = "zeroOrMorePath": "a path repeated any number of times.";
        ONE_OR_MORE_PATH = "oneOrMorePath": "a path repeated at least once.";
        ZERO_OR_ONE_PATH = "zeroOrOnePath": "a path taken at most once.";
        PROPERTY = "property": "a property shape every focus node must conform to.";
        NODE = "node": "a node shape every value must conform to.";
        CLASS = "class": "every value is an instance of this class.";
        DATATYPE = "datatype": "every value is a valid literal of this datatype.";
        NODE_KIND = "nodeKind": "every value is of this kind (IRI, blank node, literal).";
        MIN_COUNT = "minCount": "at least this many values.";
        MAX_COUNT = "maxCount": "at most this many values.";
        MIN_INCLUSIVE = "minInclusive": "every value is at least this.";
        MIN_EXCLUSIVE = "minExclusive": "every value is more than this.";
        MAX_INCLUSIVE = "maxInclusive": "every value is at most this.";
        MAX_EXCLUSIVE = "maxExclusive": "every value is less than this.";
        MIN_LENGTH = "minLength": "every value's text has at least this many characters.";
        MAX_LENGTH = "maxLength": "every value's text has at most this many characters.";
        PATTERN = "pattern": "every value's text matches this regular expression.";
        FLAGS = "flags": "the flags of `sh:pattern`.";
        LANGUAGE_IN = "languageIn": "every value's language tag is one of these.";
        UNIQUE_LANG = "uniqueLang": "no two values share a language tag.";
        EQUALS = "equals": "the values equal those of this property.";
        DISJOINT = "disjoint": "no value is also a value of this property.";
        LESS_THAN = "lessThan": "every value is less than every value of this property.";
        LESS_THAN_OR_EQUALS = "lessThanOrEquals": "every value is at most every value of this property.";
        NOT = "not": "the node does not conform to this shape.";
        AND = "and": "the node conforms to all these shapes.";
        OR = "or": "the node conforms to at least one of these shapes.";
        XONE = "xone": "the node conforms to exactly one of these shapes.";
        CLOSED = "closed": "the node has no properties but the shape's.";
        IGNORED_PROPERTIES = "ignoredProperties": "properties a closed shape allows besides its own.";
        HAS_VALUE = "hasValue": "this is one of the values.";
        QUALIFIED_VALUE_SHAPE = "qualifiedValueShape": "the shape that qualified values conform to.";
        QUALIFIED_MIN_COUNT = "qualifiedMinCount": "at least this many values conform to the qualified shape.";
        QUALIFIED_MAX_COUNT = "qualifiedMaxCount": "at most this many values conform to the qualified shape.";
        QUALIFIED_VALUE_SHAPES_DISJOINT = "qualifiedValueShapesDisjoint": "qualified values conform to none of the sibling shapes.";
        IN = "in": "every value is one of these.";
        DEACTIVATED = "deactivated": "the shape is switched off.";
        SEVERITY = "severity": "how serious a result of the shape is.";
        MESSAGE = "message": "what a result of the shape says, for people.";
        VIOLATION = "Violation": "the default severity.";
        WARNING = "Warning": "a severity.";
        INFO = "Info": "a severity.";
        IRI = "IRI": "node kind: IRIs.";
        BLANK_NODE = "BlankNode": "node kind: blank nodes.";
        LITERAL = "Literal": "node kind: literals.";
        BLANK_NODE_OR_IRI = "BlankNodeOrIRI": "node kind: blank nodes or IRIs.";
        BLANK_NODE_OR_LITERAL = "BlankNodeOrLiteral": "node kind: blank nodes or literals.";
        IRI_OR_LITERAL = "IRIOrLiteral": "node kind: IRIs or literals.";
        VALIDATION_REPORT = "ValidationReport": "the class of validation reports.";
        VALIDATION_RESULT = "ValidationResult": "the class of validation results.";
        CONFORMS = "conforms": "whether the data conforms.";
        RESULT = "result": "a result of a report.";
        FOCUS_NODE = "focusNode": "the node a result is about.";
        RESULT_PATH = "resultPath": "the path a result is about.";
        VALUE = "value": "the offending value.";
        SOURCE_SHAPE = "sourceShape": "the shape that was not met.";
        SOURCE_CONSTRAINT_COMPONENT = "sourceConstraintComponent": "the kind of constraint that was not met.";
        RESULT_SEVERITY = "resultSeverity": "the result's severity.";
        RESULT_MESSAGE = "resultMessage": "what the result says, for people.";
    }
}

/// The names the store gives its own graphs and records, and those a push
/// gives them on another engine: not terms of the model, so not in `ag`.
pub mod layout {
    use oxrdf::NamedNodeRef;

    /// The graph of the store's records of its sources and of the view
    /// its merged graph was made with.
    pub const METADATA_GRAPH: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/graph/metadata");
    /// `<member> REPRESENTED_BY <representative>`, in the metadata graph:
    /// the IRI that stands for an entity `owl:sameAs` merged with others.
    pub const REPRESENTED_BY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("urn:actorgraph:view:representedBy");
    /// Where a push puts the merged graph (the store's default graph) on
    /// another engine, whose default graph may be the union of all.
    pub const MERGED_GRAPH: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/graph/merged");
    /// The push record on another engine: which graphs actorgraph put
    /// there, with their fingerprints. Written last by every push.
    pub const PUSH_RECORD: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/graph/pushed");
    /// The graphs a push is about to write, listed before it writes them
    /// and deleted once the push record is written: a push killed midway
    /// and run again knows what it may have left.
    pub const PUSH_PENDING: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/graph/pushing");
    /// `<graph> PUSHED_SHA256 "hex"`, in the push record: the SHA-256 of
    /// the graph's N-Triples as pushed.
    pub const PUSHED_SHA256: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("urn:actorgraph:push:sha256");
    /// `<graph> PUSHED_TRIPLES n`, in the push record: its triple count.
    pub const PUSHED_TRIPLES: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("urn:actorgraph:push:triples");
    /// `<graph> PUSHED_AS "source" | "merged" | "metadata"`, in the push
    /// record: what the graph is in the store.
    pub const PUSHED_AS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("urn:actorgraph:push:as");
}
