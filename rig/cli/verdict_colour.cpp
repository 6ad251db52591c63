#include "rig/cli/verdict_colour.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace needlerig::rig::cli {

bool colour_wanted(std::FILE* stream) {
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour != nullptr && *no_colour != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::strcmp(term, "dumb") == 0) return false;
  return isatty(fileno(stream)) != 0;
}

std::string in_verdict_colour(std::string_view text, analysis::Verdict verdict, bool colour) {
  if (!colour) return std::string(text);
  const char* sgr = "";
  switch (verdict) {
    case analysis::Verdict::pass:
      sgr = "\x1b[1;32m";
      break;
    case analysis::Verdict::marginal:
      sgr = "\x1b[1;33m";
      break;
    case analysis::Verdict::fail:
      sgr = "\x1b[1;31m";
      break;
    case analysis::Verdict::error:
      sgr = "\x1b[1;35m";
      break;
  }
  return sgr + std::string(text) + "\x1b[0m";
}

}  // namespace needlerig::rig::cli
