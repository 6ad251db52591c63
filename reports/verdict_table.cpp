#include "reports/verdict_table.hpp"

#include <fmt/format.h>

#include "analysis/measurement_ids.hpp"
#include "reports/display_units.hpp"

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
  out += fmt::format("verdict: {} ({} PASS, {} MARGINAL, {} FAIL, {} ERROR)\n",
                     analysis::verdict_name(record.verdict),
                     counts[static_cast<std::size_t>(analysis::Verdict::pass)],
                     counts[static_cast<std::size_t>(analysis::Verdict::marginal)],
                     counts[static_cast<std::size_t>(analysis::Verdict::fail)],
                     counts[static_cast<std::size_t>(analysis::Verdict::error)]);
  return out;
}

}  // namespace needlerig::reports
