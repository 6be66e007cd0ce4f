//! Bulk-load recipes: the command another engine's own bulk loader takes
//! to load a snapshot's N-Quads, for graphs too big to send over HTTP.
//! Printed for a person to run, never run.

use std::path::{Path, PathBuf};

use actorgraph_loader::Compression;

use crate::error::SnapshotError;
use crate::snapshot::{MANIFEST, dataset_file_name};

/// An engine with a bulk loader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkLoader {
    /// OpenLink Virtuoso (`ld_dir`, `rdf_loader_run`).
    Virtuoso,
    /// Apache Jena TDB2 (`tdb2.tdbloader`).
    Tdb2,
    /// QLever (`qlever index`).
    Qlever,
    /// Amazon Neptune (its loader API, from S3).
    Neptune,
}

/// What every recipe ends with: what the snapshot holds, and what not.
const AFTER: &str = "\
# The snapshot holds each source's graph, named as in the store. An engine
# whose default graph is the union of its graphs (Virtuoso, QLever, Neptune)
# then reads their plain union: without the store's alignments and
# owl:sameAs merges, which only its merged graph has (`actorgraph push`
# sends that graph, as https://w3id.org/actorgraph/graph/merged).
";

/// The shell commands that load the snapshot in `dir` with `engine`'s
/// bulk loader.
pub fn bulk_load_recipe(engine: BulkLoader, dir: &Path) -> Result<String, SnapshotError> {
    let (dataset, compression) = dataset_of(dir)?;
    let folder = dataset.parent().unwrap_or(dir).display().to_string();
    let file = dataset
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let path = dataset.display().to_string();
    let unpacked = |reader: &str| -> Option<String> {
        (compression == Compression::Zstd).then(|| {
            format!("# {reader} cannot read Zstandard: unpack it first\nzstd -d '{path}'\n")
        })
    };
    let text = match engine {
        BulkLoader::Virtuoso => {
            let (file, unpack) = match unpacked("Virtuoso") {
                Some(unpack) => (file.trim_end_matches(".zst").to_owned(), unpack),
                None => (file, String::new()),
            };
            format!(
                "{unpack}# As dba (DBA_PASSWORD: its password), on Virtuoso's SQL port. The\n\
                 # folder must be listed in DirsAllowed of virtuoso.ini. Each quad goes\n\
                 # to its own graph; the third argument is only for triples.\n\
                 isql-vt 1111 dba \"$DBA_PASSWORD\" exec=\"\
                 ld_dir('{folder}', '{file}', 'urn:actorgraph:unnamed'); \
                 rdf_loader_run(); checkpoint;\"\n\
                 # Check: every file loaded without error (ll_error is NULL)\n\
                 isql-vt 1111 dba \"$DBA_PASSWORD\" exec=\"\
                 SELECT ll_file, ll_state, ll_error FROM DB.DBA.load_list;\"\n"
            )
        }
        BulkLoader::Tdb2 => {
            let (path, unpack) = match unpacked("Jena") {
                Some(unpack) => (path.trim_end_matches(".zst").to_owned(), unpack),
                None => (path, String::new()),
            };
            format!(
                "{unpack}# Into a new or stopped database folder (Fuseki serves it afterwards)\n\
                 tdb2.tdbloader --loc /var/lib/fuseki/databases/actorgraph '{path}'\n\
                 # Check the count against the manifest's void:triples\n\
                 tdb2.tdbquery --loc /var/lib/fuseki/databases/actorgraph \
                 'SELECT (COUNT(*) AS ?quads) {{ GRAPH ?g {{ ?s ?p ?o }} }}'\n"
            )
        }
        BulkLoader::Qlever => {
            let cat = match compression {
                Compression::Gzip => format!("zcat '{path}'"),
                Compression::Zstd => format!("zstdcat '{path}'"),
                _ => format!("cat '{path}'"),
            };
            format!(
                "# A Qleverfile for the qlever command-line tool (pip install qlever)\n\
                 cat > Qleverfile <<'QLEVERFILE'\n\
                 [data]\n\
                 NAME = actorgraph\n\
                 FORMAT = nq\n\n\
                 [index]\n\
                 INPUT_FILES = {path}\n\
                 CAT_INPUT_FILES = {cat}\n\
                 SETTINGS_JSON = {{ \"ascii-prefixes-only\": false, \"num-triples-per-batch\": 1000000 }}\n\n\
                 [server]\n\
                 PORT = 7001\n\
                 QLEVERFILE\n\
                 qlever index\n\
                 qlever start\n"
            )
        }
        BulkLoader::Neptune => format!(
            "# Neptune loads from S3: copy the file there, then call the loader\n\
             # (the role must let Neptune read the bucket).\n\
             aws s3 cp '{path}' s3://BUCKET/actorgraph/{file}\n\
             curl -X POST -H 'Content-Type: application/json' \
             https://NEPTUNE-ENDPOINT:8182/loader -d '{{\
             \"source\": \"s3://BUCKET/actorgraph/{file}\", \"format\": \"nquads\", \
             \"iamRoleArn\": \"arn:aws:iam::ACCOUNT:role/NeptuneLoadFromS3\", \
             \"region\": \"REGION\", \"failOnError\": \"TRUE\"}}'\n\
             # Then follow the load with the loadId it answers:\n\
             curl https://NEPTUNE-ENDPOINT:8182/loader/LOAD-ID\n"
        ),
    };
    Ok(format!("{text}{AFTER}"))
}

/// The snapshot's dataset file, absolute, and its compression.
fn dataset_of(dir: &Path) -> Result<(PathBuf, Compression), SnapshotError> {
    let not_snapshot = |why: &str| SnapshotError::NotSnapshot {
        dir: dir.to_path_buf(),
        why: why.to_owned(),
    };
    if !dir.join(MANIFEST).is_file() {
        return Err(not_snapshot("it has no manifest.ttl"));
    }
    let dir = dir.canonicalize().map_err(|source| SnapshotError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    [Compression::None, Compression::Gzip, Compression::Zstd]
        .into_iter()
        .map(|c| (dir.join(dataset_file_name(c)), c))
        .find(|(path, _)| path.is_file())
        .ok_or_else(|| not_snapshot("it has no dataset file"))
}
