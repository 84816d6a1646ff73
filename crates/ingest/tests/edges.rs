//! The readers at their edges: line numbers that must stay true whatever
//! ends the lines, the hints a refused row carries, the limits a file meets
//! exactly, and the fields a workbook's or a publisher's file is read into.
//! Each test pins a behaviour a planted fault in the reader would change.

mod common;

use std::io::Cursor;

use common::*;
use corredor_ingest::csvio::{self, MAX_ROW_BYTES};
use corredor_ingest::{detect, read, Format, Item, Options, Origin, Problems};
use corredor_model::record::{Field, MAX_COUNT};
use corredor_model::share::ShareLevel;

/// Every usable row of a CSV text as (line, fields), and every problem as
/// printed, read through the project's one CSV reader.
fn rows(text: &[u8]) -> (Vec<(u64, Vec<String>)>, Vec<String>) {
    let mut problems = Problems::default();
    let mut out = Vec::new();
    if let Some(mut csv) = csvio::open("c.csv", text, &mut problems) {
        csv.for_each_row(&mut problems, |row, _| {
            assert_eq!(row.len(), row.fields().count());
            assert!(!row.is_empty());
            out.push((row.line, row.fields().map(str::to_string).collect()));
        });
    }
    let shown = problems.kept().iter().map(ToString::to_string).collect();
    (out, shown)
}

fn lines(rows: &[(u64, Vec<String>)]) -> Vec<u64> {
    rows.iter().map(|(line, _)| *line).collect()
}

#[test]
fn line_numbers_stay_true_whatever_ends_the_lines() {
    // Line 3 is blank; the quoted field of line 4 runs onto line 5.
    for end in ["\n", "\r\n"] {
        let text = format!("a,b{end}1,2{end}{end}3,\"x{end}y\"{end}4,5{end}");
        for text in [text.clone(), text.trim_end().to_string()] {
            let (rows, problems) = rows(text.as_bytes());
            assert_eq!(lines(&rows), [2, 4, 6], "{text:?}");
            assert_eq!(rows[1].1, ["3", &format!("x{end}y")], "{text:?}");
            assert_eq!(problems.len(), 1, "{text:?}: {problems:?}");
            assert!(
                problems[0].starts_with("c.csv:3: blank line"),
                "{problems:?}"
            );
        }
    }
}

/// The reader takes the file in 64 KiB pieces, and may stop between the
/// two bytes of a Windows line end: a line's number must not depend on
/// which piece it fell in.
#[test]
fn line_numbers_stay_true_past_the_readers_buffer() {
    for end in ["\n", "\r\n"] {
        let mut text = format!("a,b{end}");
        for _ in 0..40_000 {
            text.push_str(&format!("1,2{end}"));
        }
        text.push_str(&format!("{end}3{end}4,5{end}"));
        let (rows, problems) = rows(text.as_bytes());
        assert_eq!(rows.len(), 40_001);
        assert_eq!(rows.last().map(|r| r.0), Some(40_004));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].starts_with("c.csv:40002: blank line"),
            "{problems:?}"
        );
        assert!(
            problems[1].starts_with("c.csv:40003: this row has 1 fields"),
            "{problems:?}"
        );
    }
}

#[test]
fn a_short_row_says_why_it_may_be_short() {
    let said = |text: &str| {
        let (_, problems) = rows(text.as_bytes());
        assert_eq!(problems.len(), 1, "{text:?}: {problems:?}");
        problems[0].clone()
    };
    let truncated = "c.csv:2: this row has 2 fields but the header has 3 and the file ends inside it: the file looks truncated";
    // The file ends in the row: the file was cut.
    assert_eq!(said("a,b,c\n1,2"), truncated);
    assert_eq!(said("a,b,c\r\n1,\"x\r\ny\""), truncated);
    // The row ends with its line: only the count.
    let short = "c.csv:2: this row has 2 fields but the header has 3";
    assert_eq!(said("a,b,c\n1,2\n"), short);
    assert_eq!(said("a,b,c\r\n1,2\r\n"), short);
    assert_eq!(said("a,b,c\r\n1,\"x\r\ny\"\r\n"), short);
    // A row too long is not cut short, line end or none.
    assert_eq!(
        said("a,b\n1,2,3"),
        "c.csv:2: this row has 3 fields but the header has 2"
    );
    // One field under a wider header: another delimiter, perhaps.
    assert_eq!(
        said("a,b\n1;2\n"),
        "c.csv:2: this row has 1 fields but the header has 2 (is the row separated by another delimiter than the header?)"
    );
    assert_eq!(said("a,b,c\n1"), "c.csv:2: this row has 1 fields but the header has 3 and the file ends inside it: the file looks truncated");
}

#[test]
fn a_row_of_the_largest_size_is_read_and_one_byte_more_is_not() {
    let row = |size: usize| format!("a\n{}\n", "x".repeat(size));
    let (read, problems) = rows(row(MAX_ROW_BYTES).as_bytes());
    assert_eq!((read.len(), problems.len()), (1, 0), "{problems:?}");
    let (read, problems) = rows(row(MAX_ROW_BYTES + 1).as_bytes());
    assert!(read.is_empty());
    assert_eq!(
        problems,
        ["c.csv:2: line is 1.0 MB long; a row of statistics never is: is the file truncated, or not a CSV?"]
    );
}

#[test]
fn text_not_in_utf8_is_refused_at_its_field_with_a_guess_at_latin1() {
    let said = |byte: u8| {
        let mut text = b"a,b,c\n1,2,caf".to_vec();
        text.extend([byte, b'\n']);
        let (read, problems) = rows(&text);
        assert!(read.is_empty());
        assert_eq!(problems.len(), 1, "{problems:?}");
        problems[0].clone()
    };
    assert_eq!(
        said(0xE9),
        "c.csv:2:3: text is not UTF-8 (byte 0xE9 is 'é' in Latin-1/Windows-1252): save the file as \"CSV UTF-8\" and import again"
    );
    assert!(said(0xA0).contains("(byte 0xA0 is"));
    // Below 0xA0 Latin-1 has control codes: no guess.
    assert_eq!(
        said(0x9F),
        "c.csv:2:3: text is not UTF-8: save the file as \"CSV UTF-8\" and import again"
    );
}

/// UTF-16 with its byte-order mark is refused however few of its
/// characters are ASCII.
#[test]
fn utf16_with_its_mark_is_refused_whatever_follows() {
    let text = "\u{FEFF}año,mes\n年,月\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for bytes in [le, be] {
        let (_, problems) = rows(&bytes);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("UTF-16"), "{problems:?}");
        assert!(detect(&bytes).is_err_and(|e| e.contains("UTF-16")));
    }
}

#[test]
fn formats_are_named_and_read_back_by_their_names() {
    let names: Vec<String> = Format::ALL.iter().map(Format::to_string).collect();
    assert_eq!(names, ["long", "hxl", "json", "cbp", "ohss", "iom"]);
    for format in Format::ALL {
        assert_eq!(format.as_str().parse::<Format>(), Ok(format));
    }
    assert_eq!(
        "xlsx".parse::<Format>(),
        Err("unknown format 'xlsx': use auto, long, hxl, json, cbp, ohss or iom".to_string())
    );
}

const CBP_HEADER: &str = "Fiscal Year,Month Grouping,Month (abbv),Component,Demographic,Citizenship Grouping,Title of Authority,Encounter Type,Encounter Count\n";

#[test]
fn an_indicator_given_to_an_encounters_file_is_refused_as_such() {
    let options = Options {
        indicator: Some("irregular_entries".into()),
        ..Options::default()
    };
    let cbp = format!("{CBP_HEADER}2024,FYTD,OCT,U.S. Border Patrol,Single Adults,Mexico,Title 8,Apprehensions,5\n");
    for (format, bytes) in [
        (Format::Cbp, cbp.into_bytes()),
        (Format::Ohss, workbook(OHSS_HEADER)),
    ] {
        let (items, report) = parse_with(format, &bytes, &options);
        assert!(items.is_empty());
        let p = first_problem(&report);
        assert!(
            p.starts_with(&format!("input:1: an indicator was given (irregular_entries), but a {format} file counts encounters")),
            "{p}"
        );
    }
}

/// CBP's files are told by four of their columns; three are not enough.
#[test]
fn a_cbp_file_is_recognised_by_all_of_its_columns() {
    assert_eq!(detect(CBP_HEADER.as_bytes()), Ok(Format::Cbp));
    let nationwide = CBP_HEADER.replace("Citizenship Grouping", "Citizenship");
    assert_eq!(detect(nationwide.as_bytes()), Ok(Format::Cbp));
    for column in [
        "Fiscal Year,",
        "Month (abbv),",
        ",Encounter Count",
        "Citizenship Grouping,",
    ] {
        let header = CBP_HEADER.replace(column, "");
        assert_ne!(detect(header.as_bytes()), Ok(Format::Cbp), "{header}");
    }
}

#[test]
fn cbp_breakdowns_keep_their_own_counts_and_a_total_reaches_the_largest_count() {
    // Two spellings of one country: two rows of one breakdown, summed.
    let text = format!(
        "{CBP_HEADER}2024,FYTD,OCT,U.S. Border Patrol,Single Adults,Mexico,Title 8,Apprehensions,5\n\
         2024,FYTD,OCT,U.S. Border Patrol,Single Adults,MEXICO,Title 8,Apprehensions,7\n\
         2024,FYTD,OCT,U.S. Border Patrol,FMUA,Mexico,Title 8,Apprehensions,3\n"
    );
    let (items, report) = parse(Format::Cbp, text.as_bytes());
    assert!(report.problems.is_empty(), "{:?}", report.problems.kept());
    assert_eq!(totals(&items), ["USA/SWB/MEX/encounters 2023-10 15"]);
    let breakdowns: Vec<(String, u64)> = items
        .iter()
        .filter_map(|i| match i {
            Item::Breakdown(b) => Some((b.dims.clone(), b.value)),
            Item::Observation(_) => None,
        })
        .collect();
    let dims = |demographic: &str| {
        format!("component=U.S. Border Patrol;demographic={demographic};title=Title 8;encounter_type=Apprehensions")
    };
    assert_eq!(breakdowns, [(dims("FMUA"), 3), (dims("Single Adults"), 12)]);
    // A total summed from rows may reach the largest count, not pass it.
    for (second, taken) in [(MAX_COUNT / 2, true), (MAX_COUNT / 2 + 1, false)] {
        let text = format!(
            "{CBP_HEADER}2024,FYTD,OCT,U.S. Border Patrol,Single Adults,Mexico,Title 8,Apprehensions,{}\n\
             2024,FYTD,OCT,U.S. Border Patrol,FMUA,Mexico,Title 8,Apprehensions,{second}\n",
            MAX_COUNT / 2
        );
        let (items, report) = parse(Format::Cbp, text.as_bytes());
        assert_eq!(
            totals(&items).len() == 1,
            taken,
            "{:?}",
            report.problems.kept()
        );
        if !taken {
            assert!(first_problem(&report).contains("implausibly large"));
        }
    }
}

#[test]
fn a_cbp_fiscal_year_is_four_digits_and_perhaps_fytd() {
    for (year, taken) in [
        ("2024", true),
        ("2024 (fytd)", true),
        ("2024 (YTD)", false),
        ("20245", false),
        ("2024x", false),
    ] {
        let text = format!("{CBP_HEADER}{year},FYTD,OCT,U.S. Border Patrol,Single Adults,Mexico,Title 8,Apprehensions,5\n");
        let (items, report) = parse(Format::Cbp, text.as_bytes());
        assert_eq!(!items.is_empty(), taken, "{year}");
        if !taken {
            assert!(first_problem(&report).starts_with("input:2:1: "), "{year}");
        }
    }
}

const HXL_TAGS: &str = "#date,#country+code,#country+origin,#loc,#indicator+code,#affected+num";

#[test]
fn hxl_sharing_columns_are_told_apart() {
    let text = format!("{HXL_TAGS},#meta+share_with,#meta+share\n2023-08,PAN,VEN,ALL,irregular_entries,5,CRI;MEX,restricted\n");
    let (items, report) = parse(Format::Hxl, text.as_bytes());
    assert!(report.problems.is_empty(), "{:?}", report.problems.kept());
    let Some(Item::Observation(r)) = items.first() else {
        panic!("a total")
    };
    let sharing = r.sharing.as_ref().expect("the row's sharing");
    assert_eq!(sharing.level, ShareLevel::Restricted);
    assert_eq!(sharing.with, ["CRI", "MEX"]);
}

#[test]
fn hxl_without_a_date_column_says_it_lacks_one() {
    let text = "#country+code,#country+origin,#loc,#indicator+code,#affected+num\nPAN,VEN,ALL,irregular_entries,5\n";
    let (items, report) = parse(Format::Hxl, text.as_bytes());
    assert!(items.is_empty());
    assert_eq!(
        first_problem(&report),
        "input:1: the hashtag row lacks period (#date): tag those columns as shown"
    );
}

/// The hashtag row is looked for in the first 25 rows.
#[test]
fn the_hashtag_row_is_found_up_to_the_25th_row() {
    let file = |before: usize| {
        let mut text = String::new();
        for i in 0..before {
            text.push_str(&format!("a{i},b,c,d,e,f\n"));
        }
        text.push_str(HXL_TAGS);
        text.push_str("\n2023-08,PAN,VEN,ALL,irregular_entries,5\n");
        text
    };
    let (items, report) = parse(Format::Hxl, file(24).as_bytes());
    assert_eq!(items.len(), 1, "{:?}", report.problems.kept());
    let (items, report) = parse(Format::Hxl, file(25).as_bytes());
    assert!(items.is_empty());
    assert!(
        first_problem(&report)
            .contains("no HXL hashtag row (cells like #country+code) in the first 25 rows"),
        "{:?}",
        report.problems.kept()
    );
}

#[test]
fn a_json_file_cut_short_is_said_to_be_truncated() {
    let (items, report) = parse(
        Format::Json,
        br#"[{"reporter":"PAN","location":"ALL","nationality":"VEN","indicator":"irregular_entries","period":"2023-08","value":5},"#,
    );
    assert_eq!(items.len(), 1);
    assert!(
        first_problem(&report).contains("the JSON ends early: the file is truncated"),
        "{:?}",
        report.problems.kept()
    );
}

#[test]
fn an_unknown_long_column_is_named_at_its_column() {
    let text = b"reporter,location,nationality,indicator,period,value,sector\nPAN,ALL,VEN,irregular_entries,2023-08,5,x\n";
    let (_, report) = parse(Format::Long, text);
    assert!(
        first_problem(&report).starts_with("input:1:7: unknown column 'sector'"),
        "{:?}",
        report.problems.kept()
    );
}

fn ohss_region_header(at: u32, from: char) -> String {
    ["Fiscal Year", "Month", "Region", "Citizenship", "Quantity"]
        .iter()
        .enumerate()
        .map(|(i, name)| text_cell(&format!("{}{at}", (from as u8 + i as u8) as char), name))
        .collect()
}

/// The regional sheet, laid out from column B and row 2, as a spreadsheet
/// edited by hand may be: every series is read at its region, and every
/// field is named at its own cell.
#[test]
fn ohss_regions_are_read_and_each_field_named_at_its_cell() {
    let row = |r: u32, region: &str, quantity: &str| {
        format!(
            r#"<row r="{r}"><c r="B{r}"><v>2024</v></c>{}{}{}<c r="F{r}"><v>{quantity}</v></c></row>"#,
            text_cell(&format!("C{r}"), "02 November"),
            text_cell(&format!("D{r}"), region),
            text_cell(&format!("E{r}"), "Mexico"),
        )
    };
    let regions = format!(
        r#"<row r="2">{}</row>{}{}{}{}{}{}"#,
        ohss_region_header(2, 'B'),
        row(3, "Southwest Land Border", "10"),
        row(4, "Northern Land Border", "2"),
        row(5, "Coastal Border", "1"),
        row(6, "Caribbean", "4"),
        row(7, "Coastal Border", "1.5"),
        row(8, "Coastal Border", "-3"),
    );
    let bytes = workbook_of(&[
        ("Monthly Citizenship", OHSS_HEADER),
        ("Monthly Rgn and Citp", &regions),
    ]);
    let mut items = Vec::new();
    let mut sink = |item: Item, at: &Origin| -> Result<(), String> {
        let fields = [
            Field::Period,
            Field::Location,
            Field::Nationality,
            Field::Value,
        ]
        .map(|f| at.field(f).to_string());
        items.push((item, fields.join(" ")));
        Ok(())
    };
    let report = read(
        Format::Ohss,
        Cursor::new(bytes),
        "input",
        &Options::default(),
        &mut sink,
    );
    let problems = report.problems.messages();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(
        problems[0].starts_with("input:Monthly Rgn and Citp!D6: unknown region 'Caribbean'"),
        "{problems:?}"
    );
    assert!(
        problems[1].starts_with("input:Monthly Rgn and Citp!F7: '1.5' is not a count"),
        "{problems:?}"
    );
    assert!(
        problems[2].starts_with("input:Monthly Rgn and Citp!F8: '-3' is not a count"),
        "{problems:?}"
    );
    let read: Vec<String> = items
        .iter()
        .map(|(item, _)| match item {
            Item::Observation(r) => format!("{} {} {}", r.key, r.period, r.value),
            Item::Breakdown(_) => "a breakdown".to_string(),
        })
        .collect();
    assert_eq!(
        read,
        [
            "USA/USBP_SWB/MEX/encounters 2023-11 10",
            "USA/USBP_NLB/MEX/encounters 2023-11 2",
            "USA/USBP_CST/MEX/encounters 2023-11 1",
        ]
    );
    let sheet = "input:Monthly Rgn and Citp!";
    assert_eq!(
        items[1].1,
        format!("{sheet}B4 {sheet}D4 {sheet}E4 {sheet}F4")
    );
}

#[test]
fn an_ohss_sheet_with_another_header_is_refused_at_it() {
    let swapped = OHSS_HEADER
        .replace("Citizenship", "QUANTITY")
        .replace(">Quantity<", ">Citizenship<");
    let short = OHSS_HEADER.replace(
        r#"<c r="D1" t="inlineStr"><is><t>Quantity</t></is></c>"#,
        "",
    );
    for header in [swapped, short] {
        let (items, report) = ohss(&header);
        assert!(items.is_empty());
        let p = first_problem(&report);
        assert!(
            p.starts_with("input:Monthly Citizenship!A1: the sheet's header is")
                && p.contains("has OHSS changed the layout?"),
            "{p}"
        );
    }
}

/// A fiscal year is refused at its cell when either of its ends is not a
/// period, not only when both are not.
#[test]
fn an_ohss_fiscal_year_half_out_of_range_is_refused_at_its_cell() {
    let years = corredor_model::period::YEARS;
    for year in [*years.start(), *years.end() + 1] {
        let data = format!(
            r#"{OHSS_HEADER}<row r="2"><c r="A2"><v>{year}</v></c>{}{}<c r="D2"><v>10</v></c></row>"#,
            text_cell("B2", "06 March"),
            text_cell("C2", "Mexico")
        );
        let (items, report) = ohss(&data);
        assert!(items.is_empty(), "{year}");
        let p = first_problem(&report);
        assert!(
            p.contains("!A2: ") && p.contains("is not a fiscal year"),
            "{p}"
        );
    }
}

/// A cell beyond the 64 columns read is not part of the table.
#[test]
fn an_ohss_cell_beyond_the_columns_read_is_ignored() {
    let stray = |column: &str| {
        let data = format!(
            r#"{OHSS_HEADER}<row r="2"><c r="A2"><v>2024</v></c>{}{}<c r="D2"><v>10</v></c></row><row r="3"><c r="{column}3"><v>7</v></c></row>"#,
            text_cell("B2", "01 October"),
            text_cell("C2", "Mexico")
        );
        let (items, report) = ohss(&data);
        assert_eq!(items.len(), 1);
        report.problems.messages()
    };
    // Column 64 (BL, the last read) holds a cell: its row is a row.
    assert!(!stray("BL").is_empty());
    assert_eq!(stray("BM"), Vec::<String>::new());
}

#[test]
fn iom_counts_not_reported_are_counted_apart() {
    let (items, report) = parse(
        Format::Iom,
        b"month,geo,nat,n\n2023-08,PAN,VEN,NA\n2023-08,PAN,HTI,NA\n2023-08,PAN,CUB,12\n",
    );
    assert!(report.problems.is_empty(), "{:?}", report.problems.kept());
    assert_eq!((items.len(), report.rows, report.not_reported), (1, 1, 2));
}

/// JSON that is not an array of records says what was expected.
#[test]
fn json_of_another_shape_says_what_was_expected() {
    for (text, expected) in [
        (
            &br#"{"reporter":"PAN"}"#[..],
            "expected an array of records",
        ),
        (b"[5]", "expected a record (an object of fields)"),
    ] {
        let (items, report) = parse(Format::Json, text);
        assert!(items.is_empty());
        let p = first_problem(&report);
        assert!(p.contains(expected), "{p}");
    }
}
