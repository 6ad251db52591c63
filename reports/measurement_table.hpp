#pragma once
// The analysis record as a text table for people at a terminal: values in readable units with SI
// prefixes (the record itself keeps the contract's base units), the reason beside every value that
// could not be measured, then the data-quality findings with their source lines and the events.
// Lines stay within 100 columns except for a capture path that is longer by itself.

#include <nlohmann/json.hpp>
#include <string>

namespace needlerig::reports {

/// Renders a record made by make_analysis_record. Reads only the record: whatever it shows is in
/// the JSON too.
std::string render_measurement_table(const nlohmann::ordered_json& record);

}  // namespace needlerig::reports
