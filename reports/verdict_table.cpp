#include "reports/verdict_table.hpp"

#include <fmt/format.h>

#include "analysis/measurement_ids.hpp"
#include "reports/display_units.hpp"
#include "reports/not_measured.hpp"

namespace needlerig::reports {

std::string render_verdict_table(const rig::record::RunRecord& record) {
  std::string out;
  std::size_t counts[4] = {0, 0, 0, 0};  // by analysis::Verdict
  for (const auto& capture : record.captures) {
    out += fmt::format("plan {}, step {} (plan line {}): {}\n", record.plan_name, capture.step_name,
                       capture.plan_line, analysis::verdict_name(capture.verdict));
    constexpr auto kRow = "  {:<25}  {:>14}  {:<44}  {}\n";
    out += fmt::format(kRow, "measurement", "value", "limits", "verdict");
    for (const auto& m : capture.judged) {
      ++counts[static_cast<std::size_t>(m.verdict)];
      const auto value = m.value ? format_display_value(m.id, *m.value) : std::string("n/a");
      out += fmt::format(kRow, analysis::measurement_info(m.id).name, value,
                         format_display_limits(m.id, m.limits), analysis::verdict_name(m.verdict));
      if (!m.value && !m.error.empty()) out += fmt::format("  {:<25}  {}\n", "", m.error);
    }
  }
  // Planned steps the run never reached: counted, so that an early ERROR does not read as a run
  // with nothing to measure.
  const auto unmeasured = unmeasured_captures(record);
  for (const auto* planned : unmeasured) {
    out += fmt::format("plan {}, step {} (plan line {}): NOT MEASURED ({} measurements)\n",
                       record.plan_name, planned->step_name, planned->plan_line,
                       planned->measurements.size());
  }
  if (!unmeasured.empty()) out += fmt::format("  {}\n", not_measured_reason(record));
  const auto not_measured = not_measured_count(record);
  out += fmt::format("verdict: {} ({} PASS, {} MARGINAL, {} FAIL, {} ERROR{})\n",
                     analysis::verdict_name(record.verdict),
                     counts[static_cast<std::size_t>(analysis::Verdict::pass)],
                     counts[static_cast<std::size_t>(analysis::Verdict::marginal)],
                     counts[static_cast<std::size_t>(analysis::Verdict::fail)],
                     counts[static_cast<std::size_t>(analysis::Verdict::error)],
                     not_measured > 0 ? fmt::format(", {} not measured", not_measured) : "");
  return out;
}

}  // namespace needlerig::reports
