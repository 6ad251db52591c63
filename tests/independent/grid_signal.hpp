#pragma once
// Reading a signal known on a fine uniform time grid between its points: crossings of a level
// (the root of the local cubic interpolant), extremes (the vertex of the local parabola), values
// (linear). The ground truth is evaluated on a grid 10 to 40 times finer than the samples, where
// these interpolants are exact to far below any tolerance the measurement engine is held to.

#include <cstddef>
#include <span>
#include <vector>

namespace needlerig::independent {

/// Fraction in [0, 1] between points j and j + 1 where the cubic through points j - 1 .. j + 2
/// (the line through j, j + 1 at the grid's ends) crosses `level`. Requires values[j] and
/// values[j + 1] on either side of the level (or on it).
double crossing_fraction(std::span<const double> values, std::size_t j, double level);

struct GridExtremum {
  double value;
  double position;  // fractional grid index
};

/// The extreme near point j, a local extreme of the grid: the vertex of the parabola through
/// j - 1, j, j + 1; the point itself at the grid's ends or where j is not a strict extreme.
GridExtremum refine_extremum(std::span<const double> values, std::size_t j);

/// Linear interpolation at a fractional grid index.
double value_at(std::span<const double> values, double position);

/// Median (the mean of the two middle values for an even count). Requires values.
double median_of(std::vector<double> values);

/// Mean and sample standard deviation (n - 1).
double mean_of(const std::vector<double>& values);
double sample_std_of(const std::vector<double>& values);

}  // namespace needlerig::independent
