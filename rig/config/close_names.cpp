#include "rig/config/close_names.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>

namespace needlerig::rig::config {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::vector<std::string> close_names(std::string_view name,
                                     const std::vector<std::string_view>& candidates,
                                     std::size_t max_count) {
  const std::size_t allowed = std::max<std::size_t>(2, name.size() / 3);
  std::vector<std::pair<std::size_t, std::string_view>> scored;
  for (const auto candidate : candidates) {
    std::size_t distance = edit_distance(name, candidate);
    // "jitter" should find every jitter measurement: a name contained in a candidate is close.
    if (name.size() >= 4 && candidate.find(name) != std::string_view::npos) {
      distance = std::min(distance, allowed);
    }
    if (distance <= allowed) scored.emplace_back(distance, candidate);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (const auto& [distance, candidate] : scored) {
    if (out.size() == max_count) break;
    out.emplace_back(candidate);
  }
  return out;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string_view>& candidates) {
  const auto close = close_names(name, candidates);
  if (close.empty()) return "";
  std::string text = "; did you mean ";
  for (std::size_t i = 0; i < close.size(); ++i) {
    if (i > 0) text += i + 1 == close.size() ? " or " : ", ";
    text += close[i];
  }
  return text + "?";
}

}  // namespace needlerig::rig::config
