//! `corredor pledge requirements`, `coverage`, `verify` and `sectors`: the
//! donors' forum on the command line, the same use cases as the API's.

use super::common::*;
use corredor_followup::forum::{self, Sector, Stages};
use corredor_followup::pledge::Stage;
use corredor_model::Lang;

#[derive(Subcommand, Debug)]
pub enum RequirementsCommand {
    /// Record appeals' requirements (id,appeal,requester,for_whom,recipient,sector,amount,unit,start,end,source), all or nothing
    Import {
        /// The CSV file
        file: PathBuf,
    },
    /// The requirements recorded
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

/// Runs a forum command on an open store.
pub(super) fn run_requirements(
    store: &mut dyn Store,
    actor: &Actor,
    cmd: &RequirementsCommand,
) -> Result<()> {
    match cmd {
        RequirementsCommand::Import { file } => {
            let bytes =
                std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
            let name = file.display().to_string();
            match service::import_requirements(store, actor, &name, &bytes) {
                Ok(done) => println!(
                    "{name}: {}, {} unchanged",
                    plural(done.new, "new requirement", "new requirements"),
                    done.unchanged
                ),
                Err(ImportError::Problems(p)) => return Err(report_problems(&p, "recorded")),
                Err(ImportError::Refused(e)) => return Err(e.into()),
            }
        }
        RequirementsCommand::List { json } => {
            let all = service::requirements(store)?;
            if *json {
                print_json(&all)?;
            } else {
                for r in all {
                    println!(
                        "{:<14} {:<22} {} {:>16} {:<12} {} to {}  {} for {} ({})",
                        r.id,
                        r.appeal,
                        r.recipient.code(),
                        r.amount,
                        r.unit,
                        r.start,
                        r.end,
                        r.requester,
                        r.for_whom,
                        r.sector
                    );
                }
            }
        }
    }
    Ok(())
}

fn stages(s: &Stages) -> String {
    format!(
        "pledged {}, committed {}, disbursed {}",
        s.pledged, s.committed, s.disbursed
    )
}

/// Prints each requirement's coverage and each appeal's totals.
pub(super) fn run_coverage(store: &mut dyn Store, currency: &str, json: bool) -> Result<()> {
    let currency: Currency = currency.parse().map_err(anyhow::Error::msg)?;
    let c = service::coverage(store, &currency)?;
    if json {
        return print_json(&c);
    }
    for a in &c.appeals {
        println!(
            "{}: required {} {}; {}",
            a.appeal,
            a.required,
            c.currency,
            stages(&a.covered)
        );
        for n in &a.in_kind {
            println!(
                "  in kind, {}: required {}; {}",
                n.unit.label(Lang::En),
                n.required,
                stages(&n.covered)
            );
        }
    }
    for r in &c.requirements {
        let q = &r.requirement;
        println!(
            "  {:<14} {} {} required; {} ({}% / {}% / {}%); verified: {}",
            q.id,
            q.amount,
            q.unit,
            stages(&r.covered),
            r.percent.pledged,
            r.percent.committed,
            r.percent.disbursed,
            stages(&r.verified)
        );
        for a in &r.apart {
            println!(
                "      apart, not summed: {} by {}, {} {}{}",
                a.pledge,
                a.donor,
                a.amounts
                    .pledged
                    .max(a.amounts.committed)
                    .max(a.amounts.disbursed),
                a.unit,
                a.estimate
                    .as_ref()
                    .map(|e| format!(" (estimated {} {})", e.amount, e.currency))
                    .unwrap_or_default()
            );
        }
    }
    if !c.outside_pledges.is_empty() {
        println!(
            "outside any requirement ({}): {} {}",
            c.outside_pledges.join(", "),
            stages(&c.outside),
            c.currency
        );
        for t in &c.outside_in_kind {
            println!(
                "  in kind, {}: pledged {}, committed {}, disbursed {}",
                t.unit.label(Lang::En),
                t.pledged,
                t.committed,
                t.disbursed
            );
        }
    }
    for m in &c.unconverted {
        eprintln!("left out of the totals: {m}");
    }
    Ok(())
}

/// The secretariat verifies a step.
pub(super) fn run_verify(
    store: &mut dyn Store,
    actor: &Actor,
    id: &str,
    stage: &str,
) -> Result<()> {
    let stage = stage.parse::<Stage>().map_err(anyhow::Error::msg)?;
    let v = service::verify_step(store, actor, id, stage)?;
    println!("{id}, {}: verified by {} on {}", stage.as_str(), v.by, v.on);
    Ok(())
}

/// The DAC sectors and the organisation identifiers.
pub(super) fn run_sectors() {
    for s in Sector::all() {
        println!("{}  {}", s.code(), s.name(Lang::En));
    }
    println!();
    for o in forum::organisations() {
        println!("{:<24} {:<16} type {}", o.reference, o.name, o.kind);
    }
}
