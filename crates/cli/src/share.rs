//! `corredor share`: distribution keys (`share key`). The computation is in
//! `corredor-sharing`; this reads the inputs (every problem with its file,
//! line and column), applies presets, compares with a published key, and
//! prints.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};
use clap::{Args, Subcommand};
use corredor_sharing::presets::{self, Preset};
use corredor_sharing::{apportion, key, Spec};
use serde_json::json;

use crate::output::thousands;

#[derive(Subcommand, Debug)]
pub enum ShareCommand {
    /// A distribution key: each country's share of a total, by weighted criteria
    Key(KeyArgs),
}

#[derive(Args, Debug)]
pub struct KeyArgs {
    /// Per-country inputs (CSV with a header row)
    #[arg(long)]
    inputs: PathBuf,
    /// Criteria: COLUMN:WEIGHT[:inverse][:cap=C],… (weights add up to 1)
    #[arg(long, conflicts_with = "preset", required_unless_present = "preset")]
    criteria: Option<String>,
    /// A key governments adopted or the declaration's reports call for: eu-2015-may, eu-2015-sep, americas
    #[arg(long)]
    preset: Option<String>,
    /// Persons to share (default: the preset's)
    #[arg(long)]
    total: Option<u64>,
    /// Countries left out (alpha-3, comma-separated)
    #[arg(long, value_delimiter = ',')]
    exclude: Vec<String>,
    /// The column naming the country (default: the preset's, or "country")
    #[arg(long)]
    country_column: Option<String>,
    /// Show how each criterion made this country's share
    #[arg(long)]
    explain: Option<String>,
    /// A published key to compare with (scheme,iso2,…,key_pct_published); for
    /// the EU presets, published.csv beside the inputs is used when present
    #[arg(long)]
    published: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

/// A country code as publishers write it: alpha-3, alpha-2 (with the EU's
/// own EL for Greece and UK for the United Kingdom), or a name.
fn country_code(text: &str) -> Option<String> {
    let t = text.trim();
    let alpha2 = match t.to_ascii_uppercase().as_str() {
        "EL" => "GR".to_string(),
        "UK" => "GB".to_string(),
        other => other.to_string(),
    };
    if t.len() == 2 {
        return corredor_model::country::all()
            .iter()
            .find(|c| c.alpha2 == alpha2)
            .map(|c| c.alpha3.to_string());
    }
    corredor_model::country::resolve(t).map(|c| c.alpha3.to_string())
}

struct Table {
    countries: Vec<String>,
    values: Vec<Vec<f64>>,
}

fn read_inputs(
    path: &Path,
    preset: Option<&Preset>,
    spec: &Spec,
    country_column: &str,
) -> Result<Table> {
    let name = path.display().to_string();
    let mut reader = csv::Reader::from_path(path).with_context(|| format!("cannot read {name}"))?;
    let headers = reader
        .headers()
        .with_context(|| format!("{name}:1: no header row"))?
        .clone();
    let column = |wanted: &str| -> Result<usize> {
        headers
            .iter()
            .position(|h| h.trim() == wanted)
            .with_context(|| {
                format!(
                    "{name}:1: no column '{wanted}' (the columns are {})",
                    headers.iter().collect::<Vec<_>>().join(", ")
                )
            })
    };
    let country_at = column(country_column)?;
    let member_at = match preset.and_then(|p| p.member) {
        Some((c, _)) => Some(column(c)?),
        None => None,
    };
    let criteria_at: Vec<usize> = spec
        .criteria
        .iter()
        .map(|c| column(&c.name))
        .collect::<Result<_>>()?;
    let mut table = Table {
        countries: Vec::new(),
        values: Vec::new(),
    };
    let mut problems = Vec::new();
    for row in reader.records() {
        let row = row.with_context(|| format!("{name}: cannot read a row"))?;
        let line = row.position().map_or(0, |p| p.line());
        if let (Some(at), Some((_, value))) = (member_at, preset.and_then(|p| p.member)) {
            if row.get(at).map(str::trim) != Some(value) {
                continue;
            }
        }
        let raw = row.get(country_at).unwrap_or("");
        let Some(code) = country_code(raw) else {
            problems.push(format!(
                "{name}:{line}:{}: '{raw}' is not a country",
                country_at + 1
            ));
            continue;
        };
        if table.countries.contains(&code) {
            problems.push(format!(
                "{name}:{line}:{}: {code} is given twice",
                country_at + 1
            ));
            continue;
        }
        let mut values = Vec::new();
        for (c, &at) in spec.criteria.iter().zip(&criteria_at) {
            let cell = row.get(at).unwrap_or("").trim();
            match cell.replace(',', "").parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => values.push(v),
                _ => problems.push(format!(
                    "{name}:{line}:{}: {} of {code} is '{cell}': give a number of zero or more",
                    at + 1,
                    c.name
                )),
            }
        }
        table.countries.push(code);
        table.values.push(values);
    }
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{p}");
        }
        bail!(
            "{} problem{} in {name}: nothing computed",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        );
    }
    Ok(table)
}

/// The published key (percent) by country, for a scheme.
fn read_published(path: &Path, scheme: &str) -> Result<std::collections::BTreeMap<String, f64>> {
    let name = path.display().to_string();
    let mut reader = csv::Reader::from_path(path).with_context(|| format!("cannot read {name}"))?;
    let headers = reader.headers()?.clone();
    let at = |w: &str| {
        headers
            .iter()
            .position(|h| h == w)
            .with_context(|| format!("{name}:1: no column '{w}'"))
    };
    let (s, c, k) = (at("scheme")?, at("iso2")?, at("key_pct_published")?);
    let mut out = std::collections::BTreeMap::new();
    for row in reader.records() {
        let row = row?;
        if !row.get(s).unwrap_or("").starts_with(scheme) {
            continue;
        }
        let line = row.position().map_or(0, |p| p.line());
        let code = country_code(row.get(c).unwrap_or(""))
            .with_context(|| format!("{name}:{line}:{}: not a country", c + 1))?;
        let pct: f64 = row
            .get(k)
            .unwrap_or("")
            .parse()
            .with_context(|| format!("{name}:{line}:{}: not a number", k + 1))?;
        out.insert(code, pct);
    }
    Ok(out)
}

pub fn run(cmd: &ShareCommand) -> Result<ExitCode> {
    let ShareCommand::Key(args) = cmd;
    let preset = match &args.preset {
        Some(p) => Some(presets::find(p).with_context(|| {
            format!(
                "no preset '{p}': use {}",
                presets::ALL.map(|p| p.name).join(", ")
            )
        })?),
        None => None,
    };
    let spec_text = match (&args.criteria, &preset) {
        (Some(c), _) => c.clone(),
        (None, Some(p)) => p.criteria.replace(char::is_whitespace, ""),
        (None, None) => bail!("give --criteria or --preset"),
    };
    let spec = Spec::parse(&spec_text)?;
    let country_column = args
        .country_column
        .clone()
        .or(preset.map(|p| p.country_column.to_string()))
        .unwrap_or_else(|| "country".into());
    let mut table = read_inputs(&args.inputs, preset.as_ref(), &spec, &country_column)?;
    let excluded: Vec<String> = args
        .exclude
        .iter()
        .map(|e| country_code(e).with_context(|| format!("--exclude {e}: not a country")))
        .collect::<Result<_>>()?;
    let keep: Vec<bool> = table
        .countries
        .iter()
        .map(|c| !excluded.contains(c))
        .collect();
    let mut i = 0;
    table.countries.retain(|_| {
        i += 1;
        keep[i - 1]
    });
    let mut i = 0;
    table.values.retain(|_| {
        i += 1;
        keep[i - 1]
    });
    let total = match (args.total, preset) {
        (Some(t), _) => t,
        (None, Some(p)) if p.total > 0 => p.total,
        _ => bail!("give --total: the number of persons to share"),
    };
    let k = key(&table.countries, &table.values, &spec)?;
    let persons = apportion(&k.shares, total);
    let published_path = args.published.clone().or_else(|| {
        preset.and_then(|p| p.published_scheme).and_then(|_| {
            let p = args.inputs.with_file_name("published.csv");
            p.exists().then_some(p)
        })
    });
    let published = match (&published_path, preset.and_then(|p| p.published_scheme)) {
        (Some(path), Some(scheme)) => Some(read_published(path, scheme)?),
        (Some(path), None) => Some(read_published(path, "")?),
        _ => None,
    };
    let diff = |c: &str, share: f64| {
        published
            .as_ref()
            .and_then(|p| p.get(c))
            .map(|pct| share * 100.0 - pct)
    };
    let largest = table
        .countries
        .iter()
        .zip(&k.shares)
        .filter_map(|(c, s)| diff(c, *s).map(|d| (c.clone(), d)))
        .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()));
    let mut order: Vec<usize> = (0..table.countries.len()).collect();
    order.sort_by(|&a, &b| k.shares[b].total_cmp(&k.shares[a]).then(a.cmp(&b)));
    if args.json {
        let mut v = json!({
            "total": total,
            "method": "largest remainder (Hamilton)",
            "criteria": spec.criteria,
            "shares": order.iter().map(|&i| {
                let mut s = json!({"country": table.countries[i], "share": k.shares[i], "persons": persons[i]});
                if let Some(d) = diff(&table.countries[i], k.shares[i]) {
                    s["published_pct"] = json!(d + k.shares[i] * 100.0);
                    s["difference_pp"] = json!(d);
                }
                s
            }).collect::<Vec<_>>(),
        });
        if let Some((c, d)) = &largest {
            v["largest_difference_pp"] = json!({"country": c, "pp": d});
        }
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        if let Some(p) = preset {
            println!("{}", p.title);
            println!("  {}", p.notes);
        }
        println!(
            "{} countries, {} persons; persons by largest remainder (each gets its exact quota rounded down or up, summing exactly to the total)\n",
            table.countries.len(),
            thousands(total)
        );
        print!(
            "{:<8} {:>12} {:>8} {:>9}",
            "country", "share", "%", "persons"
        );
        if published.is_some() {
            print!(" {:>11} {:>8}", "published %", "diff pp");
        }
        println!();
        for &i in &order {
            let c = &table.countries[i];
            print!(
                "{:<8} {:>12.8} {:>8.2} {:>9}",
                c,
                k.shares[i],
                k.shares[i] * 100.0,
                thousands(persons[i])
            );
            if published.is_some() {
                match diff(c, k.shares[i]) {
                    Some(d) => print!(" {:>11.2} {:>+8.3}", k.shares[i] * 100.0 - d, d),
                    None => print!(" {:>11} {:>8}", "–", ""),
                }
            }
            println!();
        }
        if let Some((c, d)) = &largest {
            println!(
                "\nlargest difference from the published key: {:.3} percentage points ({c})",
                d.abs()
            );
        }
    }
    if let Some(who) = &args.explain {
        let code = country_code(who).with_context(|| format!("--explain {who}: not a country"))?;
        let Some(i) = table.countries.iter().position(|c| *c == code) else {
            bail!("--explain {code}: not among the countries of this key");
        };
        if args.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&json!({
                    "country": code, "parts": k.parts[i],
                    "handed_back": k.redistributed[i], "share": k.shares[i], "persons": persons[i],
                }))?
            );
        } else {
            println!("\nHow {code}'s share is made:");
            for (p, c) in k.parts[i].iter().zip(&spec.criteria) {
                let effect = match c.effect {
                    corredor_sharing::Effect::Direct => "direct",
                    corredor_sharing::Effect::Inverse => "inverse",
                };
                println!(
                    "  {} ({effect}): value {}, share {:.4}%{}, × {:.2} = {:.4} points",
                    p.criterion,
                    p.value,
                    p.share * 100.0,
                    if p.capped_share < p.share {
                        format!(", capped to {:.4}%", p.capped_share * 100.0)
                    } else {
                        String::new()
                    },
                    c.weight,
                    p.contribution * 100.0
                );
            }
            println!(
                "  handed back from what the caps removed: {:.4} points",
                k.redistributed[i] * 100.0
            );
            println!(
                "  key: {:.4}% → {} persons",
                k.shares[i] * 100.0,
                thousands(persons[i])
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
