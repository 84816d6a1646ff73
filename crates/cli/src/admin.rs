//! The server and its administration: `serve`, `org`, `token`, `protocol`,
//! `audit`. Run by whoever holds the database; each write is audited under
//! `--org` like the API's writes are under a token's organisation.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context as _, Result};
use clap::{Args, Subcommand};
use corredor_app::auth::{self, Actor, Role};
use corredor_app::{audit, protocol};

use crate::output::shown;
use corredor_server::http;
use corredor_warning::corridor::{self, RouteFile};

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1:8080", env = "CORREDOR_ADDR")]
    pub addr: SocketAddr,
    /// The address clients reach the server at, for links in CAP and Atom
    /// (default: http:// and the address listened on)
    #[arg(long, env = "CORREDOR_BASE_URL")]
    pub base_url: Option<String>,
    /// Route file (default: the corridor shipped with Corredor)
    #[arg(long)]
    pub routes: Option<PathBuf>,
    /// Seconds between rounds of webhook delivery (1 to 3,600)
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub tick: u64,
    /// Minutes between full rescans of the store (0: only after imports;
    /// at most 10,080, a week)
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(0..=10_080))]
    pub scan_every: u64,
    /// Log as JSON lines
    #[arg(long)]
    pub log_json: bool,
    /// Hosts webhooks may point to although they are not public addresses
    /// (a receiver on this machine or the local network), comma-separated
    #[arg(long, value_delimiter = ',', env = "CORREDOR_WEBHOOK_ALLOW")]
    pub webhook_allow: Vec<String>,
    /// Seconds a client has to send a request's headers, and an idle
    /// connection to send its next request, before it is closed (1 to
    /// 3,600)
    #[arg(long, default_value_t = corredor_server::listen::HEADER_SECONDS,
        value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout: u64,
    /// Seconds an answer waits on a client that does not read it before
    /// its connection is closed (1 to 3,600)
    #[arg(long, default_value_t = corredor_server::listen::WRITE_SECONDS,
        value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub write_timeout: u64,
}

pub fn config(db: &str, args: &ServeArgs) -> Result<http::Config> {
    let text = match &args.routes {
        Some(p) => {
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?
        }
        None => corridor::DEFAULT_ROUTES.to_string(),
    };
    let routes = RouteFile::parse(&text).map_err(|e| anyhow::anyhow!("route file: {e}"))?;
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "corredor".into());
    Ok(http::Config {
        db: db.to_string(),
        addr: args.addr,
        base_url: args.base_url.clone().unwrap_or_default(),
        routes,
        tick: Duration::from_secs(args.tick.max(1)),
        scan_every: Duration::from_secs(args.scan_every * 60),
        instance: format!("{host}:{}:{}", std::process::id(), args.addr),
        simulated: false,
        webhooks: corredor_app::webhook::Destinations {
            allow: args.webhook_allow.clone(),
        },
        timeouts: corredor_server::listen::Timeouts {
            header: Duration::from_secs(args.header_timeout.max(1)),
            write: Duration::from_secs(args.write_timeout.max(1)),
        },
    })
}

/// Libraries whose debug and trace output holds what the store and the
/// webhooks carry: `tokio_postgres` logs every statement with its
/// parameters (worker records, restricted figures, webhook secrets),
/// `ureq` dumps each request's headers (a webhook's signature), and
/// `microlp` the bounds the labour summary solves for its withheld cells.
/// Their output above `info` never reaches the log, whatever `RUST_LOG`
/// asks for.
const PRIVATE_TARGETS: [&str; 5] = [
    "tokio_postgres",
    "postgres",
    "ureq",
    "ureq_proto",
    "microlp",
];

/// Whether an event of `target` at `level` may be logged at all.
fn loggable(target: &str, level: &tracing::Level) -> bool {
    let private = PRIVATE_TARGETS.iter().any(|p| {
        target
            .strip_prefix(p)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
    });
    !private || *level <= tracing::Level::INFO
}

pub fn init_logs(json: bool) {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new("info,refinery_core=warn,tower_http=warn")
    });
    let private = tracing_subscriber::filter::filter_fn(|m| loggable(m.target(), m.level()));
    // Colour only for a person at a terminal who has not asked for none
    // (https://no-color.org); never in a redirected log.
    let colour = std::io::IsTerminal::is_terminal(&std::io::stderr())
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let registry = tracing_subscriber::registry().with(filter).with(private);
    let fmt = tracing_subscriber::fmt::layer()
        .with_ansi(colour)
        .with_writer(std::io::stderr);
    if json {
        registry.with(fmt.json()).init();
    } else {
        registry.with(fmt).init();
    }
}

pub fn run_serve(db: &str, args: &ServeArgs) -> Result<ExitCode> {
    init_logs(args.log_json);
    let mut config = config(db, args)?;
    // A store of simulated figures is marked so on every page, served by
    // `demo` or by `serve` alike.
    config.simulated = corredor_store::holds_simulated(crate::open_store(db)?.as_mut())?;
    eprintln!(
        "Corredor serving {} (API under /api/v1/, OpenAPI at /openapi.json)",
        if db.contains("://") { "PostgreSQL" } else { db },
    );
    serve(config)?;
    Ok(ExitCode::SUCCESS)
}

/// Serves until Ctrl-C; an address another program holds is named with
/// the option that changes it.
pub fn serve(config: http::Config) -> Result<()> {
    let addr = config.addr;
    let served = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(http::serve(config));
    match served {
        Err(e) if e.address_in_use() => anyhow::bail!(
            "cannot listen on {addr}: another program is using that address (perhaps another corredor serve or demo); stop it, or choose another with --addr HOST:PORT"
        ),
        other => Ok(other?),
    }
}

#[derive(Subcommand, Debug)]
pub enum OrgCommand {
    /// Add an organisation; a country's alpha-3 as code makes it that member state's agency
    Add {
        /// Its code: a country's alpha-3 makes it that member state's agency (e.g. PAN); any other, an organisation (e.g. SEC, CSO-RED)
        #[arg(long)]
        code: String,
        /// Its name as it should be shown
        #[arg(long)]
        name: String,
    },
    /// List the organisations
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create a token; it is printed once on standard output, only its hash is kept
    Create {
        /// The organisation the token acts for (its code)
        #[arg(long)]
        org: String,
        /// secretariat, analyst, participant or observer
        #[arg(long)]
        role: String,
        /// What the token is for (a person, a system)
        #[arg(long, default_value = "")]
        label: String,
    },
    /// Revoke a token by its id
    Revoke {
        /// The token's id (as `token list` shows it)
        id: i64,
    },
    /// List tokens (never the tokens themselves)
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum ProtocolCommand {
    /// Load a response protocol (a playbook in TOML); without FILE, the default one drawn from the declaration's pillar 4
    Load {
        /// The playbook (TOML); without it, the default one
        file: Option<PathBuf>,
    },
    /// List the protocols loaded
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

fn store_and_actor(db: &str, org: &str) -> Result<(Box<dyn corredor_store::Store>, Actor)> {
    Ok((crate::open_store(db)?, corredor_app::auth::operator(org)))
}

pub fn run_org(db: &str, org: &str, cmd: &OrgCommand) -> Result<ExitCode> {
    let (mut store, actor) = store_and_actor(db, org)?;
    match cmd {
        OrgCommand::Add { code, name } => {
            let o = auth::add_org(store.as_mut(), &actor, code, name)?;
            match &o.country {
                Some(c) => println!("added {} ({}), member state agency of {c}", o.code, o.name),
                None => println!("added {} ({})", o.code, o.name),
            }
        }
        OrgCommand::List { json } => {
            let list = auth::orgs(store.as_mut())?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                for o in list {
                    println!(
                        "{:<10} {:<4} {}",
                        o.code,
                        o.country.as_deref().unwrap_or("-"),
                        o.name
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_token(db: &str, org: &str, cmd: &TokenCommand) -> Result<ExitCode> {
    let (mut store, actor) = store_and_actor(db, org)?;
    match cmd {
        TokenCommand::Create { org, role, label } => {
            let role: Role = role.parse().map_err(anyhow::Error::msg)?;
            let (token, id) = auth::create_token(store.as_mut(), &actor, org, role, label)?;
            eprintln!("token {id} for {org} ({role}); it is shown only now:");
            println!("{token}");
        }
        TokenCommand::Revoke { id } => {
            let revoked = auth::revoke_token(store.as_mut(), &actor, *id)?;
            println!("token {id} revoked");
            for (holder, n) in revoked.stranded {
                eprintln!(
                    "{holder} now holds {} and no analyst's or secretariat's token to take them: give it one (corredor token create --org ORG --role analyst)",
                    crate::output::plural(n as u64, "pending task", "pending tasks")
                );
            }
        }
        TokenCommand::List { json } => {
            let list = auth::tokens(store.as_mut())?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                for t in list {
                    println!(
                        "{:>4} {:<10} {:<12} {:<27} {}{}",
                        t.id,
                        t.org,
                        t.role.as_str(),
                        t.created_at,
                        t.label,
                        t.revoked_at
                            .map(|r| format!(" (revoked {r})"))
                            .unwrap_or_default()
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_protocol(db: &str, org: &str, cmd: &ProtocolCommand) -> Result<ExitCode> {
    let (mut store, actor) = store_and_actor(db, org)?;
    match cmd {
        ProtocolCommand::Load { file } => {
            let text = match file {
                Some(p) => std::fs::read_to_string(p)
                    .with_context(|| format!("cannot read {}", p.display()))?,
                None => protocol::DEFAULT.to_string(),
            };
            let p = protocol::load(store.as_mut(), &actor, &text).map_err(|e| match file {
                Some(f) => anyhow::anyhow!("{}: {e}", f.display()),
                None => anyhow::anyhow!("{e}"),
            })?;
            println!(
                "loaded protocol {} ({} steps): {}",
                p.name,
                p.steps.len(),
                p.title.en
            );
        }
        ProtocolCommand::List { json } => {
            let list = protocol::playbooks(store.as_mut())?;
            if *json {
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                for p in list {
                    println!("{:<20} {:>3} steps  {}", p.name, p.steps.len(), p.title.en);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_audit(db: &str, org: &str, limit: i64, json: bool) -> Result<ExitCode> {
    let (mut store, actor) = store_and_actor(db, org)?;
    let entries = audit::entries(store.as_mut(), &actor, limit)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&entries)?);
    } else {
        for e in entries {
            println!(
                "{} {:<10} {:<11} {:<22} {:<24} {} {}",
                e.at,
                shown(&e.org),
                e.role,
                e.action,
                shown(&e.target),
                shown(&e.remote),
                shown(&e.detail)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::loggable;
    use tracing::Level;

    #[test]
    fn the_libraries_that_log_what_they_carry_are_held_to_info() {
        assert!(!loggable("tokio_postgres::query", &Level::DEBUG));
        assert!(!loggable("tokio_postgres", &Level::TRACE));
        assert!(!loggable("ureq_proto::util", &Level::TRACE));
        assert!(!loggable("microlp", &Level::DEBUG));
        assert!(loggable("tokio_postgres::connection", &Level::INFO));
        assert!(loggable("postgres", &Level::WARN));
        // Names that only begin alike, and everything else, as asked.
        assert!(loggable("postgres_types_extra", &Level::DEBUG));
        assert!(loggable("corredor_server", &Level::TRACE));
        assert!(loggable("corredor_app::scan", &Level::DEBUG));
    }
}
