#pragma once
// Suggestions for a misspelt name ("depth_eror" -> "depth_error"), so that a typo in a plan or a
// rig configuration file is fixed from the error message alone.

#include <string>
#include <string_view>
#include <vector>

namespace needlerig::rig::config {

/// The candidates closest to `name` (edit distance at most a third of its length, at least 2, or
/// sharing a long common part), best first, at most `max_count`.
std::vector<std::string> close_names(std::string_view name,
                                     const std::vector<std::string_view>& candidates,
                                     std::size_t max_count = 3);

/// "; did you mean a, b?" or "" when nothing is close.
std::string did_you_mean(std::string_view name, const std::vector<std::string_view>& candidates);

}  // namespace needlerig::rig::config
