#pragma once
// The run record as JSON: the file `record.json` of a run directory, the one that is hashed (and
// later signed). Every other rendering of a run (JUnit, HTML) shows a subset of what is here.
//
// Canonical form (render_run_record_canonical), so that the same record always gives the same
// bytes and so the same SHA-256:
//   - object members sorted by key, byte-wise on their UTF-8 (= code point order); arrays keep
//     the record's order (steps, captures, judged measurements in plan order);
//   - no whitespace between tokens and no trailing newline;
//   - strings in UTF-8, escaped only where JSON requires it (quote, backslash, control
//     characters); bytes that are not valid UTF-8 (capture metadata is copied verbatim from files)
//     become U+FFFD;
//   - integers (counts, lines, indices) as decimal integers; other numbers as nlohmann::json 3.11
//     prints a double (Grisu2: at most 17 significant digits that read back as the same double,
//     with ".0" on whole numbers, exponent form for very large or small magnitudes);
//   - NaN and infinities, which JSON cannot hold, as null (a measurement's null carries an
//     "error" beside it);
//   - absent optional fields as null, never left out, so that every record has the same keys.
// The pretty variant holds the same content, indented for people; it is not what is hashed.

#include <nlohmann/json.hpp>
#include <string>

#include "rig/record/run_record.hpp"

namespace needlerig::reports {

/// The record as a JSON value (keys sorted).
nlohmann::json make_run_record_json(const rig::record::RunRecord& record);

/// The canonical bytes described above.
std::string render_run_record_canonical(const rig::record::RunRecord& record);

/// The same content indented by two spaces, with a final newline.
std::string render_run_record_pretty(const rig::record::RunRecord& record);

}  // namespace needlerig::reports
