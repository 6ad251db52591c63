#pragma once
// The HTML report's one stylesheet, inline in the page: for the screen (readable from 800 px wide
// up: tables take the page's width and wrap their text, plots shrink to fit) and for print or PDF
// (every column on the page, no table row or plot split across pages, sections open).

#include <string_view>

namespace needlerig::reports {

std::string_view html_report_style();

}  // namespace needlerig::reports
