//! Embeds the project's saved queries (`queries/*.rq`) in the binary, so
//! they work from any folder.

use std::fmt::Write;
use std::path::Path;

fn main() {
    // Read when the script runs, not when it is compiled: a script compiled
    // for one checkout must not embed another's queries.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("../../queries");
    println!("cargo::rerun-if-changed={}", dir.display());
    // No saved queries would make a binary without its library: a failure.
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the saved queries in {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "rq"));
    files.sort();
    let mut code = String::from(
        "/// The saved queries built into the binary: (name, text).\npub const BUILTIN: &[(&str, &str)] = &[\n",
    );
    for path in files {
        println!("cargo::rerun-if-changed={}", path.display());
        let name = path.file_stem().unwrap().to_str().unwrap();
        let path = path.canonicalize().unwrap();
        writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("builtin_queries.rs");
    std::fs::write(out, code).unwrap();
}
