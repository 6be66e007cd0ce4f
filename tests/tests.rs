//! End-to-end tests: the real `actorgraph` binary against real on-disk
//! stores in temporary folders. One test binary; each module one area.

mod util;

mod convert;
mod example;
mod hostile;
mod limits;
mod load;
mod queries;
mod query;
mod snapshot;
mod store;
mod w3c;

// Validation (SHACL).
mod validate;
