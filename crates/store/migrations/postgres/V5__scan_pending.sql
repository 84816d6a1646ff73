-- Series an import changed whose early warning has not run yet. An import
-- marks them in its own transaction; the scan that follows clears the marks
-- it covered. A mark left behind (the process stopped between the commit
-- and the scan) is scanned at the next start of the server or the next
-- import, so no alert is lost to a crash.
CREATE TABLE scan_pending (
    reporter TEXT NOT NULL,
    location TEXT NOT NULL,
    nationality TEXT NOT NULL,
    indicator TEXT NOT NULL,
    marked_at TEXT NOT NULL,
    PRIMARY KEY (reporter, location, nationality, indicator)
);
