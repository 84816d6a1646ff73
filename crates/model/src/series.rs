//! Series keys: who reports (reporter), where inside the reporter
//! (location), about whom (nationality) and what is counted (indicator).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A place inside the reporting country: a border region (`SWB`), a
/// reception station, or `ALL` for the whole country. Upper-case ASCII
/// letters, digits, `_` and `-`, 1 to 32 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Location(String);

/// The location of figures that cover the whole reporting country.
pub const ALL: &str = "ALL";

impl Location {
    pub fn all() -> Location {
        Location(ALL.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a location code: use 1 to 32 upper-case letters, digits, '_' or '-', starting with a letter or digit (e.g. ALL, SWB, LAJAS_BLANCAS)")]
pub struct LocationError(pub String);

impl FromStr for Location {
    type Err = LocationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // A code starts with a letter or digit: one starting with '-' would
        // be written out neutralised as a spreadsheet formula ('-A1) and
        // not read back as itself.
        let ok = s.len() <= 32
            && s.bytes()
                .next()
                .is_some_and(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && s.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
        if ok {
            Ok(Location(s.to_string()))
        } else {
            Err(LocationError(s.to_string()))
        }
    }
}

impl TryFrom<String> for Location {
    type Error = LocationError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Location> for String {
    fn from(l: Location) -> String {
        l.0
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The identity of a series. Reporter and nationality are alpha-3 codes
/// already resolved against [`crate::country`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SeriesKey {
    pub reporter: String,
    pub location: Location,
    pub nationality: String,
    pub indicator: String,
}

impl fmt::Display for SeriesKey {
    /// `USA/SWB/VEN/encounters`: the form `series show` accepts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}/{}/{}",
            self.reporter, self.location, self.nationality, self.indicator
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SeriesKeyError {
    #[error("'{0}' is not a series key: write REPORTER/LOCATION/NATIONALITY/INDICATOR, e.g. PAN/ALL/VEN/irregular_entries")]
    Syntax(String),
    #[error("unknown country '{0}': use an ISO 3166-1 alpha-3 code")]
    Country(String),
    #[error(transparent)]
    Location(#[from] LocationError),
    #[error("'{0}' is not an indicator code: use lower-case letters, digits and '_'")]
    Indicator(String),
}

impl FromStr for SeriesKey {
    type Err = SeriesKeyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = s.split('/').collect();
        let [r, l, n, i] = parts[..] else {
            return Err(SeriesKeyError::Syntax(s.to_string()));
        };
        let country = |c: &str| {
            crate::country::resolve(c)
                .map(|c| c.alpha3.to_string())
                .ok_or_else(|| SeriesKeyError::Country(c.to_string()))
        };
        if !crate::indicator::is_valid_code(i) {
            return Err(SeriesKeyError::Indicator(i.to_string()));
        }
        Ok(SeriesKey {
            reporter: country(r)?,
            location: l.parse()?,
            nationality: country(n)?,
            indicator: i.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_code_starts_with_a_letter_or_digit() {
        for good in ["ALL", "SWB", "LAJAS_BLANCAS", "USBP_SWB", "C12S3", "9X"] {
            assert!(good.parse::<Location>().is_ok(), "{good}");
        }
        for bad in ["-A1", "_X", "", "swb", "A B", &"A".repeat(33)] {
            assert!(bad.parse::<Location>().is_err(), "{bad}");
        }
    }

    #[test]
    fn series_keys_round_trip_through_text() {
        let k: SeriesKey = "pan/ALL/ven/irregular_entries".parse().unwrap();
        assert_eq!(k.to_string(), "PAN/ALL/VEN/irregular_entries");
        assert!("PAN/ALL/VEN".parse::<SeriesKey>().is_err());
        assert!("PAN/all/VEN/x".parse::<SeriesKey>().is_err());
        assert!("ZZZ/ALL/VEN/x".parse::<SeriesKey>().is_err());
    }

    #[test]
    fn a_location_is_its_code() {
        let l: Location = "USBP_SWB".parse().unwrap();
        assert_eq!(l.as_str(), "USBP_SWB");
        assert_eq!(Location::all().as_str(), "ALL");
        assert_eq!(String::from(l), "USBP_SWB");
    }
}
