//! The legal pathways the project ships (`data/pathways.csv`), each with
//! the page it rests on; `data/SOURCE.md` says what the rows simplify.

use crate::records::{self, Pathway};
use crate::table::Problems;

/// The shipped file, as `corredor labour match --pathways` reads it.
pub const PATHWAYS_CSV: &str = include_str!("../data/pathways.csv");

/// The shipped pathways.
pub fn pathways() -> Result<Vec<Pathway>, Problems> {
    let mut problems = Vec::new();
    let out = records::read_pathways("data/pathways.csv", PATHWAYS_CSV.as_bytes(), &mut problems);
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Problems(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_pathways_read_and_each_has_a_source() {
        let p = pathways().unwrap();
        assert!(p.len() >= 7);
        for want in [
            "SMO-USA",
            "ESP-HND-CIRC",
            "CAN-EMPP",
            "USA-H2A",
            "USA-H2B",
            "CSME-JAM",
            "MERCOSUR-ARG",
        ] {
            assert!(p.iter().any(|x| x.id == want), "{want} missing");
        }
        for x in &p {
            assert!(x.source.starts_with("http"), "{} has no source", x.id);
        }
        assert_eq!(
            p.iter().find(|x| x.id == "USA-H2B").unwrap().quota,
            Some(66_000)
        );
    }
}
