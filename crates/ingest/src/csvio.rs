//! Reading CSV as analysts actually save it, with the `csv` crate doing the
//! parsing. What this module adds is what the crate leaves to its callers:
//! a byte-order mark, the `;` delimiter of Spanish-locale spreadsheets, files
//! that are not UTF-8, blank lines, rows of the wrong width and absurdly long
//! lines, each turned into a message that says where and what to do.
//!
//! It is the project's one CSV reader: the parsers of this crate, and
//! every other crate that takes a CSV file (placement, key inputs,
//! publishers' figures, pledges, rates, labour files, training data), read
//! through [`open`], so that a file is accepted or refused for the same
//! reasons, with the same words at the same [`Position`], whichever command
//! reads it. It streams: a row is handed over as soon as it is read, in a
//! record reused from row to row.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::rc::Rc;
use std::sync::Arc;

use crate::{Position, Problem, Problems};

/// A row longer than this is not a row of statistics (a truncated file or a
/// binary pasted in); refusing it early keeps messages and memory sane.
pub const MAX_ROW_BYTES: usize = 1 << 20;

const LF: u8 = b'\n';
const CR: u8 = b'\r';

/// An open CSV file: its header, then its rows one at a time, so that a
/// file of any size is read in one pass and bounded memory. Every reader of
/// a CSV file in the project goes through it (observations, placement,
/// key inputs, publishers' files, pledges, rates, labour records, training
/// data), so a file is refused for the same reasons with the same words
/// whichever command reads it.
pub struct Reader<R: Read> {
    file: Arc<str>,
    reader: csv::Reader<LineCounter<BufReader<R>>>,
    record: csv::StringRecord,
    ends: Rc<RefCell<LineEnds>>,
    header: Vec<String>,
    header_line: u64,
    /// The line of the last row read, until the end of the file is seen.
    last_line: Option<u64>,
}

/// A row that could not be used; its problem has been recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Skipped;

/// Where the lines end, for the bytes the CSV reader has read but the
/// caller has not yet passed. The `csv` crate reports a record's position as
/// where it started looking, before any blank lines it skipped, and may stop
/// between the `\r` and `\n` of a Windows line end; counting line ends
/// ourselves gives true line numbers and lets blank lines be reported. Only
/// the line ends in the reader's look-ahead are kept: memory stays bounded.
#[derive(Default)]
struct LineEnds {
    /// Offset where each line end starts (the `\r` of a `\r\n`), and
    /// whether it is a `\r\n`.
    pending: VecDeque<(u64, bool)>,
    /// Line ends before the first pending one.
    passed: u64,
    /// Quote characters read so far: a file whose count is odd at its end
    /// ends inside a quoted field (every quoted field, its doubled quotes
    /// included, holds an even number).
    quotes: u64,
}

impl LineEnds {
    /// The 1-based line of byte `offset`; forgets line ends before it.
    fn line_of(&mut self, offset: u64) -> u64 {
        while self.pending.front().is_some_and(|&(n, _)| n < offset) {
            self.pending.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }

    /// Line ends that start in `start..end`, and whether the record ending
    /// at `end` ended with one.
    fn between(&self, start: u64, end: u64) -> (u64, bool) {
        // Pending ends are in order and none is before `start` once
        // `line_of(start)` has run, so this stops at the record's end.
        let mut count = 0;
        let mut last = None;
        for &(n, crlf) in self.pending.iter().take_while(|&&(n, _)| n < end) {
            if n >= start {
                count += 1;
                last = Some((n, crlf));
            }
        }
        let terminated = last.is_some_and(|(n, crlf)| n + 1 == end || (crlf && n + 2 == end));
        (count, terminated)
    }
}

struct LineCounter<R> {
    inner: R,
    offset: u64,
    previous_was_cr: bool,
    ends: Rc<RefCell<LineEnds>>,
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut ends = self.ends.borrow_mut();
        for (i, &b) in buf[..n].iter().enumerate() {
            if b == LF {
                let at = self.offset + i as u64;
                if self.previous_was_cr {
                    ends.pending.push_back((at - 1, true));
                } else {
                    ends.pending.push_back((at, false));
                }
            }
            self.previous_was_cr = b == CR;
        }
        ends.quotes += buf[..n].iter().filter(|&&b| b == b'"').count() as u64;
        self.offset += n as u64;
        Ok(n)
    }
}

/// One data row: its true line and its fields as text.
pub struct Row<'r> {
    pub line: u64,
    file: &'r Arc<str>,
    record: &'r csv::StringRecord,
}

impl<'r> Row<'r> {
    /// Field `i` (0-based) as written, `""` past the end.
    pub fn get(&self, i: usize) -> &'r str {
        self.record.get(i).unwrap_or("")
    }

    /// Field `i` without surrounding spaces.
    pub fn cell(&self, i: usize) -> &'r str {
        self.get(i).trim()
    }

    pub fn len(&self) -> usize {
        self.record.len()
    }

    pub fn is_empty(&self) -> bool {
        self.record.is_empty()
    }

    pub fn fields(&self) -> impl Iterator<Item = &'r str> {
        self.record.iter()
    }

    /// Where field `i` (0-based) is.
    pub fn at(&self, i: usize) -> Position {
        position(self.file, self.line, Some(i + 1))
    }

    /// Where the row is, for a problem of the row as a whole.
    pub fn whole(&self) -> Position {
        position(self.file, self.line, None)
    }
}

fn position(file: &Arc<str>, line: u64, column: Option<usize>) -> Position {
    Position::Text {
        file: file.clone(),
        line,
        column,
    }
}

fn problem(problems: &mut Problems, at: Position, message: impl Into<String>) {
    problems.push(Problem {
        at,
        message: message.into(),
    });
}

/// Opens `input` as CSV and reads its first row, the header (fields
/// trimmed). `file` is how problems name the file. `None` after recording
/// why the file cannot be read as CSV at all.
pub fn open<R: Read>(
    file: impl Into<Arc<str>>,
    input: R,
    problems: &mut Problems,
) -> Option<Reader<R>> {
    open_inner(file.into(), input, false, problems)
}

/// As [`open`], for a file that may begin with lines starting with `#`
/// that say what it holds (a hand-kept list, such as the backtest's
/// events): they are skipped, and line numbers still count them. Files
/// whose first row may itself start with `#` (HXL) use [`open`].
pub fn open_after_comments<R: Read>(
    file: impl Into<Arc<str>>,
    input: R,
    problems: &mut Problems,
) -> Option<Reader<R>> {
    open_inner(file.into(), input, true, problems)
}

fn open_inner<R: Read>(
    file: Arc<str>,
    input: R,
    comments: bool,
    problems: &mut Problems,
) -> Option<Reader<R>> {
    let at = |column| position(&file, 1, column);
    let mut buf = BufReader::with_capacity(1 << 16, input);
    let head = match buf.fill_buf() {
        Ok(h) => h,
        Err(e) => {
            problem(problems, at(None), format!("cannot read the file: {e}"));
            return None;
        }
    };
    if head.is_empty() {
        problem(
            problems,
            at(None),
            "the file is empty: expected a header line",
        );
        return None;
    }
    if let Err(message) = refuse_workbook(head) {
        problem(problems, at(None), message);
        return None;
    }
    if let Err(message) = refuse_utf16(head) {
        problem(problems, at(Some(1)), message);
        return None;
    }
    if head.starts_with(b"\xEF\xBB\xBF") {
        // A UTF-8 byte-order mark, as Excel writes in "CSV UTF-8": harmless,
        // and left in place it would become part of the first column name.
        buf.consume(3);
    }
    let mut ends = LineEnds::default();
    while comments && buf.fill_buf().is_ok_and(|h| h.starts_with(b"#")) {
        if let Err(e) = buf.read_until(LF, &mut Vec::new()) {
            problem(problems, at(None), format!("cannot read the file: {e}"));
            return None;
        }
        ends.passed += 1;
    }
    if let Err(message) = refuse_lone_cr(buf.fill_buf().unwrap_or(&[])) {
        problem(problems, at(None), message);
        return None;
    }
    let delimiter = match sniff_delimiter(buf.fill_buf().unwrap_or(&[])) {
        Ok(d) => d,
        Err(message) => {
            problem(problems, at(None), message);
            return None;
        }
    };
    let ends = Rc::new(RefCell::new(ends));
    let reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(LineCounter {
            inner: buf,
            offset: 0,
            previous_was_cr: false,
            ends: ends.clone(),
        });
    let mut input = Reader {
        file,
        reader,
        record: csv::StringRecord::new(),
        ends,
        header: Vec::new(),
        header_line: 1,
        last_line: None,
    };
    // Blank lines (or comments) only: no header, and said so, or a reader
    // would take the file for one with no rows.
    let Some(first) = input.next_row(problems) else {
        problem(
            problems,
            input.at(1, None),
            "the file has only blank lines: expected a header line",
        );
        return None;
    };
    let (header, line) = match first {
        Ok(row) => (
            row.fields().map(|f| f.trim().to_string()).collect(),
            row.line,
        ),
        Err(Skipped) => return None,
    };
    input.header = header;
    input.header_line = line;
    Some(input)
}

/// A workbook read as CSV (a format forced on it, or its extension lost)
/// would be refused for whatever its bytes first look like; it is named
/// for what it is.
pub(crate) fn refuse_workbook(head: &[u8]) -> Result<(), String> {
    if head.starts_with(b"PK\x03\x04") {
        return Err("the file is a workbook (.xlsx, a zip archive), not CSV: import it without --format, or save it as \"CSV UTF-8\"".into());
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err("the file is an old Excel workbook (.xls): save it as .xlsx or as \"CSV UTF-8\" and import again".into());
    }
    if head.starts_with(&[0xFF, 0xFE, 0, 0]) || head.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err("the file is UTF-32: save it as \"CSV UTF-8\" and import again".into());
    }
    Ok(())
}

/// Text files must be UTF-8; UTF-16 (what Excel's "Unicode text" writes)
/// is recognised by its byte-order mark, or without one by the zero byte
/// beside every character of a header in ASCII, and refused with the fix.
pub(crate) fn refuse_utf16(head: &[u8]) -> Result<(), String> {
    let pairs: Vec<&[u8]> = head.chunks_exact(2).take(16).collect();
    let unmarked = pairs.len() >= 4
        && (pairs.iter().all(|p| p[1] == 0 && p[0] != 0)
            || pairs.iter().all(|p| p[0] == 0 && p[1] != 0));
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) || unmarked {
        return Err("the file is UTF-16 (Excel's \"Unicode text\"): save it as \"CSV UTF-8\" and import again".into());
    }
    Ok(())
}

/// Lines ended by a carriage return alone (classic Mac OS, some old
/// exports) are refused with the fix: the CSV reader splits rows there,
/// but lines could not be counted as the reader's editor shows them.
pub(crate) fn refuse_lone_cr(head: &[u8]) -> Result<(), String> {
    match head.iter().position(|&b| b == b'\r' || b == LF) {
        Some(i) if head[i] == b'\r' && head.get(i + 1).is_some_and(|&b| b != LF) => Err(
            "lines end with a carriage return alone (an old Mac format): save the file as \"CSV UTF-8\" and import again".into(),
        ),
        _ => Ok(()),
    }
}

/// The delimiter of the first line: `,`, or `;` as spreadsheets in Spanish
/// and other comma-decimal locales write it. Tabs and pipes are refused
/// with the fix rather than guessed at.
pub(crate) fn sniff_delimiter(head: &[u8]) -> Result<u8, String> {
    let line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    let count = |d: u8| line.iter().filter(|&&b| b == d).count();
    let (commas, semis, tabs, pipes) = (count(b','), count(b';'), count(b'\t'), count(b'|'));
    if semis > commas {
        return Ok(b';');
    }
    if commas == 0 && (tabs > 0 || pipes > 0) {
        let what = if tabs >= pipes { "tabs" } else { "'|'" };
        return Err(format!(
            "the header is separated by {what}, not commas: save the file as CSV (comma-separated), or use ';'"
        ));
    }
    Ok(b',')
}

impl<R: Read> Reader<R> {
    /// The header's fields, trimmed.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The header's line: 1 but after comments.
    pub fn header_line(&self) -> u64 {
        self.header_line
    }

    /// The index of the header's column `name` (case and surrounding
    /// spaces ignored).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name.trim()))
    }

    /// The first two columns (1-based) named `name` (case and surrounding
    /// spaces ignored), when the header gives it more than once: which of
    /// them holds the figures cannot be told.
    pub fn repeated(&self, name: &str) -> Option<(usize, usize)> {
        let mut at = self
            .header
            .iter()
            .enumerate()
            .filter(|(_, h)| h.eq_ignore_ascii_case(name.trim()))
            .map(|(i, _)| i + 1);
        Some((at.next()?, at.next()?))
    }

    /// The name problems cite.
    pub fn file(&self) -> &Arc<str> {
        &self.file
    }

    /// A position in this file; `column` is 1-based.
    pub fn at(&self, line: u64, column: Option<usize>) -> Position {
        position(&self.file, line, column)
    }

    /// Calls `each` with every usable row; the others' problems are
    /// recorded and reading goes on, so a file's every problem is found in
    /// one pass.
    pub fn for_each_row(
        &mut self,
        problems: &mut Problems,
        mut each: impl FnMut(&Row, &mut Problems),
    ) {
        while let Some(row) = self.next_row(problems) {
            if let Ok(row) = row {
                each(&row, problems);
            }
        }
    }

    /// The next row, `Some(Err(Skipped))` if it was unusable (its problem
    /// recorded in `problems`), `None` at the end of the file.
    pub fn next_row(&mut self, problems: &mut Problems) -> Option<Result<Row<'_>, Skipped>> {
        let mut record = std::mem::take(&mut self.record).into_byte_record();
        let read = self.reader.read_byte_record(&mut record);
        match read {
            Ok(false) => {
                // The csv crate ends a quoted field at the end of the file
                // without a word: a file cut off inside one would lose its
                // last figure silently.
                if let Some(line) = self.last_line.take() {
                    if self.ends.borrow().quotes % 2 == 1 {
                        problem(
                            problems,
                            self.at(line, None),
                            "the file ends inside a quoted field (a quote opened here or above is never closed): the file looks truncated",
                        );
                    }
                }
                return None;
            }
            Ok(true) => {}
            Err(e) => {
                let byte = e.position().map_or(0, |p| p.byte());
                let line = self.ends.borrow_mut().line_of(byte);
                problem(
                    problems,
                    self.at(line, None),
                    format!("cannot read this line as CSV: {e}"),
                );
                self.record = csv::StringRecord::from_byte_record_lossy(record);
                return Some(Err(Skipped));
            }
        }
        let start = record.position().map_or(0, |p| p.byte());
        let end = self.reader.position().byte();
        let (line, blank, terminated) = {
            let mut nl = self.ends.borrow_mut();
            let reported = nl.line_of(start);
            let (count, terminated) = nl.between(start, end);
            let own = line_feeds(record.as_slice()) + u64::from(terminated);
            let blank = count.saturating_sub(own);
            (
                reported + blank,
                (blank > 0).then_some(reported),
                terminated,
            )
        };
        self.last_line = Some(line);
        if let Some(blank_line) = blank {
            problem(
                problems,
                self.at(blank_line, None),
                "blank line: remove it (a blank line inside a file often means two files were pasted together)",
            );
        }
        let size = record.as_slice().len();
        let width = self.header.len();
        let refusal = if size > MAX_ROW_BYTES {
            Some(format!(
                "line is {:.1} MB long; a row of statistics never is: is the file truncated, or not a CSV?",
                size as f64 / 1e6
            ))
        } else if width > 0 && record.len() != width {
            let hint = if !terminated && record.len() < width {
                " and the file ends inside it: the file looks truncated"
            } else if record.len() == 1 && width > 1 {
                " (is the row separated by another delimiter than the header?)"
            } else {
                ""
            };
            Some(format!(
                "this row has {} fields but the header has {width}{hint}",
                record.len()
            ))
        } else {
            None
        };
        if let Some(message) = refusal {
            problem(problems, self.at(line, None), message);
            self.record = csv::StringRecord::from_byte_record_lossy(record);
            return Some(Err(Skipped));
        }
        // One check of the whole row (fields are slices of it, cut at ASCII
        // delimiters), and no copy: the record is reused row after row.
        match csv::StringRecord::from_byte_record(record) {
            Ok(text) => self.record = text,
            Err(e) => {
                let bad = e.into_byte_record();
                for (i, raw) in bad.iter().enumerate() {
                    if let Err(u) = std::str::from_utf8(raw) {
                        problem(
                            problems,
                            self.at(line, Some(i + 1)),
                            not_utf8(raw[u.valid_up_to()]),
                        );
                    }
                }
                self.record = csv::StringRecord::from_byte_record_lossy(bad);
                return Some(Err(Skipped));
            }
        }
        Some(Ok(Row {
            line,
            file: &self.file,
            record: &self.record,
        }))
    }
}

/// Line feeds in `bytes`.
fn line_feeds(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == LF).count() as u64
}

pub(crate) fn not_utf8(byte: u8) -> String {
    let guess = if byte >= 0xA0 {
        format!(
            " (byte 0x{byte:02X} is '{}' in Latin-1/Windows-1252)",
            char::from(byte)
        )
    } else {
        String::new()
    };
    format!("text is not UTF-8{guess}: save the file as \"CSV UTF-8\" and import again")
}

/// Reports each of `names` the header gives more than once (case and
/// surrounding spaces ignored), at the header's line and the repeat's
/// column: which of the two holds the figures cannot be told. `true` when
/// none is repeated.
pub(crate) fn refuse_repeated<R: Read>(
    csv: &Reader<R>,
    names: &[&str],
    problems: &mut Problems,
) -> bool {
    let mut fine = true;
    for name in names {
        if let Some((first, again)) = csv.repeated(name) {
            fine = false;
            problem(
                problems,
                csv.at(csv.header_line, Some(again)),
                repeated_message(name, first, again),
            );
        }
    }
    fine
}

/// What a problem says of a column given twice.
pub fn repeated_message(name: &str, first: usize, again: usize) -> String {
    format!(
        "the column '{name}' is given twice (columns {first} and {again}): keep the one that holds the figures"
    )
}

/// Finds each wanted column in a header by name (case and surrounding
/// spaces ignored); reports every missing required column, and every
/// wanted column given twice, at the header's line.
pub(crate) fn locate<R: Read>(
    csv: &Reader<R>,
    required: &[&str],
    optional: &[&str],
    problems: &mut Problems,
) -> Option<(Vec<usize>, Vec<Option<usize>>)> {
    let wanted: Vec<&str> = required.iter().chain(optional).copied().collect();
    if !refuse_repeated(csv, &wanted, problems) {
        return None;
    }
    let mut missing = Vec::new();
    let req: Vec<usize> = required
        .iter()
        .filter_map(|n| {
            csv.column(n).or_else(|| {
                missing.push(*n);
                None
            })
        })
        .collect();
    if !missing.is_empty() {
        problem(
            problems,
            csv.at(csv.header_line, None),
            format!(
                "the header lacks the column(s) {}: the header must name {}",
                missing.join(", "),
                required.join(",")
            ),
        );
        return None;
    }
    Some((req, optional.iter().map(|n| csv.column(n)).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_sniffed_from_the_header() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3"), Ok(b','));
        assert_eq!(sniff_delimiter(b"a;b;c\n"), Ok(b';'));
        assert!(sniff_delimiter(b"a\tb\tc\n").unwrap_err().contains("tabs"));
        assert!(sniff_delimiter(b"a|b|c\n").unwrap_err().contains("'|'"));
    }

    #[test]
    fn a_workbook_or_utf32_read_as_csv_is_named_for_what_it_is() {
        let said = |bytes: &[u8]| {
            let mut problems = Problems::default();
            assert!(open("f.csv", bytes, &mut problems).is_none());
            problems.kept()[0].to_string()
        };
        assert!(said(b"PK\x03\x04\x14\x00\x06\x00").contains("workbook (.xlsx"));
        assert!(said(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).contains(".xls"));
        assert!(said(&[0xFF, 0xFE, 0, 0, b'a', 0, 0, 0]).contains("UTF-32"));
    }

    #[test]
    fn a_file_cut_off_inside_a_quoted_field_is_refused() {
        let read = |text: &[u8]| {
            let mut problems = Problems::default();
            let mut csv = open("q.csv", text, &mut problems).unwrap();
            let mut rows = 0;
            csv.for_each_row(&mut problems, |_, _| rows += 1);
            let shown: Vec<String> = problems.kept().iter().map(ToString::to_string).collect();
            (rows, shown)
        };
        for cut in [
            &b"a,b\n1,2\n3,\"5"[..],
            b"a,b\n1,2\n3,\"5\n",
            b"a,b\n1,2\n3,\"5\n6,7\n",
        ] {
            let (_, shown) = read(cut);
            assert_eq!(shown.len(), 1, "{shown:?}");
            assert!(
                shown[0].starts_with("q.csv:3: the file ends inside a quoted field"),
                "{shown:?}"
            );
        }
        // Closed quotes, doubled quotes and no final line end are fine.
        for fine in [
            &b"a,b\n1,\"2\""[..],
            b"a,b\n1,\"x \"\"y\"\"\"\n",
            b"a,b\n1,2",
        ] {
            let (rows, shown) = read(fine);
            assert_eq!((rows, shown.len()), (1, 0), "{shown:?}");
        }
    }

    #[test]
    fn leading_comments_are_skipped_and_still_counted_as_lines() {
        let text = b"# what the file holds\n# and where from\na,b\n1,2\n\n3\n";
        let mut problems = Problems::default();
        let mut csv = open_after_comments("e.csv", &text[..], &mut problems).unwrap();
        assert_eq!(csv.header(), ["a", "b"]);
        assert_eq!(csv.header_line(), 3);
        let mut rows = Vec::new();
        csv.for_each_row(&mut problems, |row, _| {
            rows.push((row.line, row.cell(1).to_string(), row.at(1).to_string()))
        });
        assert_eq!(rows, [(4, "2".to_string(), "e.csv:4:2".to_string())]);
        let shown: Vec<String> = problems.kept().iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 2, "{shown:#?}");
        assert!(shown[0].starts_with("e.csv:5: blank line"), "{shown:#?}");
        assert!(
            shown[1].starts_with("e.csv:6: this row has 1 fields but the header has 2"),
            "{shown:#?}"
        );
        // Without comments allowed, a first row starting with `#` is the
        // header (HXL's hashtag row may be it).
        let csv = open("h.csv", &b"#date,#affected\n"[..], &mut Problems::default()).unwrap();
        assert_eq!(csv.header(), ["#date", "#affected"]);
    }

    #[test]
    fn a_file_of_blank_lines_or_comments_only_has_no_header_and_says_so() {
        for (text, comments) in [
            (&b"\n"[..], false),
            (&b"\r\n\n\n"[..], false),
            (&b"# only a comment\n\n"[..], true),
        ] {
            let mut problems = Problems::default();
            let opened = if comments {
                open_after_comments("b.csv", text, &mut problems)
            } else {
                open("b.csv", text, &mut problems)
            };
            assert!(opened.is_none(), "{text:?}");
            assert!(
                problems
                    .kept()
                    .iter()
                    .any(|p| p.to_string().contains("expected a header line")),
                "{text:?}: {:?}",
                problems.kept()
            );
        }
    }
}
