//! Exports: any selection as CSV (the long format, which imports
//! back), JSON (an array of the same records) or HXL (the same columns with
//! a hashtag row). Written as a stream, row by row.

use std::io::{self, Write};

use corredor_store::{Access, Filter, ReadOptions, Store, StoredObservation};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
    Hxl,
}

impl std::str::FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "csv" => Ok(ExportFormat::Csv),
            "json" => Ok(ExportFormat::Json),
            "hxl" => Ok(ExportFormat::Hxl),
            _ => Err(format!("format '{s}': use csv, json or hxl")),
        }
    }
}

impl ExportFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv | ExportFormat::Hxl => "text/csv; charset=utf-8",
            ExportFormat::Json => "application/json",
        }
    }
}

/// A text cell made safe for spreadsheets: one that would be run as a
/// formula gets a leading apostrophe (OWASP's advice for CSV injection).
pub fn spreadsheet_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if corredor_model::record::looks_like_formula(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// The long format's columns, so that an export imports back as it is.
fn columns() -> impl Iterator<Item = &'static str> {
    // The breakdown is written last, and only when asked for.
    corredor_ingest::LONG_REQUIRED.into_iter().chain(
        corredor_ingest::LONG_OPTIONAL
            .into_iter()
            .filter(|c| *c != BREAKDOWN),
    )
}

/// The long format's column for a breakdown's dimensions.
const BREAKDOWN: &str = "breakdown";

/// HXL hashtags for [`columns`], as `corredor import --format hxl` reads them.
const HASHTAGS: [&str; 9] = [
    "#country+reporter+code",
    "#loc+code",
    "#country+origin+code",
    "#indicator+code",
    "#date",
    "#affected+num",
    "#meta+source",
    "#meta+share",
    "#meta+share_with",
];

fn cells(o: &StoredObservation) -> [String; 9] {
    [
        o.key.reporter.clone(),
        o.key.location.to_string(),
        o.key.nationality.clone(),
        o.key.indicator.clone(),
        o.period.to_string(),
        o.value.to_string(),
        o.source.clone().unwrap_or_default(),
        o.sharing.level.to_string(),
        o.sharing.with_text(),
    ]
}

/// Writes the observations `access` may see that match `filter` to `out`,
/// row by row.
pub fn write(
    store: &mut dyn Store,
    filter: &Filter,
    options: &ReadOptions,
    access: &Access,
    format: ExportFormat,
    out: &mut dyn Write,
) -> crate::Result<()> {
    crate::series::check_indicators(store, filter)?;
    let breakdown = options.breakdowns;
    let failed = |e: &dyn std::fmt::Display| corredor_store::StoreError::Invalid(e.to_string());
    match format {
        ExportFormat::Csv | ExportFormat::Hxl => {
            let mut w = csv::Writer::from_writer(&mut *out);
            let mut header: Vec<&str> = columns().collect();
            let mut tags: Vec<&str> = HASHTAGS.to_vec();
            if breakdown {
                header.push(BREAKDOWN);
                tags.push("#meta+breakdown");
            }
            w.write_record(&header).map_err(io::Error::from)?;
            if format == ExportFormat::Hxl {
                w.write_record(&tags).map_err(io::Error::from)?;
            }
            store.observations(filter, options, access, &mut |o| {
                let c = cells(&o);
                let mut row: Vec<std::borrow::Cow<str>> =
                    c.iter().map(|t| spreadsheet_safe(t)).collect();
                if breakdown {
                    row.push(spreadsheet_safe(&o.dims).into_owned().into());
                }
                w.write_record(row.iter().map(|c| c.as_bytes()))
                    .map_err(|e| failed(&e))
            })?;
            w.flush()?;
        }
        ExportFormat::Json => {
            out.write_all(b"[")?;
            let mut first = true;
            store.observations(filter, options, access, &mut |o| {
                let c = cells(&o);
                let mut map = serde_json::Map::new();
                for (name, cell) in columns().zip(c) {
                    let v = match name {
                        "value" => serde_json::Value::from(o.value),
                        "source" if o.source.is_none() => continue,
                        "share_with" if o.sharing.with.is_empty() => continue,
                        _ => serde_json::Value::from(cell),
                    };
                    map.insert(name.to_string(), v);
                }
                if breakdown && !o.dims.is_empty() {
                    map.insert(BREAKDOWN.into(), o.dims.clone().into());
                }
                let sep: &[u8] = if first { b"\n" } else { b",\n" };
                first = false;
                out.write_all(sep)
                    .and_then(|()| serde_json::to_writer(&mut *out, &map).map_err(io::Error::from))
                    .map_err(|e| failed(&e))
            })?;
            out.write_all(b"\n]\n")?;
        }
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(
            super::spreadsheet_safe("=cmd|' /C calc'!A0"),
            "'=cmd|' /C calc'!A0"
        );
        assert_eq!(super::spreadsheet_safe("CBP"), "CBP");
    }
}
