//! The commands that talk to other engines: `query --endpoint`, `endpoint
//! check` and `push`, with credentials from the environment or, when a
//! server asks and none were given, a prompt on the terminal.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

use actorgraph_loader::GraphStore;
use actorgraph_model::PrefixMap;
use actorgraph_query::remote::{Credentials, Endpoint, RemoteError, RemoteGraphs, TimeLimit};
use actorgraph_query::{QueryError, QueryRequest, SavedQuery, Term, declared_prefixes};
use actorgraph_snapshot::{BulkLoader, SnapshotError, bulk_load_recipe, plan_push, push, restore};
use anyhow::{Context, Result, bail};

use crate::args::{CheckArgs, PushArgs, QueryArgs, Recipe};
use crate::output;

/// The environment variables credentials are read from.
const USER: &str = "ACTORGRAPH_ENDPOINT_USER";
const PASSWORD: &str = "ACTORGRAPH_ENDPOINT_PASSWORD";
const TOKEN: &str = "ACTORGRAPH_ENDPOINT_TOKEN";

/// Credentials from the environment (empty values count as none).
fn from_environment() -> Credentials {
    let read = |name| std::env::var(name).ok().filter(|v| !v.is_empty());
    Credentials {
        user: read(USER),
        password: read(PASSWORD),
        token: read(TOKEN),
    }
}

/// Runs `call` with the environment's credentials; when the server asks
/// for some and none were given, asks for them on the terminal (if there
/// is one) and runs it once more.
fn with_credentials<T>(url: &str, call: impl Fn(Credentials) -> Result<T>) -> Result<T> {
    let credentials = from_environment();
    match call(credentials.clone()) {
        Err(error) if wants_credentials(&error) && !credentials.any() && can_prompt() => {
            output::note(&format!("{url} asks for credentials"));
            let user = output::prompt("user: ")?;
            let password = rpassword::prompt_password("password: ")
                .context("cannot read the password from the terminal")?;
            call(Credentials {
                user: Some(user),
                password: Some(password),
                token: None,
            })
        }
        Err(error) if wants_credentials(&error) => Err(error.context(format!(
            "set {USER} and {PASSWORD} (or {TOKEN}) in the environment"
        ))),
        other => other,
    }
}

/// Whether `error` is a server asking for credentials.
fn wants_credentials(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let remote = cause.downcast_ref::<RemoteError>().or_else(|| {
            match cause.downcast_ref::<QueryError>() {
                Some(QueryError::Remote(remote)) => Some(remote),
                _ => None,
            }
        });
        let remote = remote.or_else(|| match cause.downcast_ref::<SnapshotError>() {
            Some(SnapshotError::Remote(remote)) => Some(remote),
            _ => None,
        });
        matches!(remote, Some(RemoteError::Unauthorized { .. }))
    })
}

fn can_prompt() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// `query --endpoint URL`: the saved query, bound as locally, run there;
/// entities merged by owl:sameAs asked about under their representative
/// and IRIs shortened with the sources' prefixes, as pushed there.
pub fn query(url: &str, args: &QueryArgs, saved: &SavedQuery, request: QueryRequest) -> Result<()> {
    let limit = TimeLimit::Call(args.timeout.unwrap_or(Duration::from_secs(3600)));
    with_credentials(url, |credentials| {
        let endpoint = Endpoint::new(url, credentials, limit)?;
        let dataset = endpoint.pushed_dataset()?;
        let mut request = request.clone();
        if dataset.is_some() {
            for (_, value) in &mut request.bindings {
                if let Term::NamedNode(iri) = value {
                    *iri = endpoint.representative(iri.as_ref())?;
                }
            }
        } else {
            output::note(&format!(
                "{url} holds nothing actorgraph pushed: the query reads the endpoint's own default dataset"
            ));
        }
        let answer = endpoint.run(&request, dataset.as_ref(), &saved.origin)?;
        let mut prefixes = PrefixMap::new();
        if output::shortens_iris(&answer, args.format) {
            prefixes = declared_prefixes(&saved.text);
            prefixes.extend(PrefixMap::builtin().sorted());
            if dataset.is_some() {
                prefixes.extend(endpoint.source_prefixes()?);
            }
        }
        output::answer(answer, args.format, &prefixes)
    })
}

/// `endpoint check URL`.
pub fn check(args: &CheckArgs) -> Result<()> {
    let limit = TimeLimit::Call(args.timeout);
    let capabilities = with_credentials(&args.url, |credentials| {
        let endpoint = Endpoint::new(&args.url, credentials.clone(), limit)?;
        let graph_store = args
            .graph_store
            .as_deref()
            .map(|url| Endpoint::new(url, credentials, limit))
            .transpose()?;
        Ok(endpoint.check(graph_store.as_ref(), args.probe_timeout)?)
    })?;
    output::capabilities(&args.url, &capabilities, args.format)?;
    Ok(())
}

/// `push URL` (or `push --recipe ENGINE SNAPSHOT`); `open` opens the
/// store to push.
pub fn push_store(args: &PushArgs, open: impl FnOnce() -> Result<GraphStore>) -> Result<bool> {
    if let Some(recipe) = args.recipe {
        let engine = match recipe {
            Recipe::Virtuoso => BulkLoader::Virtuoso,
            Recipe::Tdb2 => BulkLoader::Tdb2,
            Recipe::Qlever => BulkLoader::Qlever,
            Recipe::Neptune => BulkLoader::Neptune,
        };
        output::text(&bulk_load_recipe(engine, Path::new(&args.target))?)?;
        return Ok(true);
    }
    let url = args.target.as_str();
    // A snapshot is read into a temporary store (dropped after it).
    let temporary;
    let store = match &args.snapshot {
        Some(snapshot) => {
            temporary = tempfile::tempdir().context("cannot make a temporary folder")?;
            let store = GraphStore::open(temporary.path())?;
            output::working("Reading the snapshot", || restore(&store, snapshot))?;
            store
        }
        None => open()?,
    };
    with_credentials(url, |credentials| {
        let limit = TimeLimit::Idle(args.timeout);
        let remote = if args.sparql_update {
            RemoteGraphs::SparqlUpdate {
                update: Endpoint::new(url, credentials.clone(), limit)?,
                query: Endpoint::new(args.endpoint.as_deref().unwrap_or(url), credentials, limit)?,
            }
        } else {
            RemoteGraphs::GraphStore(Endpoint::new(url, credentials, limit)?)
        };
        let plan = output::working("Comparing the store with the push record", || {
            plan_push(&store, &remote)
        })?;
        output::push_plan(url, &plan, args.dry_run)?;
        if args.dry_run {
            return Ok(true);
        }
        if let [first, ..] = plan.another_store.as_slice()
            && !args.replace
        {
            bail!(
                "{url} holds another store's push: its record lists {} source graph{} ({first}…), \
                 none of them this store's, and pushing would delete them; \
                 push there with --replace if that is meant (--dry-run lists what would go)",
                plan.another_store.len(),
                if plan.another_store.len() == 1 {
                    ""
                } else {
                    "s"
                }
            );
        }
        let mut progress = output::PushProgress::new(&plan);
        push(&store, &remote, &plan, &mut |step| progress.step(step))?;
        progress.finish();
        if args.verify {
            let verified = actorgraph_snapshot::verify_push(&remote, &plan)?;
            return output::verified(&verified);
        }
        Ok(true)
    })
}
