#include "rig/cli/verdict_banner.hpp"

#include <array>
#include <map>
#include <string_view>

namespace needlerig::rig::cli {
namespace {

using Glyph = std::array<std::string_view, 5>;

const std::map<char, Glyph>& glyphs() {
  static const std::map<char, Glyph> kGlyphs{
      {'P', {"#### ", "#   #", "#### ", "#    ", "#    "}},
      {'A', {" ### ", "#   #", "#####", "#   #", "#   #"}},
      {'S', {" ####", "#    ", " ### ", "    #", "#### "}},
      {'F', {"#####", "#    ", "#### ", "#    ", "#    "}},
      {'I', {"#####", "  #  ", "  #  ", "  #  ", "#####"}},
      {'L', {"#    ", "#    ", "#    ", "#    ", "#####"}},
      {'E', {"#####", "#    ", "#### ", "#    ", "#####"}},
      {'R', {"#### ", "#   #", "#### ", "#  # ", "#   #"}},
      {'O', {" ### ", "#   #", "#   #", "#   #", " ### "}},
  };
  return kGlyphs;
}

}  // namespace

std::string render_verdict_banner(analysis::Verdict verdict) {
  const std::string_view word = verdict == analysis::Verdict::error  ? "ERROR"
                                : verdict == analysis::Verdict::fail ? "FAIL"
                                                                     : "PASS";
  std::string out;
  for (std::size_t row = 0; row < 5; ++row) {
    out += "    ";
    for (const char letter : word) {
      out += glyphs().at(letter)[row];
      out += "  ";
    }
    out += '\n';
  }
  return out;
}

}  // namespace needlerig::rig::cli
