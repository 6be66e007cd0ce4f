//! The `actorgraph` binary: parses the command line, runs one subcommand,
//! and turns its result into output and an exit code (0 success, 1 failure,
//! 2 wrong usage).

mod args;
mod commands;
mod output;
mod remote;
mod validation;

use std::process::ExitCode;

use clap::Parser;

// mimalloc serves Rust's allocations here and, through its `override`
// feature, RocksDB's C++ ones: glibc malloc was a quarter of a load and a
// fifth of a lookup-heavy query (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    // `diff` and `validate` answer with 1 for "different" or "does not
    // conform", so their errors exit with 2, as diff(1)'s do.
    let error_code = match cli.command {
        args::Command::Diff { .. } | args::Command::Validate(_) => ExitCode::from(2),
        _ => ExitCode::FAILURE,
    };
    match commands::run(cli.command) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        // A reader that stopped reading (`| head`) is not an error.
        Err(error) if output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            output::error(&error);
            error_code
        }
    }
}
