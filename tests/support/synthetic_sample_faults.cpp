#include "tests/support/synthetic_sample_faults.hpp"

#include <limits>
#include <optional>
#include <vector>

#include "tests/support/synthetic_capture.hpp"
#include "tests/support/synthetic_sensor_model.hpp"

namespace needlerig::testing {

namespace {
void stick(const Eigen::VectorXd& time_s, std::optional<double> from_s, Eigen::VectorXd& column) {
  if (!from_s || column.size() == 0) return;
  Eigen::Index first = 0;
  while (first < time_s.size() && time_s(first) < *from_s) ++first;
  const double held = column(first > 0 ? first - 1 : 0);
  for (Eigen::Index k = first; k < column.size(); ++k) column(k) = held;
}

void keep_rows(const std::vector<Eigen::Index>& rows, Eigen::VectorXd& column) {
  if (column.size() == 0) return;
  Eigen::VectorXd kept(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    kept(static_cast<Eigen::Index>(i)) = column(rows[i]);
  column = std::move(kept);
}

void set_nan(const std::vector<std::size_t>& indices, Eigen::VectorXd& column) {
  for (const std::size_t i : indices) {
    if (i < static_cast<std::size_t>(column.size())) {
      column(static_cast<Eigen::Index>(i)) = std::numeric_limits<double>::quiet_NaN();
    }
  }
}
}  // namespace

void apply_sample_faults(const SyntheticPenConfig& config, SampledChannels& channels) {
  stick(channels.time_s, config.protrusion_stuck_from_s, channels.protrusion_mm);
  stick(channels.time_s, config.force_stuck_from_s, channels.force_n);

  if (config.dropout_start_s && config.dropout_duration_s > 0.0) {
    const double begin_s = *config.dropout_start_s;
    const double end_s = begin_s + config.dropout_duration_s;
    std::vector<Eigen::Index> rows;
    rows.reserve(static_cast<std::size_t>(channels.time_s.size()));
    for (Eigen::Index k = 0; k < channels.time_s.size(); ++k) {
      const double t = channels.time_s(k);
      if (t < begin_s || t >= end_s) rows.push_back(k);
    }
    for (Eigen::VectorXd* column :
         {&channels.time_s, &channels.protrusion_mm, &channels.force_n,
          &channels.noise_free_protrusion_mm, &channels.noise_free_force_n}) {
      keep_rows(rows, *column);
    }
  }

  set_nan(config.protrusion_nan_indices, channels.protrusion_mm);
  set_nan(config.force_nan_indices, channels.force_n);
}

}  // namespace needlerig::testing
