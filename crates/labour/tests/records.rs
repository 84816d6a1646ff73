//! The labour files' readers through their public interface.

use corredor_labour::records::{read_pathways, read_vacancies};

#[test]
fn a_vacancy_without_its_occupation_still_has_its_other_cells_checked() {
    let mut problems = Vec::new();
    let pathways = read_pathways(
        "p.csv",
        corredor_labour::seed::PATHWAYS_CSV.as_bytes(),
        &mut problems,
    );
    assert!(problems.is_empty(), "{problems:?}");
    let csv =
        b"id,employer,country,isco,places,languages,min_experience,skills,pathway,start,end\n\
V1,E,XQZ,0000,2,zz,-1,,NO-SUCH,2027-01-01,2027-12-31\n";
    assert!(read_vacancies("v.csv", csv, &pathways, &mut problems).is_empty());
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    // Country, occupation, languages, experience and pathway, each at its cell.
    for at in [
        "v.csv:2:3:",
        "v.csv:2:4:",
        "v.csv:2:6:",
        "v.csv:2:7:",
        "v.csv:2:9:",
    ] {
        assert!(text.iter().any(|t| t.starts_with(at)), "{at} in {text:?}");
    }
}
