#pragma once
// A skin phantom for the simulator (fixtures/phantoms/*.yaml): how hard the cartridge face presses
// into it (the preload, which relaxes), and how one needle dimples, punctures and rubs it. The
// world multiplies the per-needle figures by the cartridge's needle count (needles taken as
// independent: no bed-of-nails interaction).

#include <filesystem>
#include <string>

namespace needlerig::rig::sim {

struct PhantomModel {
  std::string name;
  // Face contact: preload = k_face * indentation, of which relaxation_fraction decays with
  // relaxation_time_s after each change (a standard linear solid).
  double face_stiffness_n_per_mm = 5.0;
  double relaxation_fraction = 0.2;
  double relaxation_time_s = 2.0;
  // One needle.
  double dimple_stiffness_n_per_mm = 0.07;
  double dimple_stiffening_mm = 0.5;
  double puncture_force_n = 0.03;
  double puncture_force_scatter_rms_n = 0.003;
  double cutting_force_n = 0.008;
  double friction_n_per_mm = 0.012;
  double puncture_drop_time_s = 30e-6;
  double friction_reversal_time_s = 50e-6;
};

/// Reads a phantom. Throws config::ConfigError (file, line, key) for anything malformed or
/// implausible.
PhantomModel load_phantom_model(const std::filesystem::path& file);

}  // namespace needlerig::rig::sim
