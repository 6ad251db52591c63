#include "tests/support/synthetic_sample_faults.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include "tests/support/synthetic_capture.hpp"
#include "tests/support/synthetic_sensor_model.hpp"

namespace needlerig::testing {

namespace {
/// First sample index at or after t_s on the exact clock t_k = k / fs (a millionth of a sample
/// of tolerance, so that 0.2 + 0.01 means sample 21 000 at 100 kHz, not 21 001).
Eigen::Index first_index_at(double t_s, double sample_rate_hz, Eigen::Index size) {
  const double k = std::ceil(t_s * sample_rate_hz - 1e-6);
  if (k <= 0.0) return 0;
  return k >= static_cast<double>(size) ? size : static_cast<Eigen::Index>(k);
}

void stick(std::optional<double> from_s, double sample_rate_hz, Eigen::VectorXd& column) {
  if (!from_s || column.size() == 0) return;
  const Eigen::Index first = first_index_at(*from_s, sample_rate_hz, column.size());
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
  const double fs = config.sample_rate_hz;
  stick(config.protrusion_stuck_from_s, fs, channels.protrusion_mm);
  stick(config.force_stuck_from_s, fs, channels.force_n);

  if (config.dropout_start_s && config.dropout_duration_s > 0.0) {
    const Eigen::Index size = channels.time_s.size();
    const Eigen::Index begin = first_index_at(*config.dropout_start_s, fs, size);
    const Eigen::Index end =
        first_index_at(*config.dropout_start_s + config.dropout_duration_s, fs, size);
    std::vector<Eigen::Index> rows;
    rows.reserve(static_cast<std::size_t>(size));
    for (Eigen::Index k = 0; k < size; ++k) {
      if (k < begin || k >= end) rows.push_back(k);
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
