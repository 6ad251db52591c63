#include "analysis/sample_intervals.hpp"

#include <algorithm>

namespace needlerig::analysis {

void SampleIntervals::add(std::size_t begin, std::size_t end) {
  if (end <= begin) return;
  if (!runs_.empty() && (begin <= runs_.back().second || runs_.size() >= kMaxRuns)) {
    runs_.back().second = std::max(runs_.back().second, end);
    return;
  }
  runs_.emplace_back(begin, end);
}

bool SampleIntervals::overlaps(std::size_t begin, std::size_t end) const {
  if (end <= begin || runs_.empty()) return false;
  // First run that ends after `begin`; it overlaps when it starts before `end`.
  const auto it = std::upper_bound(runs_.begin(), runs_.end(), begin,
                                   [](std::size_t b, const auto& run) { return b < run.second; });
  return it != runs_.end() && it->first < end;
}

}  // namespace needlerig::analysis
