#include "analysis/data_finding.hpp"

#include <array>
#include <utility>

namespace needlerig::analysis {
namespace {
constexpr std::array<std::pair<FindingKind, std::string_view>, 9> kNames{{
    {FindingKind::non_finite, "non_finite"},
    {FindingKind::dropout, "dropout"},
    {FindingKind::time_not_increasing, "time_not_increasing"},
    {FindingKind::saturation, "saturation"},
    {FindingKind::stuck, "stuck"},
    {FindingKind::unparsable_number, "unparsable_number"},
    {FindingKind::truncated_line, "truncated_line"},
    {FindingKind::timebase_mismatch, "timebase_mismatch"},
    {FindingKind::mains_pickup, "mains_pickup"},
}};
}  // namespace

std::string_view finding_kind_name(FindingKind kind) {
  for (const auto& [k, name] : kNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<FindingKind> finding_kind_from_name(std::string_view name) {
  for (const auto& [k, n] : kNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

bool finding_spoils_channel(FindingKind kind) {
  // A lost last line loses one sample; mains pickup is taken out of the samples measured.
  return kind != FindingKind::truncated_line && kind != FindingKind::mains_pickup;
}

}  // namespace needlerig::analysis
