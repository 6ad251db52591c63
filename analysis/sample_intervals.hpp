#pragma once
// Sorted, disjoint runs of sample indices (non-finite or saturated samples), so that a stroke
// window can be checked against them without a per-sample mask of the whole capture.

#include <cstddef>
#include <utility>
#include <vector>

namespace needlerig::analysis {

class SampleIntervals {
 public:
  /// Past this many runs the last run absorbs every later one: a conservative bound on memory for
  /// pathological captures (every other sample bad) that only over-rejects strokes.
  static constexpr std::size_t kMaxRuns = 1U << 16;

  /// Adds [begin, end); calls must come in increasing order of begin.
  void add(std::size_t begin, std::size_t end);
  /// True when any sample of [begin, end) is in a run.
  bool overlaps(std::size_t begin, std::size_t end) const;
  bool empty() const { return runs_.empty(); }
  std::size_t run_count() const { return runs_.size(); }

 private:
  std::vector<std::pair<std::size_t, std::size_t>> runs_;
};

}  // namespace needlerig::analysis
