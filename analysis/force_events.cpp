#include "analysis/force_events.hpp"

#include <cmath>
#include <limits>

#include "analysis/stroke_extrema.hpp"

namespace needlerig::analysis {

ForceEventProtrusions locate_force_events(LocalFitter& fitter, const double* protrusion,
                                          std::size_t lo, std::size_t hi, std::ptrdiff_t half_width,
                                          double protrusion_noise_rms_mm,
                                          const StrokeForce& force) {
  const double noise_mm2 = protrusion_noise_rms_mm * protrusion_noise_rms_mm;
  // The protrusion at an event, and its variance for the event index's variance (samples^2).
  // The check fit's difference in samples becomes one in protrusion through the same slope.
  const auto at = [&](double index, double index_variance, std::optional<double> check_samples,
                      double check_variance, std::optional<double>& value_mm, double& variance_mm2,
                      std::optional<double>& check_mm, double& check_variance_mm2) {
    const Extremum e = value_near(fitter, protrusion, lo, hi, index, half_width);
    if (!e.ok) return;
    const double slope2 = e.slope_per_sample * e.slope_per_sample;
    value_mm = e.value;
    variance_mm2 = noise_mm2 * e.variance_per_noise + slope2 * index_variance;
    if (check_samples) {
      check_mm = e.slope_per_sample * *check_samples;
      check_variance_mm2 = slope2 * check_variance;
    }
  };
  const auto alternative = [&](double index) {
    if (!std::isfinite(index)) return std::numeric_limits<double>::quiet_NaN();
    const Extremum e = value_near(fitter, protrusion, lo, hi, index, half_width);
    return e.ok ? e.value : std::numeric_limits<double>::quiet_NaN();
  };
  ForceEventProtrusions events;
  if (const auto& contact = force.contact) {
    at(contact->index, contact->index_variance, contact->check_difference, contact->check_variance,
       events.contact_mm, events.contact_variance_mm2, events.contact_check_mm,
       events.contact_check_variance_mm2);
  }
  const PunctureFinding& puncture = force.puncture;
  if (puncture.punctured) {
    at(puncture.index, puncture.index_variance, puncture.check_difference, puncture.check_variance,
       events.puncture_mm, events.puncture_variance_mm2, events.puncture_check_mm,
       events.puncture_check_variance_mm2);
  }
  events.other_contact_mm = alternative(force.other_contact.index);
  if (force.other_puncture_index)
    events.other_puncture_mm = alternative(*force.other_puncture_index);
  events.puncture_flip_mm = alternative(puncture.flip.index);
  events.earlier_puncture_mm = alternative(puncture.earlier.index);
  return events;
}

void set_insertion_and_penetration(const StrokeForce& force, const ForceEventProtrusions& events,
                                   StrokeDetail& detail) {
  const double p_max = detail.protrusion_max_mm;
  const PunctureFinding& puncture = force.puncture;
  if (events.contact_mm) {
    detail.insertion_travel_mm = p_max - *events.contact_mm;
    detail.insertion_travel_variance_mm2 =
        detail.protrusion_max_variance_mm2 + events.contact_variance_mm2;
    detail.insertion_doubt.add(force.other_contact.probability,
                               *events.contact_mm - events.other_contact_mm);
    detail.contact_check_difference_mm = events.contact_check_mm;
    detail.contact_check_variance_mm2 = events.contact_check_variance_mm2;
  }
  detail.punctured = puncture.punctured;
  const double penetration = events.puncture_mm ? p_max - *events.puncture_mm : 0.0;
  detail.penetration_depth_mm = penetration;
  if (events.puncture_mm) {
    detail.penetration_depth_variance_mm2 =
        detail.protrusion_max_variance_mm2 + events.puncture_variance_mm2;
    detail.puncture_check_difference_mm = events.puncture_check_mm;
    detail.puncture_check_variance_mm2 = events.puncture_check_variance_mm2;
  }
  // The puncture decided the other way: none (0), or one at the nearest miss.
  const double flipped = puncture.punctured ? 0.0 : p_max - events.puncture_flip_mm;
  detail.penetration_doubt.add(puncture.flip.probability, flipped - penetration);
  detail.puncture_doubt.add(puncture.flip.probability, puncture.punctured ? -1.0 : 1.0);
  // A narrow miss before the puncture found: the puncture there, deeper.
  detail.penetration_doubt.add(puncture.earlier.probability,
                               p_max - events.earlier_puncture_mm - penetration);
  // The first touch decided the other way, and the puncture that follows from it.
  const bool other_punctured = force.other_puncture_index.has_value();
  const double other_penetration = other_punctured ? p_max - events.other_puncture_mm : 0.0;
  detail.penetration_doubt.add(force.other_contact.probability, other_penetration - penetration);
  detail.puncture_doubt.add(force.other_contact.probability,
                            (other_punctured ? 1.0 : 0.0) - (puncture.punctured ? 1.0 : 0.0));
}

}  // namespace needlerig::analysis
