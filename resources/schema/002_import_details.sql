-- Schema step 2: warnings of an import (JSON list of plain-text messages), the column a rejected
-- row failed on, and the file's modification time so that a re-import of the same file is visible.
ALTER TABLE imports ADD COLUMN warnings TEXT;
ALTER TABLE imports ADD COLUMN file_modified_at TEXT;
ALTER TABLE rejected_rows ADD COLUMN column_name TEXT;
