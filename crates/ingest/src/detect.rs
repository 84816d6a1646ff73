//! Recognising a file's format from its first bytes: a workbook, a JSON
//! array, or a CSV whose header (or HXL hashtag row) says which publisher
//! wrote it.

use std::fmt;
use std::str::FromStr;

use crate::{cbp, hxl, iom, long};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Long,
    Hxl,
    Json,
    Cbp,
    Ohss,
    Iom,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Long,
        Format::Hxl,
        Format::Json,
        Format::Cbp,
        Format::Ohss,
        Format::Iom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Long => "long",
            Format::Hxl => "hxl",
            Format::Json => "json",
            Format::Cbp => "cbp",
            Format::Ohss => "ohss",
            Format::Iom => "iom",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                format!("unknown format '{s}': use auto, long, hxl, json, cbp, ohss or iom")
            })
    }
}

/// A header with this many of the long format's six columns is taken for
/// the long format (with the others reported missing).
const LONG_COLUMNS_TO_RECOGNISE: usize = 4;

/// How many lines to look through for an HXL hashtag row.
const SNIFF_LINES: usize = 25;

/// Recognises the format of a file from its first bytes (a few kilobytes
/// are plenty). The error says what was seen and how to choose by hand.
pub fn detect(head: &[u8]) -> Result<Format, String> {
    if head.starts_with(b"PK\x03\x04") {
        return Ok(Format::Ohss);
    }
    crate::csvio::refuse_utf16(head)?;
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let first = text.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'[') {
        return Ok(Format::Json);
    }
    crate::csvio::refuse_lone_cr(text)?;
    let text = String::from_utf8_lossy(text);
    // Blank lines before the header are the reader's to report, not a
    // reason to miss the format.
    let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
    let delimiter = char::from(crate::csvio::sniff_delimiter(
        text.trim_start_matches(['\r', '\n', ' ', '\t']).as_bytes(),
    )?);
    let header_line = lines.next().unwrap_or("");
    let split = |l: &str| -> Vec<String> {
        l.split(delimiter)
            .map(|c| c.trim().trim_matches('"').trim().to_string())
            .collect()
    };
    let header = split(header_line);
    if cbp::recognises(&header) {
        return Ok(Format::Cbp);
    }
    let lower: Vec<String> = header.iter().map(|h| h.to_ascii_lowercase()).collect();
    if lower == iom::HEADER {
        return Ok(Format::Iom);
    }
    // A hashtag row makes the file HXL, whatever its header says: Corredor's
    // own HXL export has the long format's header above its hashtags.
    let hashtags = std::iter::once(header_line)
        .chain(lines)
        .take(SNIFF_LINES)
        .any(|l| {
            let cells = split(l);
            hxl::is_hashtag_row(&cells.iter().map(String::as_str).collect::<Vec<_>>())
        });
    if hashtags {
        return Ok(Format::Hxl);
    }
    // Most of the long format's columns: read it as such, so that the
    // message names the columns that are missing.
    let long_columns = long::REQUIRED
        .iter()
        .filter(|r| lower.iter().any(|h| h == *r))
        .count();
    if long_columns >= LONG_COLUMNS_TO_RECOGNISE {
        return Ok(Format::Long);
    }
    let shown: String = header_line.chars().take(80).collect();
    Err(format!(
        "cannot tell the format from the first line '{shown}': the long format starts with the header {}; give --format (long, hxl, json, cbp, ohss, iom)",
        long::REQUIRED.join(",")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_recognised_by_their_headers() {
        assert_eq!(
            detect(b"reporter,location,nationality,indicator,period,value\n"),
            Ok(Format::Long)
        );
        assert_eq!(
            detect(b"\xEF\xBB\xBFperiod;value;reporter;location;nationality;indicator\n"),
            Ok(Format::Long)
        );
        assert_eq!(
            detect(b"month,geo,nat,n\n2022-01,COL,CUB,4\n"),
            Ok(Format::Iom)
        );
        assert_eq!(detect(b"Fiscal Year,Month Grouping,Month (abbv),Component,Demographic,Citizenship Grouping,Title of Authority,Encounter Type,Encounter Count\n"), Ok(Format::Cbp));
        assert_eq!(
            detect(b"Date,Country\n#date,#country+code\n"),
            Ok(Format::Hxl)
        );
        assert_eq!(detect(b"  [{\"reporter\":\"PAN\"}]"), Ok(Format::Json));
        assert_eq!(detect(b"PK\x03\x04rest"), Ok(Format::Ohss));
        assert!(detect(b"a,b,c\n").unwrap_err().contains("--format"));
        assert_eq!(
            detect(b"reporter,location,nationality,indicator,period,value\n#country+reporter+code,#loc+code,#country+origin+code,#indicator+code,#date,#affected+num\n"),
            Ok(Format::Hxl)
        );
        assert!(detect(b"# Provenance\n\nWhere these files come from.\n").is_err());
        assert!(detect(b"## 2. Sources\n").is_err());
        assert_eq!(
            detect(b"\n\r\nmonth,geo,nat,n\n2022-01,COL,CUB,4\n"),
            Ok(Format::Iom)
        );
        assert!(detect(b"month,geo,nat,n\r2022-01,COL,CUB,4\r")
            .unwrap_err()
            .contains("carriage return alone"));
    }

    #[test]
    fn four_of_the_long_formats_columns_make_it_long_and_three_do_not() {
        // Read as long, so that the import names the two columns missing.
        assert_eq!(
            detect(b"reporter,nationality,period,value\n"),
            Ok(Format::Long)
        );
        let e = detect(b"reporter,period,value\n").unwrap_err();
        assert!(e.contains("reporter,period,value"), "{e}");
    }
}
