#pragma once
// JSON as text: records are printed to terminals and kept as files, and strings in them come from
// files (plan and step names, capture metadata). nlohmann's dump escapes the C0 controls but
// writes the C1 controls (U+0080..U+009F, CSI among them) raw, which some terminals obey; they
// are written as \u0080..\u009f instead (still the same JSON value). Invalid UTF-8 is replaced,
// never thrown on.

#include <nlohmann/json.hpp>
#include <string>

namespace needlerig::reports {

/// `text` (a JSON dump) with every C1 control written as its \u escape.
std::string escape_c1_controls(std::string text);

/// The JSON as text: compact (indent < 0, the canonical form) or indented.
template <typename Json>
std::string json_text(const Json& value, int indent) {
  return escape_c1_controls(value.dump(indent, ' ', false, Json::error_handler_t::replace));
}

}  // namespace needlerig::reports
