//! What the parser tests share: reading bytes in a format into the items
//! a sink receives, and workbooks written in memory.

#![allow(dead_code)]

use std::io::Cursor;

use corredor_ingest::{read, FileReport, Format, Item, Options, Origin};

pub fn parse(format: Format, bytes: &[u8]) -> (Vec<Item>, FileReport) {
    // IOM's files say their indicator by their name, which `input` is not.
    let options = Options {
        indicator: (format == Format::Iom).then(|| "irregular_entries".into()),
        ..Options::default()
    };
    parse_with(format, bytes, &options)
}

/// Reads `bytes` as the file `input` in `format` with `options`.
pub fn parse_with(format: Format, bytes: &[u8], options: &Options) -> (Vec<Item>, FileReport) {
    let mut items = Vec::new();
    let mut sink = |item: Item, _: &Origin| -> Result<(), String> {
        items.push(item);
        Ok(())
    };
    let report = read(
        format,
        Cursor::new(bytes.to_vec()),
        "input",
        options,
        &mut sink,
    );
    (items, report)
}

/// The first problem a file was refused for, as it is printed.
pub fn first_problem(report: &FileReport) -> String {
    report
        .problems
        .kept()
        .first()
        .expect("a problem")
        .to_string()
}

/// The totals among parsed items, as `KEY PERIOD VALUE`.
pub fn totals(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Observation(r) => Some(format!("{} {} {}", r.key, r.period, r.value)),
            Item::Breakdown(_) => None,
        })
        .collect()
}

/// A workbook with the OHSS sheet, its rows as given (the sheet XML's
/// `<sheetData>` content), written in memory.
pub fn workbook(sheet_data: &str) -> Vec<u8> {
    workbook_of(&[("Monthly Citizenship", sheet_data)])
}

/// A workbook of the sheets given, by name and `<sheetData>` content.
pub fn workbook_of(sheets: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const RELATIONSHIPS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    const DOCUMENT: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let overrides: String = (1..=sheets.len())
        .map(|i| format!(r#"<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#))
        .collect();
    let listed: String = sheets
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            format!(
                r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#,
                n = i + 1
            )
        })
        .collect();
    let links: String = (1..=sheets.len())
        .map(|i| format!(r#"<Relationship Id="rId{i}" Type="{DOCUMENT}/worksheet" Target="worksheets/sheet{i}.xml"/>"#))
        .collect();
    let mut parts = vec![
        (
            "[Content_Types].xml".to_string(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>"#
            ),
        ),
        (
            "_rels/.rels".to_string(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELATIONSHIPS}"><Relationship Id="rId1" Type="{DOCUMENT}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml".to_string(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{DOCUMENT}"><sheets>{listed}</sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels".to_string(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELATIONSHIPS}">{links}</Relationships>"#
            ),
        ),
    ];
    for (i, (_, data)) in sheets.iter().enumerate() {
        parts.push((
            format!("xl/worksheets/sheet{}.xml", i + 1),
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{data}</sheetData></worksheet>"#),
        ));
    }
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

pub fn text_cell(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

pub const OHSS_HEADER: &str = concat!(
    r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Fiscal Year</t></is></c>"#,
    r#"<c r="B1" t="inlineStr"><is><t>Month</t></is></c>"#,
    r#"<c r="C1" t="inlineStr"><is><t>Citizenship</t></is></c>"#,
    r#"<c r="D1" t="inlineStr"><is><t>Quantity</t></is></c></row>"#
);

pub fn ohss(sheet_data: &str) -> (Vec<Item>, FileReport) {
    parse(Format::Ohss, &workbook(sheet_data))
}
