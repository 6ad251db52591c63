#include "analysis/clipped_plateau.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace needlerig::analysis {
namespace {

/// A straight line fitted to direction * x[begin, end), evaluated at sample position `at`: the
/// value and its standard error from the fit's residuals.
struct LineValue {
  double value = 0.0;
  double standard_error = 0.0;
};

LineValue line_at(const double* x, std::size_t begin, std::size_t end, int direction, double at) {
  const double count = static_cast<double>(end - begin);
  double t_mean = 0.0, v_mean = 0.0;
  for (std::size_t k = begin; k < end; ++k) {
    t_mean += static_cast<double>(k);
    v_mean += direction * x[k];
  }
  t_mean /= count;
  v_mean /= count;
  double stt = 0.0, stv = 0.0;
  for (std::size_t k = begin; k < end; ++k) {
    const double dt = static_cast<double>(k) - t_mean;
    stt += dt * dt;
    stv += dt * (direction * x[k] - v_mean);
  }
  const double slope = stv / stt;
  double residual_sq = 0.0;
  for (std::size_t k = begin; k < end; ++k) {
    const double r = direction * x[k] - (v_mean + slope * (static_cast<double>(k) - t_mean));
    residual_sq += r * r;
  }
  const double sigma = std::sqrt(residual_sq / (count - 2.0));
  const double distance = at - t_mean;
  return {v_mean + slope * distance, sigma * std::sqrt(1.0 / count + distance * distance / stt)};
}

}  // namespace

bool plateau_is_clipped(const double* x, std::size_t n, std::size_t begin, std::size_t end,
                        int direction) {
  const std::size_t length = end - begin;
  const std::size_t flank = std::clamp<std::size_t>(length / 2, 4, 16);
  if (begin < flank || end + flank >= n) return false;  // at the capture's edge: no flanks to fit
  // The converter step: the smallest change between neighbours on the flanks.
  double step = std::numeric_limits<double>::infinity();
  for (std::size_t k = begin - flank; k < end + flank; ++k) {
    const double change = std::abs(x[k + 1] - x[k]);
    if (change > 0.0) step = std::min(step, change);
  }
  const double converter_step = std::isfinite(step) ? step : 0.0;
  // Each flank's line carried to the plateau's centre. On a smooth peak rounded to one code the
  // lines arrive within 2.5 steps of it (the peak is within half a step of the code, the secants'
  // excess at most two more); the lines of a clipped signal rise well past it.
  const double centre = 0.5 * static_cast<double>(begin + end - 1);
  const double plateau = direction * x[begin];
  for (const LineValue line : {line_at(x, begin - flank, begin, direction, centre),
                               line_at(x, end, end + flank, direction, centre)}) {
    if (!(line.value - plateau > 3.0 * converter_step + 3.0 * line.standard_error)) return false;
  }
  return true;
}

}  // namespace needlerig::analysis
