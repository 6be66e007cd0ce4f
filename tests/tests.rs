//! End-to-end tests: the real `actorgraph` binary against real on-disk
//! stores in temporary folders. One test binary; each module one area.

mod util;

mod alignments;
mod bind;
mod concepts;
mod convert;
mod endpoint;
mod engines;
mod example;
mod hostile;
mod jsonld;
mod limits;
mod links;
mod load;
mod push;
mod queries;
mod query;
mod same_as;
mod schema_https;
mod second_edition;
mod serve;
mod serve_api;
mod serve_browser;
mod serve_clients;
mod serve_entity_data;
mod serve_load;
mod serve_openapi;
mod serve_pages;
mod snapshot;
mod store;

// Validation (SHACL).
mod validate;

// The W3C conformance suites, driven from their manifests.
mod w3c_manifest;
mod w3c_rdf;
mod w3c_shacl;
mod w3c_sparql;
