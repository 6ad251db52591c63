#include "rig/sim/phantom_model.hpp"

#include "rig/config/yaml_file.hpp"
#include "rig/config/yaml_map.hpp"

namespace needlerig::rig::sim {

PhantomModel load_phantom_model(const std::filesystem::path& file) {
  // source: free text, the publications the figures come from.
  const config::YamlMap root(config::load_yaml_file(file.string()), file.string(), "",
                             {"name", "source", "face", "needle"});
  PhantomModel p;
  p.name = root.text("name");
  const auto face =
      root.map("face", {"stiffness_n_per_mm", "relaxation_fraction", "relaxation_time_s"});
  p.face_stiffness_n_per_mm = face.number_in("stiffness_n_per_mm", 0.01, 1000.0);
  p.relaxation_fraction =
      face.number_in_or("relaxation_fraction", 0.0, 0.95, p.relaxation_fraction);
  p.relaxation_time_s = face.number_in_or("relaxation_time_s", 1e-3, 1e4, p.relaxation_time_s);

  const auto needle =
      root.map("needle", {"dimple_stiffness_n_per_mm", "dimple_stiffening_mm", "puncture_force_n",
                          "puncture_force_scatter_rms_n", "cutting_force_n", "friction_n_per_mm",
                          "puncture_drop_time_s", "friction_reversal_time_s"});
  p.dimple_stiffness_n_per_mm = needle.number_in("dimple_stiffness_n_per_mm", 1e-4, 100.0);
  p.dimple_stiffening_mm = needle.number_in("dimple_stiffening_mm", 0.01, 100.0);
  p.puncture_force_n = needle.number_in("puncture_force_n", 1e-4, 10.0);
  p.puncture_force_scatter_rms_n =
      needle.number_in_or("puncture_force_scatter_rms_n", 0.0, p.puncture_force_n, 0.0);
  p.cutting_force_n = needle.number_in("cutting_force_n", 0.0, p.puncture_force_n);
  p.friction_n_per_mm = needle.number_in("friction_n_per_mm", 0.0, 100.0);
  p.puncture_drop_time_s =
      needle.number_in_or("puncture_drop_time_s", 1e-6, 1e-2, p.puncture_drop_time_s);
  p.friction_reversal_time_s =
      needle.number_in_or("friction_reversal_time_s", 1e-6, 1e-2, p.friction_reversal_time_s);
  return p;
}

}  // namespace needlerig::rig::sim
