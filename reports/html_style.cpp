#include "reports/html_style.hpp"

namespace needlerig::reports {

// Print: no paper size is forced (size: auto takes the printer's), and the content is laid out to
// fit both A4 and US Letter: 186 mm wide (A4's 210 mm less the margins; Letter is wider) with rows
// and plots kept whole (Letter is the shorter). Badges and row colours carry verdicts, so they are
// printed as shown (print-color-adjust), not dropped like ordinary backgrounds.
constexpr std::string_view kStyle = R"(
body { font-family: sans-serif; margin: 16px auto; padding: 0 16px; color: #222;
  max-width: 1100px; }
h1 { font-size: 20px; margin: 0 0 4px 0; }
h2 { font-size: 17px; margin-top: 32px; border-bottom: 2px solid #ccc; padding-bottom: 4px; }
h3 { font-size: 14px; margin: 18px 0 6px 0; }
table { border-collapse: collapse; margin: 6px 0 12px 0; font-size: 13px; width: 100%; }
th, td { border: 1px solid #d0d0d0; padding: 3px 6px; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
th { background: #f2f2f2; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.info th { width: 130px; }
table.info td { overflow-wrap: anywhere; }
.banner { padding: 14px 20px; border-radius: 6px; color: #fff; margin-bottom: 16px; }
.banner .verdict { font-size: 44px; font-weight: bold; letter-spacing: 2px; }
.banner .who { font-size: 16px; margin-top: 4px; }
.banner .why { font-size: 14px; margin-top: 10px; }
.banner ul { margin: 2px 0 0 0; padding-left: 22px; }
.v-PASS { background: #1b7f3b; } .v-MARGINAL { background: #b36b00; }
.v-FAIL { background: #b00020; } .v-ERROR { background: #6a1b9a; }
.v-NOT-MEASURED { background: #6b6b6b; }
span.badge { color: #fff; padding: 1px 8px; border-radius: 3px; font-weight: bold;
  font-size: 12px; white-space: nowrap; }
tr.row-MARGINAL td { background: #fff4e0; } tr.row-FAIL td { background: #fde8ea; }
tr.row-ERROR td { background: #f3e5f5; } tr.row-NOT-MEASURED td { background: #eee; color: #555; }
.note { color: #555; font-size: 12px; }
.hash { font-family: monospace; font-size: 11px; color: #555; word-break: break-all; }
.plots svg { display: block; margin: 8px 0; max-width: 100%; height: auto; }
details { margin: 8px 0; } summary { cursor: pointer; font-weight: bold; font-size: 13px; }
@media print {
  @page { size: auto; margin: 12mm; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  body { margin: 0; padding: 0 1px; max-width: none; }  /* 1 px: tables' right borders show */
  table { font-size: 10px; }
  .note, .hash { font-size: 9px; }
  thead { display: table-header-group; }
  tr, .plots svg, .banner, table.info, summary { break-inside: avoid; }
  h2, h3, summary { break-after: avoid; }
  summary { cursor: auto; list-style: none; }
}
)";

std::string_view html_report_style() { return kStyle; }

}  // namespace needlerig::reports
