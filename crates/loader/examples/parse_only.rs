//! Parses a Turtle file with `rio_turtle` alone, storing nothing, and prints
//! how many triples it read: the ceiling a loader's throughput can approach.
//! The benchmark (`bench/run`) times it beside `actorgraph load`.
//!
//! ```sh
//! cargo run --release -p actorgraph-loader --example parse_only -- events.ttl
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fs::File;
use std::io::BufReader;
use std::process::ExitCode;

use rio_api::parser::TriplesParser;
use rio_turtle::{TurtleError, TurtleParser};

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: parse_only FILE.ttl");
        return ExitCode::from(2);
    };
    let file = match File::open(&path) {
        Ok(file) => file,
        Err(error) => {
            eprintln!("error: {path}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut parser = TurtleParser::new(BufReader::with_capacity(1 << 16, file), None);
    let mut triples = 0u64;
    match parser.parse_all(&mut |_| -> Result<(), TurtleError> {
        triples += 1;
        Ok(())
    }) {
        Ok(()) => {
            println!("{triples}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {path}: {error}");
            ExitCode::FAILURE
        }
    }
}
